"""Every domain refusal is a `DomainError` with a stable code; the chat layer words it."""

from __future__ import annotations

import pytest

from models.access import AccessError, CommunityNotFound, EntryNotFound
from models.correspondence import CorrespondenceRefused, Refusal
from models.documents import DocumentError, InvalidDocument, InvalidName, NameProblem
from models.errors import DomainError, PropertyNotFound, PropertyNotInCommunity
from models.images import ImageRefusal, LogoRefused
from models.logos import LogoOwnerMismatch
from models.mobile import InvalidMobile, MobileError
from models.permissions import Decision, Denial, NotAllowed
from models.property_file import FileProblem, ImportRefused
from models.residents import ResidentError, ResidentErrorReason
from models.sms import BundleUnavailable, LedgerBusy, SmsError
from models.staff import StaffError, StaffErrorReason

REFUSALS: list[DomainError] = [
    EntryNotFound(1),
    PropertyNotFound(2),
    PropertyNotInCommunity(3),
    CommunityNotFound(4),
    CorrespondenceRefused(Refusal.UNKNOWN_CODE),
    InvalidDocument(DocumentError.EMPTY),
    InvalidName(NameProblem.EMPTY),
    LogoRefused(ImageRefusal.TOO_HEAVY),
    LogoOwnerMismatch("a community logo is changed from its own community"),
    InvalidMobile(MobileError.FOREIGN),
    NotAllowed(Decision(False, Denial.SCOPE)),
    ImportRefused(FileProblem.TOO_LARGE, size=10, limit=5),
    ResidentError(ResidentErrorReason.INVALID_EMAIL),
    SmsError("sms"),
    BundleUnavailable(),
    LedgerBusy("spend 'x': gave up"),
    StaffError(StaffErrorReason.INVALID_NAME, "first_name"),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: type(r).__name__)
def test_every_refusal_is_a_domain_error_with_a_code(refusal: DomainError) -> None:
    assert isinstance(refusal, DomainError)
    assert isinstance(refusal.code, str)
    assert refusal.code


def test_codes_are_the_stable_reason_values() -> None:
    staff = StaffError(StaffErrorReason.INVALID_NAME, "first_name")
    assert (staff.code, staff.data, staff.reason, staff.field) == (
        "invalid_name",
        {"field": "first_name"},
        StaffErrorReason.INVALID_NAME,
        "first_name",
    )
    assert BundleUnavailable().code == "bundle_unavailable"
    assert NotAllowed(Decision(False, Denial.READ_ONLY)).code == "read_only"
    assert EntryNotFound(7).data == {"entry_id": 7}
    assert issubclass(EntryNotFound, AccessError)


def test_builtin_bases_still_catch_them() -> None:
    assert isinstance(InvalidDocument(DocumentError.EMPTY), ValueError)
    assert isinstance(InvalidName(NameProblem.EMPTY), ValueError)
    assert isinstance(InvalidMobile(MobileError.EMPTY), ValueError)
    assert isinstance(LogoRefused(ImageRefusal.EMPTY), ValueError)
    assert isinstance(PropertyNotFound(1), LookupError)
