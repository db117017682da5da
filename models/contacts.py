"""Contacts and «Mostrar» (seed 001 "Crear contactos", "informar … los datos de contacto").

A contact is who attends residents' requests: a name and at least an e-mail or a phone. It
belongs to one administración. A community has at most one contact; a contact serves any
number of communities; associating and dissociating may be done any number of times, and
replacing a community's contact by another is an explicit choice (`replace=True`).
«Mostrar» is per community and only possible while it has a contact: when on, every resident
e-mail of the community carries the contact block (`models.branding`).

Authorization (the one table in `models.permissions`):
- seeing contacts needs VIEW_CONTACTS (administration-wide for the list, per community for
  what each community shows);
- associate, dissociate and «Mostrar» need MANAGE_CONTACTS in that community;
- creating a contact needs MANAGE_CONTACTS administration-wide;
- editing or deleting a contact needs it administration-wide *and* in every community the
  contact is associated with: what residents of a community read is changed only by someone
  who manages that community.

Everything stays inside the actor's administración; a deleted community is invisible (it is
in nobody's scope). A contact or community outside reach is reported as not found.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from tortoise.transactions import in_transaction

from models import audit
from models.core import Community, Contact, StaffUser
from models.errors import DomainError
from models.identity import staff_communities
from models.pages import Page
from models.permissions import (
    Action,
    Decision,
    Denial,
    authorize,
    authorize_administration,
    community_ids_in_scope,
)

log = logging.getLogger(__name__)

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_INPUT_MAX = 40
QUERY_MAX = 60
DEFAULT_PAGE_SIZE = 8
REGION = "CL"
COUNTRY_CODE = 56


class ContactErrorReason(StrEnum):
    """Why a contacts operation was refused; the chat layer says it in Spanish."""

    NOT_ALLOWED = "not_allowed"  # the actor's profile (or role) does not allow it
    READ_ONLY = "read_only"  # a test user
    NOT_FOUND = "not_found"  # no such contact in the actor's administración
    COMMUNITY_NOT_FOUND = "community_not_found"  # not one of the actor's (or deleted)
    OUTSIDE_SCOPE = "outside_scope"  # associated with a community the actor does not manage
    INVALID_NAME = "invalid_name"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    NO_CHANNEL = "no_channel"  # neither e-mail nor phone
    COMMUNITY_TAKEN = "community_taken"  # the community has another contact (replace it?)
    NOT_ASSOCIATED = "not_associated"  # dissociating a contact the community does not have
    NO_CONTACT = "no_contact"  # «Mostrar» in a community without a contact


class ContactError(DomainError):
    """A refused contacts operation; `field` names the input at fault, when there is one."""

    def __init__(
        self,
        reason: ContactErrorReason,
        field: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        values = dict(data or {})
        if field is not None:
            values["field"] = field
        super().__init__(reason.value, values)
        self.reason = reason
        self.field = field


@dataclass(frozen=True, slots=True)
class CommunityRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A contact as the list and the card show it.

    `communities` are those the actor sees (its scope); `others` counts the rest, which the
    actor may not see by name but which stop it from editing or deleting the contact."""

    id: int
    name: str
    email: str | None
    phone: str | None
    communities: tuple[CommunityRef, ...]
    others: int


@dataclass(frozen=True, slots=True)
class CommunityContact:
    """A community with its contact and «Mostrar», as the association screens show it."""

    id: int
    name: str
    contact_id: int | None
    contact_name: str | None
    show_contact: bool
    manageable: bool  # the actor may associate, dissociate and toggle «Mostrar» here


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """A contact's validated fields."""

    name: str
    email: str | None
    phone: str | None


# --- validation ------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching and sorting ("Díaz" ≡ "diaz")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean_name(value: str | None) -> str:
    """A contact's name: any printable text (it may be "Mesa de ayuda"), ≤ 200 characters."""
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if not name or len(name) > NAME_MAX or not any(c.isalnum() for c in name):
        raise ContactError(ContactErrorReason.INVALID_NAME, "name")
    return name


