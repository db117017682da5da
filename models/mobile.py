"""A property's mobile number for correspondence SMS (seed: "Ingresar número de celular").

One Chilean mobile per property, stored as E.164 (``+569XXXXXXXX``). People type it in many
ways (``9 6123 4567``, ``+56 9 6123 4567``, ``961234567``, ``56961234567``, with dots or
dashes); `parse_chilean_mobile` accepts those and refuses landlines, foreign numbers, ranges
that do not exist and anything else, with a reason. The same number may sit on several
properties (an owner with two units wants both notices).

`phonenumbers` reports every Chilean number as FIXED_LINE_OR_MOBILE, landlines too, so a mobile
is a *valid* Chilean number whose national number has 9 digits and starts with 9.
"""

from __future__ import annotations

import builtins
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers
from tortoise.transactions import in_transaction

from models import audit
from models.core import Community, Property, StaffUser
from models.errors import DomainError, PropertyNotFound
from models.permissions import Action, require

log = logging.getLogger(__name__)

REGION = "CL"
COUNTRY_CODE = 56
MAX_INPUT_LENGTH = 40
EXAMPLE = "9 6123 4567"
"""A valid mobile to show people (``+56 9 1234 5678`` is an unallocated range)."""

_ALLOWED = re.compile(r"^[\d\s+().\-]+$")


class MobileError(StrEnum):
    """Why a typed number cannot be a property's mobile."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    FOREIGN = "foreign"
    LANDLINE = "landline"
    INVALID = "invalid"


class InvalidMobile(DomainError, ValueError):
    """A typed number that cannot be a property's mobile; `reason` says why."""

    def __init__(self, reason: MobileError) -> None:
        super().__init__(reason.value)
        self.reason = reason


def parse_chilean_mobile(raw: str | None) -> str:
    """The E.164 form (``+56961234567``) of a Chilean mobile typed any usual way.

    Raises `InvalidMobile` with the reason otherwise.
    """
    text = " ".join((raw or "").split())
    if not text:
        raise InvalidMobile(MobileError.EMPTY)
    if len(text) > MAX_INPUT_LENGTH or not _ALLOWED.match(text) or "+" in text[1:]:
        raise InvalidMobile(MobileError.NOT_A_NUMBER)
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as exc:
        raise InvalidMobile(MobileError.NOT_A_NUMBER) from exc
    if number.country_code != COUNTRY_CODE:
        raise InvalidMobile(MobileError.FOREIGN)
    national = str(number.national_number)
    looks_mobile = len(national) == 9 and national.startswith("9")
    if not phonenumbers.is_valid_number(number):
        raise InvalidMobile(MobileError.INVALID)
    if not looks_mobile:
        raise InvalidMobile(MobileError.LANDLINE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_mobile(e164: str) -> str:
    """``+56961234567`` → ``+56 9 6123 4567`` (as stored if it cannot be read)."""
    try:
        number = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@dataclass(frozen=True, slots=True)
class MobileChange:
    property: Property
    before: str | None
    after: str | None

    @builtins.property  # the field above is named `property`
    def changed(self) -> bool:
        return self.before != self.after


async def _property_for_change(
    actor: StaffUser, property_id: int, expected_community_ids: Collection[int]
) -> Property:
    """The property, locked for the change, if it is in the expected communities and the
    actor may manage mobiles there (`NotAllowed` otherwise)."""
    prop = (
        await Property.filter(id=property_id, community_id__in=list(expected_community_ids))
        .select_for_update()
        .first()
        if expected_community_ids
        else None
    )
    if prop is None:
        raise PropertyNotFound(property_id)
    await require(actor, Action.MANAGE_MOBILES, prop.community_id)
    return prop


async def _save(actor: StaffUser, prop: Property, mobile: str | None, action: str) -> MobileChange:
    before = prop.mobile
    if before != mobile:
        await Property.filter(id=prop.id).update(mobile=mobile)
        prop.mobile = mobile
        community = await Community.get(id=prop.community_id)
        await audit.record(
            actor=actor,
            action=action,
            object_type="property",
            object_id=prop.id,
            before={"property": prop.name, "mobile": before},
            after={"property": prop.name, "mobile": mobile},
            administration_id=community.administration_id,
            community_id=prop.community_id,
        )
        log.info("mobile: %s on property %s by staff %s", action, prop.id, actor.id)
    return MobileChange(property=prop, before=before, after=mobile)


async def set_mobile(
    actor: StaffUser,
    property_id: int,
    raw: str,
    *,
    expected_community_ids: Collection[int],
) -> MobileChange:
    """Add or replace the property's mobile (audited); the same number may be elsewhere too.

    Raises `InvalidMobile`, `PropertyNotFound` or `models.permissions.NotAllowed`; on any of
    them nothing changes.
    """
    mobile = parse_chilean_mobile(raw)
    async with in_transaction():
        prop = await _property_for_change(actor, property_id, expected_community_ids)
        return await _save(actor, prop, mobile, "property.mobile_set")


async def delete_mobile(
    actor: StaffUser, property_id: int, *, expected_community_ids: Collection[int]
) -> MobileChange:
    """Remove the property's mobile (audited); no SMS go to it afterwards."""
    async with in_transaction():
        prop = await _property_for_change(actor, property_id, expected_community_ids)
        return await _save(actor, prop, None, "property.mobile_delete")
