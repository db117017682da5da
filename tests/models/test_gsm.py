"""GSM-7: transliteration for SMS, the alphabet check and segment counting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.gsm import gsm7_septets, is_gsm7, segments, to_gsm7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Llegó", "Llego"),
        ("Ñuñoa", "Nunoa"),
        ("Código de retiro", "Codigo de retiro"),
        ("¿Llegó? ¡Sí!", "Llego? Si!"),
        ("“hola” ‘chao’", "\"hola\" 'chao'"),
        ("Depto N° 101", "Depto No 101"),
        ("Müller Ærø", "Muller AEro"),
        ("Paquete 📦 listo", "Paquete listo"),
        ("Paquete 📦.", "Paquete."),
        ("fin…", "fin..."),
        ("a – b — c", "a - b - c"),
        ("Straße", "Strasse"),
        ("ÁÉÍÓÚ áéíóú ü Ü ç", "AEIOU aeiou u U c"),
        ("línea 1\r\nlínea 2", "linea 1\nlinea 2"),
        ("100€", "100EUR"),
        ("comilla `rara`", "comilla 'rara'"),
        ("  espacios   de   más  ", "espacios de mas"),
        ("中文", ""),
    ],
)
def test_to_gsm7_transliterates_for_sms(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected
    assert is_gsm7(to_gsm7(text))


def test_to_gsm7_keeps_plain_ascii_and_extension_characters() -> None:
    text = "Codigo [A1] {x} ~ ^ | \\ @ $ _ #%&*+=<>"
    assert to_gsm7(text) == text


@given(st.text(max_size=300))
def test_to_gsm7_always_yields_gsm7(text: str) -> None:
    assert is_gsm7(to_gsm7(text))


def test_is_gsm7() -> None:
    assert is_gsm7("Hola, llego tu paquete.")
    assert is_gsm7("ñ é ü ¿ ¡ £ € {}")  # in the alphabet, though `to_gsm7` spells them plainly
    assert not is_gsm7("á")  # á is not GSM-7 (à is)
    assert not is_gsm7("📦")
    assert not is_gsm7("`")


def test_septets_count_extension_characters_double() -> None:
    assert gsm7_septets("abc") == 3
    assert gsm7_septets("a{b}") == 6
    assert gsm7_septets("€") == 2
    with pytest.raises(ValueError, match="not GSM-7"):
        gsm7_septets("📦")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # 160 septets
        ("€" * 81, 2),
        ("a" * 158 + "{", 1),  # exactly 160 septets
        ("a" * 159 + "{", 2),  # 161 septets
        # 152 + an extension character (2 septets) does not fit in a 153-septet part: the
        # character moves whole to the next part.
        ("a" * 152 + "{" + "a" * 152, 3),
        ("a" * 151 + "{" + "a" * 153, 2),
        ("á" * 70, 1),  # UCS-2
        ("á" * 71, 2),
        ("á" * 134, 2),
        ("á" * 135, 3),
        ("😀" * 35, 1),  # two UTF-16 units each
        ("😀" * 36, 2),
        ("a" * 66 + "😀" + "a" * 66 + "x", 3),  # the emoji is not split between parts
    ],
)
def test_segments(text: str, expected: int) -> None:
    assert segments(text) == expected