def clean_email(value: str | None) -> str | None:
    """A syntactically valid address (no DNS lookup), lower-cased; blank means none."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise ContactError(ContactErrorReason.INVALID_EMAIL, "email") from exc
    email = result.normalized.lower()
    if len(email) > EMAIL_MAX:
        raise ContactError(ContactErrorReason.INVALID_EMAIL, "email")
    return email


def parse_chilean_phone(value: str | None) -> str | None:
    """Any Chilean phone, landline or mobile, typed any usual way, as E.164; blank means none.

    ``2 2123 4567``, ``+56 2 2123 4567``, ``9 6123 4567``… are accepted; a foreign number, a
    range that does not exist or anything else is refused (`INVALID_PHONE`)."""
    text = " ".join((value or "").split())
    if not text:
        return None
    if len(text) > PHONE_INPUT_MAX or any(not (c.isdigit() or c in " +().-") for c in text):
        raise ContactError(ContactErrorReason.INVALID_PHONE, "phone")
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as exc:
        raise ContactError(ContactErrorReason.INVALID_PHONE, "phone") from exc
    if number.country_code != COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        raise ContactError(ContactErrorReason.INVALID_PHONE, "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """``+56221234567`` → ``+56 2 2123 4567`` (as stored if it cannot be read)."""
    try:
        number = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_contact(name: str | None, email: str | None, phone: str | None) -> ContactDraft:
    """The three fields validated; at least an e-mail or a phone (seed: "al menos")."""
    draft = ContactDraft(clean_name(name), clean_email(email), parse_chilean_phone(phone))
    if draft.email is None and draft.phone is None:
        raise ContactError(ContactErrorReason.NO_CHANNEL)
    return draft


def clean_query(value: str | None) -> str | None:
    text = " ".join((value or "").split())[:QUERY_MAX]
    return text or None


# --- authorization helpers -------------------------------------------------------------------


def _refusal(decision: Decision) -> ContactError:
    if decision.reason is Denial.READ_ONLY:
        return ContactError(ContactErrorReason.READ_ONLY)
    return ContactError(ContactErrorReason.NOT_ALLOWED)


async def _require_administration(actor: StaffUser, action: Action) -> None:
    decision = await authorize_administration(actor, action)
    if not decision:
        raise _refusal(decision)


async def _community_for(actor: StaffUser, community_id: int, action: Action) -> Community:
    """The community, locked for the change, once the actor may do `action` there.

    Another administración's community, a deleted one or one outside the actor's scope is
    not found (nothing about it is revealed); a test user is told it may only look."""
    community = (
        await Community.filter(
            id=community_id, administration_id=actor.administration_id, deleted_at=None
        )
        .select_for_update()
        .first()
    )
    if community is None or community.id not in await community_ids_in_scope(actor):
        raise ContactError(ContactErrorReason.COMMUNITY_NOT_FOUND)
    decision = await authorize(actor, action, community.id)
    if not decision:
        raise _refusal(decision)
    return community


async def _contact_for(actor: StaffUser, contact_id: int, *, lock: bool = False) -> Contact:
    query = Contact.filter(id=contact_id, administration_id=actor.administration_id)
    contact = await (query.select_for_update() if lock else query).first()
    if contact is None:
        raise ContactError(ContactErrorReason.NOT_FOUND)
    return contact


async def _associated(contact_id: int) -> list[Community]:
    """The live communities the contact is associated with, by name."""
    return await Community.filter(contact_id=contact_id, deleted_at=None).order_by("name")


async def _require_all_communities(actor: StaffUser, communities: Sequence[Community]) -> None:
    """MANAGE_CONTACTS administration-wide and in every one of `communities`."""
    await _require_administration(actor, Action.MANAGE_CONTACTS)
    for community in communities:
        decision = await authorize(actor, Action.MANAGE_CONTACTS, community.id)
        if not decision:
            if decision.reason is Denial.READ_ONLY:
                raise _refusal(decision)
            raise ContactError(ContactErrorReason.OUTSIDE_SCOPE)


# --- reading ---------------------------------------------------------------------------------


async def _rows(actor: StaffUser, contacts: Sequence[Contact]) -> list[ContactRow]:
    scope = await community_ids_in_scope(actor)
    ids = [c.id for c in contacts]
    linked = (
        await Community.filter(contact_id__in=ids, deleted_at=None).order_by("name") if ids else []
    )
    rows = []
    for contact in contacts:
        mine = [c for c in linked if c.contact_id == contact.id]
        seen = tuple(CommunityRef(c.id, c.name) for c in mine if c.id in scope)
        rows.append(
            ContactRow(
                id=contact.id,
                name=contact.name,
                email=contact.email,
                phone=contact.phone,
                communities=seen,
                others=len(mine) - len(seen),
            )
        )
    return rows


def _matches(row: ContactRow, words: Sequence[str]) -> bool:
    haystack = fold(f"{row.name} {row.email or ''} {row.phone or ''}")
    return all(word in haystack for word in words)


async def list_contacts(
    actor: StaffUser,
    *,
    query: str | None = None,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[ContactRow]:
    """The administración's contacts by name; every word of `query` must appear in the name,
    e-mail or phone (case and accents ignored). A page past the end shows the last one."""
    await _require_administration(actor, Action.VIEW_CONTACTS)
    if page_size < 1:
        raise ValueError("page_size must be positive")
    contacts = await Contact.filter(administration_id=actor.administration_id)
    words = fold(query or "").split()
    rows = [r for r in await _rows(actor, contacts) if not words or _matches(r, words)]
    rows.sort(key=lambda r: (fold(r.name), r.id))
    total = len(rows)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    return Page(rows[page * page_size : (page + 1) * page_size], page, pages, total)


async def get_contact(actor: StaffUser, contact_id: int) -> ContactRow:
    """One contact of the actor's administración (`NOT_FOUND` otherwise)."""
    await _require_administration(actor, Action.VIEW_CONTACTS)
    contact = await _contact_for(actor, contact_id)
    return (await _rows(actor, [contact]))[0]


