"""Document numbers and person names: validation and the canonical stored form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cl import rut as stdnum_rut

from models.documents import (
    DOCUMENT_LABELS,
    DocumentError,
    DocumentType,
    InvalidDocument,
    InvalidName,
    NameProblem,
    format_document,
    format_rut,
    guess_document,
    normalise_document,
    validate_person_name,
)


def _k_rut_body() -> str:
    """The first 7-digit body whose check digit is K (so the test never hard-codes one)."""
    for body in range(7_654_321, 7_654_421):
        if stdnum_rut.calc_check_digit(str(body)) == "K":
            return str(body)
    raise AssertionError("no K check digit in range")


K_BODY = _k_rut_body()


def _reason(doc_type: DocumentType, raw: str) -> DocumentError:
    with pytest.raises(InvalidDocument) as excinfo:
        normalise_document(doc_type, raw)
    return excinfo.value.reason


def test_labels_are_spanish() -> None:
    assert DOCUMENT_LABELS == {
        DocumentType.RUT: "RUT",
        DocumentType.PASSPORT: "Pasaporte",
        DocumentType.OTHER: "Otro",
    }
    assert DocumentType("pasaporte") is DocumentType.PASSPORT


@pytest.mark.parametrize(
    "raw",
    ["12.345.678-5", "12345678-5", "123456785", " 12.345.678-5 ", "12 345 678 5", "12.345.678–5"],
)
def test_rut_forms_are_equivalent(raw: str) -> None:
    assert normalise_document(DocumentType.RUT, raw) == "12345678-5"


@pytest.mark.parametrize("form", ["{b}-K", "{b}k", "{b}-k", "{dotted}-k", " {b} K "])
def test_rut_with_k_check_digit_is_upper_case(form: str) -> None:
    dotted = f"{K_BODY[0]}.{K_BODY[1:4]}.{K_BODY[4:]}"
    raw = form.format(b=K_BODY, dotted=dotted)
    assert normalise_document(DocumentType.RUT, raw) == f"{K_BODY}-K"


def test_rut_normalisation_is_idempotent() -> None:
    canonical = normalise_document("rut", "12.345.678-5")
    assert normalise_document("rut", canonical) == canonical


@pytest.mark.parametrize("raw", ["12.345.678-9", "12345678-K", "123456789"])
def test_rut_with_wrong_check_digit_is_refused(raw: str) -> None:
    assert _reason(DocumentType.RUT, raw) is DocumentError.BAD_RUT


@pytest.mark.parametrize("raw", ["12a45678-5", "abc", "12.345.678-5!", "1-9", "1234567890123"])
def test_rut_with_letters_symbols_or_bad_length_is_refused(raw: str) -> None:
    assert _reason(DocumentType.RUT, raw) is DocumentError.BAD_RUT


@pytest.mark.parametrize("doc_type", list(DocumentType))
@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_empty_document_is_refused(doc_type: DocumentType, raw: str) -> None:
    assert _reason(doc_type, raw) is DocumentError.EMPTY


@pytest.mark.parametrize("doc_type", [DocumentType.PASSPORT, DocumentType.OTHER])
def test_passport_and_other_are_trimmed_spaceless_and_upper_cased(doc_type: DocumentType) -> None:
    assert normalise_document(doc_type, "  ab123456 ") == "AB123456"
    assert normalise_document(doc_type, "x  12.3-4") == "X12.3-4"
    assert normalise_document(doc_type, "AB 123 456") == normalise_document(doc_type, "AB123456")
    assert normalise_document(doc_type, "ñ99") == "Ñ99"


@pytest.mark.parametrize("raw", ["AB#123", "AB/123", "A_1", "12@4", "--..", "١٢٣"])
def test_passport_with_symbols_is_refused(raw: str) -> None:
    assert _reason(DocumentType.PASSPORT, raw) is DocumentError.BAD_CHARACTERS


def test_passport_too_long_is_refused() -> None:
    assert normalise_document(DocumentType.PASSPORT, "A" * 20) == "A" * 20
    assert _reason(DocumentType.PASSPORT, "A" * 21) is DocumentError.TOO_LONG
    assert _reason(DocumentType.OTHER, "1234567890 12345678901") is DocumentError.TOO_LONG
    assert (
        normalise_document(DocumentType.OTHER, "1234567890 1234567890") == "12345678901234567890"
    )


def test_format_rut_for_display() -> None:
    assert format_rut("12345678-5") == "12.345.678-5"
    assert format_rut(f"{K_BODY}-K") == f"{K_BODY[0]}.{K_BODY[1:4]}.{K_BODY[4:]}-K"
    assert format_rut("not a rut") == "not a rut"
    assert format_document(DocumentType.RUT, "12345678-5") == "12.345.678-5"
    assert format_document(DocumentType.PASSPORT, "AB123456") == "AB123456"


@given(body=st.integers(min_value=1_000_000, max_value=99_999_999), dots=st.booleans())
def test_any_valid_rut_round_trips(body: int, dots: bool) -> None:
    check = stdnum_rut.calc_check_digit(str(body))
    canonical = f"{body}-{check}"
    typed = format_rut(canonical) if dots else f"{body}{check.lower()}"
    assert normalise_document(DocumentType.RUT, typed) == canonical
    assert normalise_document(DocumentType.RUT, format_rut(canonical)) == canonical


@given(body=st.integers(min_value=1_000_000, max_value=99_999_999))
def test_every_wrong_check_digit_is_refused(body: int) -> None:
    good = stdnum_rut.calc_check_digit(str(body))
    for check in "0123456789K":
        if check != good:
            assert _reason(DocumentType.RUT, f"{body}-{check}") is DocumentError.BAD_RUT


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.345.678-5", (DocumentType.RUT, "12345678-5")),
        ("123456785", (DocumentType.RUT, "12345678-5")),
        ("p1234567", (DocumentType.PASSPORT, "P1234567")),
        (" AB123456 ", (DocumentType.PASSPORT, "AB123456")),
        ("12.345.678-9", None),  # a mistyped RUT is not a passport
        ("1234567K", None),
        ("123456789", None),
        ("hola", None),
        ("AB12", None),  # too short
        ("ABCDEF1234567", None),  # too long
        ("ABCDEFGH", None),  # no digits
        ("Depto 101", None),  # a property, not a passport
        ("hola123", None),  # a word, not a passport
        ("F12345678", (DocumentType.PASSPORT, "F12345678")),
        ("AB#12345", None),
        ("", None),
    ],
)
def test_guess_document(raw: str, expected: tuple[DocumentType, str] | None) -> None:
    assert guess_document(raw) == expected


def test_guess_document_recognises_a_k_rut() -> None:
    assert guess_document(f"{K_BODY}k") == (DocumentType.RUT, f"{K_BODY}-K")


def _name_reason(raw: str) -> NameProblem:
    with pytest.raises(InvalidName) as excinfo:
        validate_person_name(raw)
    return excinfo.value.reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Juana Pérez", "Juana Pérez"),
        ("  José   Ñuñez  Muñoz ", "José Ñuñez Muñoz"),
        ("Bernardo O'Higgins", "Bernardo O'Higgins"),
        ("Bernardo O’Higgins", "Bernardo O'Higgins"),
        ("María-José Sta. Cruz", "María-José Sta. Cruz"),
        ("Ü" * 120, "Ü" * 120),
    ],
)
def test_valid_names(raw: str, expected: str) -> None:
    assert validate_person_name(raw) == expected


def test_name_with_combining_accent_is_composed() -> None:
    assert validate_person_name("Jose\u0301") == "José"


@pytest.mark.parametrize("raw", ["", "   ", "\n"])
def test_empty_name_is_refused(raw: str) -> None:
    assert _name_reason(raw) is NameProblem.EMPTY


def test_name_longer_than_120_is_refused() -> None:
    assert _name_reason("a" * 121) is NameProblem.TOO_LONG


@pytest.mark.parametrize("raw", ["Juana 2", "R2D2", "Juana@Pérez", "Juan_Pérez", "😀", "- . '"])
def test_name_with_digits_or_symbols_is_refused(raw: str) -> None:
    assert _name_reason(raw) is NameProblem.BAD_CHARACTERS
