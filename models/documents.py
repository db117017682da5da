"""Identity documents and person names: validation and one canonical stored form.

Pure functions, no database. A Chilean RUT is validated with python-stdnum (modulo 11) and
stored as ``12345678-5`` (body digits, hyphen, check digit with an upper-case ``K``); passports
and other documents are trimmed, spaces removed and upper-cased.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from stdnum.cl import rut as stdnum_rut
from stdnum.exceptions import ValidationError

from models.errors import DomainError


class DocumentType(StrEnum):
    RUT = "rut"
    PASSPORT = "pasaporte"
    OTHER = "otro"


DOCUMENT_LABELS: dict[DocumentType, str] = {
    DocumentType.RUT: "RUT",
    DocumentType.PASSPORT: "Pasaporte",
    DocumentType.OTHER: "Otro",
}

MAX_DOCUMENT_LENGTH = 20
MAX_NAME_LENGTH = 120
RUT_EXAMPLE = "12.345.678-5"


class DocumentError(StrEnum):
    EMPTY = "empty"
    BAD_RUT = "bad_rut"
    BAD_CHARACTERS = "bad_characters"
    TOO_LONG = "too_long"


class NameProblem(StrEnum):
    """Why a person's name is refused (not "NameError": that is a builtin)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"


class InvalidDocument(DomainError, ValueError):
    """A document number that cannot be stored; `reason` says why (for the Spanish message)."""

    def __init__(self, reason: DocumentError) -> None:
        super().__init__(reason.value)
        self.reason = reason


class InvalidName(DomainError, ValueError):
    """A person's name that cannot be stored; `reason` says why."""

    def __init__(self, reason: NameProblem) -> None:
        super().__init__(reason.value)
        self.reason = reason


# Hyphen look-alikes that phone keyboards and copy-paste produce.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u00b4`", "'"))
_ASCII_DIGITS = frozenset("0123456789")
_DOCUMENT_PUNCTUATION = frozenset("-. ")
_NAME_PUNCTUATION = frozenset("'-. ")
# A mistyped RUT (digits, optional dots/hyphen, digit or K at the end) is never a passport.
_RUT_SHAPED = re.compile(r"^[0-9.]+-?[0-9K]$")


def _collapse_spaces(raw: str) -> str:
    return " ".join(raw.split())


def _normalise_rut(raw: str) -> str:
    text = "".join(raw.translate(_DASHES).split())
    if not text:
        raise InvalidDocument(DocumentError.EMPTY)
    compact = stdnum_rut.compact(text).lstrip("0")
    try:
        stdnum_rut.validate(compact)
    except ValidationError as exc:
        raise InvalidDocument(DocumentError.BAD_RUT) from exc
    return f"{compact[:-1]}-{compact[-1]}"


def _normalise_other(raw: str) -> str:
    # Spaces are how people type a number, not part of it: "AB 123 456" is "AB123456".
    text = "".join(unicodedata.normalize("NFC", raw.translate(_DASHES)).split()).upper()
    if not text:
        raise InvalidDocument(DocumentError.EMPTY)
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise InvalidDocument(DocumentError.TOO_LONG)
    if not all(c.isalpha() or c in _ASCII_DIGITS or c in _DOCUMENT_PUNCTUATION for c in text):
        raise InvalidDocument(DocumentError.BAD_CHARACTERS)
    if not any(c.isalpha() or c in _ASCII_DIGITS for c in text):
        raise InvalidDocument(DocumentError.BAD_CHARACTERS)
    return text


def normalise_document(doc_type: DocumentType | str, raw: str) -> str:
    """The canonical stored form of a document number, or `InvalidDocument`.

    Idempotent: a canonical form normalises to itself.
    """
    if DocumentType(doc_type) is DocumentType.RUT:
        return _normalise_rut(raw)
    return _normalise_other(raw)


def format_rut(canonical: str) -> str:
    """``12345678-5`` → ``12.345.678-5`` for display; a non-RUT is returned unchanged."""
    try:
        return str(stdnum_rut.format(stdnum_rut.validate(canonical)))
    except ValidationError:
        return canonical


def format_document(doc_type: DocumentType | str, number: str) -> str:
    """A stored document number as people read it (dotted RUT, others unchanged)."""
    return format_rut(number) if DocumentType(doc_type) is DocumentType.RUT else number


def guess_document(raw: str) -> tuple[DocumentType, str] | None:
    """What a concierge most likely typed: a valid RUT, a passport number, or nothing usable.

    A string shaped like a RUT with a wrong check digit is *not* taken for a passport, so the
    concierge is told the RUT is invalid instead of "not in any list".
    """
    try:
        return DocumentType.RUT, _normalise_rut(raw)
    except InvalidDocument:
        pass
    compact = "".join(raw.split()).upper()
    if _RUT_SHAPED.match(compact.translate(_DASHES)):
        return None
    if len(raw.split()) > 1:
        # "Depto 101" or "hola 123456" is a sentence, not a passport typed at the gate.
        return None
    if not (6 <= len(compact) <= 12) or not compact.isascii() or not compact.isalnum():
        return None
    # A passport number is mostly digits: at least five, and at most three letters.
    digits = sum(c.isdigit() for c in compact)
    letters = len(compact) - digits
    if digits < 5 or not 1 <= letters <= 3:
        return None
    try:
        return DocumentType.PASSPORT, _normalise_other(raw)
    except InvalidDocument:
        return None


def validate_person_name(raw: str) -> str:
    """A person's full name with spaces collapsed, or `InvalidName`.

    Letters (accents and ñ included), spaces, apostrophes, hyphens and dots only; at most
    120 characters; at least one letter. Typographic apostrophes become ``'``.
    """
    text = _collapse_spaces(unicodedata.normalize("NFC", raw).translate(_APOSTROPHES))
    text = text.translate(_DASHES)
    if not text:
        raise InvalidName(NameProblem.EMPTY)
    if len(text) > MAX_NAME_LENGTH:
        raise InvalidName(NameProblem.TOO_LONG)
    if not all(c.isalpha() or c in _NAME_PUNCTUATION for c in text):
        raise InvalidName(NameProblem.BAD_CHARACTERS)
    if not any(c.isalpha() for c in text):
        raise InvalidName(NameProblem.BAD_CHARACTERS)
    return text