async def may_change(actor: StaffUser, contact_id: int) -> bool:
    """Whether the actor may edit or delete this contact (for the card's buttons)."""
    try:
        contact = await _contact_for(actor, contact_id)
        await _require_all_communities(actor, await _associated(contact.id))
    except ContactError:
        return False
    return True


async def community_contacts(actor: StaffUser) -> list[CommunityContact]:
    """The actor's communities (where it may see contacts) with their contact and «Mostrar»."""
    communities = await staff_communities(actor)
    contact_ids = {c.contact_id for c in communities if c.contact_id is not None}
    names = (
        dict(await Contact.filter(id__in=list(contact_ids)).values_list("id", "name"))
        if contact_ids
        else {}
    )
    rows = []
    for community in communities:
        if not await authorize(actor, Action.VIEW_CONTACTS, community.id, quiet=True):
            continue
        manageable = bool(await authorize(actor, Action.MANAGE_CONTACTS, community.id, quiet=True))
        rows.append(
            CommunityContact(
                id=community.id,
                name=community.name,
                contact_id=community.contact_id,
                contact_name=names.get(community.contact_id) if community.contact_id else None,
                show_contact=community.show_contact and community.contact_id is not None,
                manageable=manageable,
            )
        )
    return rows


# --- changing a contact ----------------------------------------------------------------------


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {"name": contact.name, "email": contact.email, "phone": contact.phone}


async def create_contact(
    actor: StaffUser, *, name: str | None, email: str | None, phone: str | None
) -> Contact:
    """Create a contact of the actor's administración (audited)."""
    await _require_administration(actor, Action.MANAGE_CONTACTS)
    draft = clean_contact(name, email, phone)
    async with in_transaction():
        contact = await Contact.create(
            administration_id=actor.administration_id,
            name=draft.name,
            email=draft.email,
            phone=draft.phone,
        )
        await audit.record(
            actor=actor,
            action="contact.create",
            object_type="contact",
            object_id=contact.id,
            after=_snapshot(contact),
        )
    log.info("contacts: contact %s created by staff %s", contact.id, actor.id)
    return contact


async def edit_contact(
    actor: StaffUser,
    contact_id: int,
    *,
    name: str | None,
    email: str | None,
    phone: str | None,
) -> Contact:
    """Replace the contact's fields (audited, before and after).

    Needs MANAGE_CONTACTS in every community the contact is associated with."""
    draft = clean_contact(name, email, phone)
    async with in_transaction():
        contact = await _contact_for(actor, contact_id, lock=True)
        await _require_all_communities(actor, await _associated(contact.id))
        before = _snapshot(contact)
        contact.name, contact.email, contact.phone = draft.name, draft.email, draft.phone
        if _snapshot(contact) != before:
            await contact.save(update_fields=["name", "email", "phone"])
            await audit.record(
                actor=actor,
                action="contact.update",
                object_type="contact",
                object_id=contact.id,
                before=before,
                after=_snapshot(contact),
            )
    log.info("contacts: contact %s edited by staff %s", contact.id, actor.id)
    return contact


