"""GSM-7 for SMS: what fits in one segment, and turning Spanish text into plain SMS text.

One SMS of balance is one segment sent (SPEC §4.5): GSM-7 text takes 160 septets in a single
segment and 153 per part when concatenated; anything outside GSM-7 makes the whole message UCS-2
(70 / 67 UTF-16 units). Characters of the GSM-7 extension table (``^{}\\[~]|€`` and form feed)
take two septets (an escape and the character), and a part never ends in the middle of one.

`to_gsm7` is for SMS only: e-mails and chat notices keep their accents. It keeps ASCII (the
plain letters every handset shows the same) and transliterates the rest: ``á → a``, ``ñ → n``,
``“ ” → "``, ``¿ ¡`` dropped, emojis removed.
"""

from __future__ import annotations

import re
import unicodedata

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE_GSM7 = 160
PART_GSM7 = 153
SINGLE_UCS2 = 70
PART_UCS2 = 67

# Characters NFKD cannot take apart into ASCII, or that we prefer spelled another way.
_TRANSLITERATIONS: dict[str, str] = {
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "`": "'",
    "´": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "…": "...",
    "•": "-",
    "·": "-",
    "°": "o",
    "¿": "",
    "¡": "",
    "ß": "ss",
    "Æ": "AE",
    "æ": "ae",
    "Ø": "O",
    "ø": "o",
    "Œ": "OE",
    "œ": "oe",
    "Đ": "D",
    "đ": "d",
    "Ł": "L",
    "ł": "l",
    "\u00a0": " ",
    "\t": " ",
    "€": "EUR",
}
_SPACES = re.compile(r"[ ]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:!?)])")


def _transliterate_char(char: str) -> str:
    if char in _TRANSLITERATIONS:
        return _TRANSLITERATIONS[char]
    if char == "\n" or (" " <= char <= "~"):
        return char
    # "á" → "a" + combining accent; "ª" → "a"; keep only what is plain ASCII afterwards.
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if " " <= c <= "~")


def to_gsm7(text: str) -> str:
    """The text an SMS carries: plain ASCII within GSM-7, accents and ñ transliterated.

    Emojis and other symbols without a plain spelling are dropped; the spaces they leave are
    collapsed. The result always satisfies `is_gsm7`.
    """
    out = "".join(_transliterate_char(c) for c in text.replace("\r\n", "\n"))
    lines = [
        _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in out.split("\n")
    ]
    return "\n".join(lines).strip()


def is_gsm7(text: str) -> bool:
    """Every character is in the GSM-7 default alphabet or its extension table."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def gsm7_septets(text: str) -> int:
    """Septets `text` takes in GSM-7 (extension characters count double); text must be GSM-7."""
    if not is_gsm7(text):
        raise ValueError("text is not GSM-7")
    return sum(2 if c in GSM7_EXTENSION else 1 for c in text)


def _parts(units: list[int], per_part: int) -> int:
    """Parts needed when no character (its `units`) may be split across two parts."""
    parts, used = 1, 0
    for size in units:
        if used + size > per_part:
            parts += 1
            used = 0
        used += size
    return parts


def segments(text: str) -> int:
    """How many SMS segments `text` is sent as (an empty text still counts as one).

    GSM-7: 160 septets in one, 153 per part; otherwise UCS-2: 70 UTF-16 units in one, 67 per
    part (a character outside the Basic Multilingual Plane takes two and is never split).
    """
    if is_gsm7(text):
        units = [2 if c in GSM7_EXTENSION else 1 for c in text]
        single, per_part = SINGLE_GSM7, PART_GSM7
    else:
        units = [len(c.encode("utf-16-le")) // 2 for c in text]
        single, per_part = SINGLE_UCS2, PART_UCS2
    total = sum(units)
    if total <= single:
        return 1
    return _parts(units, per_part)