async def delete_contact(actor: StaffUser, contact_id: int) -> tuple[CommunityRef, ...]:
    """Delete the contact (audited); returns the communities it was dissociated from, whose
    «Mostrar» is now off. Needs MANAGE_CONTACTS in every one of them."""
    async with in_transaction():
        contact = await _contact_for(actor, contact_id, lock=True)
        communities = await _associated(contact.id)
        await _require_all_communities(actor, communities)
        refs = tuple(CommunityRef(c.id, c.name) for c in communities)
        # Deleted communities too: a restored one must not point at a contact that is gone.
        await Community.filter(contact_id=contact.id).update(contact_id=None, show_contact=False)
        await audit.record(
            actor=actor,
            action="contact.delete",
            object_type="contact",
            object_id=contact.id,
            before={**_snapshot(contact), "communities": [r.name for r in refs]},
        )
        await contact.delete()
    log.info("contacts: contact %s deleted by staff %s", contact_id, actor.id)
    return refs


# --- association and «Mostrar» ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Association:
    """The outcome of associating: the community, and the contact it had before (if another)."""

    community: CommunityRef
    replaced: str | None
    changed: bool


async def associate(
    actor: StaffUser, contact_id: int, community_id: int, *, replace: bool = False
) -> Association:
    """Make the contact the community's contact (audited). One contact per community: if it
    has another, `COMMUNITY_TAKEN` unless `replace` (then «Mostrar» stays as it was)."""
    async with in_transaction():
        community = await _community_for(actor, community_id, Action.MANAGE_CONTACTS)
        contact = await _contact_for(actor, contact_id)
        ref = CommunityRef(community.id, community.name)
        if community.contact_id == contact.id:
            return Association(ref, None, changed=False)
        previous = (
            await Contact.get_or_none(id=community.contact_id)
            if community.contact_id is not None
            else None
        )
        if previous is not None and not replace:
            raise ContactError(ContactErrorReason.COMMUNITY_TAKEN, data={"contact": previous.name})
        community.contact_id = contact.id
        await community.save(update_fields=["contact_id"])
        await audit.record(
            actor=actor,
            action="contact.associate",
            object_type="contact",
            object_id=contact.id,
            before={"name": contact.name, "replaced": previous.name} if previous else None,
            after={"name": contact.name, "community": community.name},
            community_id=community.id,
        )
    log.info("contacts: contact %s associated to community %s", contact.id, community.id)
    return Association(ref, previous.name if previous else None, changed=True)


async def dissociate(actor: StaffUser, contact_id: int, community_id: int) -> CommunityRef:
    """Take the contact off the community (audited); its «Mostrar» turns off."""
    async with in_transaction():
        community = await _community_for(actor, community_id, Action.MANAGE_CONTACTS)
        contact = await _contact_for(actor, contact_id)
        if community.contact_id != contact.id:
            raise ContactError(ContactErrorReason.NOT_ASSOCIATED)
        shown = community.show_contact
        community.contact_id = None
        community.show_contact = False
        await community.save(update_fields=["contact_id", "show_contact"])
        await audit.record(
            actor=actor,
            action="contact.dissociate",
            object_type="contact",
            object_id=contact.id,
            before={"name": contact.name, "community": community.name, "show_contact": shown},
            after={"name": contact.name, "show_contact": False},
            community_id=community.id,
        )
    log.info("contacts: contact %s dissociated from community %s", contact.id, community.id)
    return CommunityRef(community.id, community.name)


async def set_show_contact(actor: StaffUser, community_id: int, show: bool) -> bool:
    """Turn the community's «Mostrar» on or off (audited when it changes); on needs a contact.
    Returns whether it changed."""
    async with in_transaction():
        community = await _community_for(actor, community_id, Action.MANAGE_CONTACTS)
        if show and community.contact_id is None:
            raise ContactError(ContactErrorReason.NO_CONTACT)
        if community.show_contact == show:
            return False
        community.show_contact = show
        await community.save(update_fields=["show_contact"])
        await audit.record(
            actor=actor,
            action="community.contact_shown" if show else "community.contact_hidden",
            object_type="community",
            object_id=community.id,
            before={"name": community.name, "show_contact": not show},
            after={"name": community.name, "show_contact": show},
            community_id=community.id,
        )
    log.info("contacts: community %s show_contact=%s by staff %s", community.id, show, actor.id)
    return True
