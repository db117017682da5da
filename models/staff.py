"""Staff users administration: the rules, the list and the cards; and the audit trail.

The seed's "Herramientas de usuarios", "Crear usuarios" and "Gestionar perfiles de usuarios",
for chat. Every function re-checks the actor's profile, the read-only flag of test users and the
community scope; a target outside the actor's communities is reported as not found, so nothing
about it is revealed.

Decisions the seeds leave open:
- an Administrador manages Administradores and Conserjes whose communities are all among its
  own; a user who also works elsewhere is visible to it but changed by a Súper Administrador;
- test users ("usuarios de prueba Kastor") change nothing, and nobody changes them here either
  (their tools are disabled, as in the seed);
- nobody deletes, resets, re-profiles or re-assigns themselves (names and e-mail are fine);
- deleting is a soft delete (history kept); creating a user with the e-mail of a deleted one
  brings that account back with the new data, since the unique e-mail is the person.

The changes themselves (create, edit, delete, reset access) are in `models.staff_changes`.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import cast

from email_validator import EmailNotValidError, validate_email

from models.core import AuditLog, Community, Profile, Role, RoleKind, StaffUser
from models.errors import DomainError
from models.pages import Page
from models.permissions import (
    Action,
    Denial,
    Grants,
    authorize_administration,
    authorize_somewhere,
    community_ids_in_scope,
    grants_of,
    may_give,
    profile_grants,
    role_grants,
)

log = logging.getLogger(__name__)

NAME_MAX = 100
QUERY_MAX = 60
DEFAULT_PAGE_SIZE = 8
AUDIT_PAGE_SIZE = 20


class StaffErrorReason(StrEnum):
    """Why a users operation was refused; handlers turn these into Spanish messages."""

    NOT_ALLOWED = "not_allowed"  # the actor's profile does not manage users
    READ_ONLY = "read_only"  # the actor is a test user
    NOT_FOUND = "not_found"  # no such user among the actor's communities
    TEST_USER = "test_user"  # test users are not changed here
    SELF = "self"  # nobody deletes, resets, re-profiles or re-assigns themselves
    TARGET_PROFILE = "target_profile"  # e.g. an Administrador on a Súper Administrador
    TARGET_OUTSIDE_SCOPE = "target_outside_scope"  # also works in communities not the actor's
    PROFILE_NOT_ALLOWED = "profile_not_allowed"
    INVALID_NAME = "invalid_name"
    INVALID_EMAIL = "invalid_email"
    EMAIL_TAKEN = "email_taken"
    NO_COMMUNITY = "no_community"
    COMMUNITY_OUT_OF_SCOPE = "community_out_of_scope"


class StaffError(DomainError):
    """A refused users operation; `field` names the input at fault, when there is one."""

    def __init__(self, reason: StaffErrorReason, field: str | None = None) -> None:
        super().__init__(reason.value, {"field": field} if field is not None else None)
        self.reason = reason
        self.field = field


@dataclass(frozen=True, slots=True)
class StaffRow:
    """A staff member as the users list and card show it."""

    id: int
    full_name: str
    first_name: str
    last_name: str
    second_last_name: str | None
    email: str
    profile: Profile
    role_id: int | None  # a custom role (None: the profile's built-in role)
    role_name: str | None
    last_access: datetime | None
    community_ids: tuple[int, ...]
    communities: tuple[str, ...]
    all_communities: bool  # a Súper Administrador (or kind Administración role): everywhere
    is_test_user: bool
    is_self: bool
    has_telegram: bool


# --- validation ------------------------------------------------------------------------------

_NAME_PUNCTUATION = frozenset(" '’-.")


def clean_name(value: str, field: str = "first_name") -> str:
    """A person's name: letters, spaces and ' - . only, at most 100 characters."""
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if (
        not name
        or len(name) > NAME_MAX
        or not any(c.isalpha() for c in name)
        or any(not (c.isalpha() or c in _NAME_PUNCTUATION) for c in name)
    ):
        raise StaffError(StaffErrorReason.INVALID_NAME, field)
    return name


def clean_optional_name(value: str | None, field: str = "second_last_name") -> str | None:
    if value is None or not value.strip():
        return None
    return clean_name(value, field)


def clean_email(value: str) -> str:
    """A syntactically valid address (no DNS lookup), lower-cased."""
    try:
        result = validate_email(
            (value or "").strip(), check_deliverability=False, allow_smtputf8=False
        )
    except EmailNotValidError as exc:
        raise StaffError(StaffErrorReason.INVALID_EMAIL, "email") from exc
    email = result.normalized.lower()
    if len(email) > 254:
        raise StaffError(StaffErrorReason.INVALID_EMAIL, "email")
    return email


def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching and sorting ("Díaz" ≡ "diaz")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --- scope helpers ---------------------------------------------------------------------------


async def require_users_action(actor: StaffUser, action: Action) -> None:
    """Role, active and read-only checks (the scope is checked per target)."""
    decision = await authorize_somewhere(actor, action)
    if decision:
        return
    if decision.reason is Denial.READ_ONLY:
        raise StaffError(StaffErrorReason.READ_ONLY)
    raise StaffError(StaffErrorReason.NOT_ALLOWED)


async def administration_communities(administration_id: int) -> dict[int, str]:
    """Every community of the administración: id → name."""
    rows = await Community.filter(
        administration_id=administration_id, deleted_at=None
    ).values_list("id", "name")
    return {int(cid): str(name) for cid, name in rows}


def _everywhere(staff: StaffUser) -> bool:
    """Whether a staff member (its `role` fetched) works in every community: a Súper
    Administrador, or a custom role of kind Administración."""
    if staff.role_id is None:
        return Profile(staff.profile) is Profile.SUPER_ADMIN
    role = staff.role
    return role is not None and role.kind is RoleKind.ADMINISTRATION


def _effective_ids(staff: StaffUser, all_ids: Iterable[int]) -> set[int]:
    """Where a staff member works: every community when `_everywhere`, else the assigned."""
    if _everywhere(staff):
        return set(all_ids)
    return {c.id for c in staff.communities}


def _visible(actor_grants: Grants, scope: set[int], target_ids: set[int]) -> bool:
    return actor_grants.everywhere or bool(scope & target_ids)


def _row(
    staff: StaffUser, actor: StaffUser, names: dict[int, str], target_ids: set[int]
) -> StaffRow:
    role = staff.role if staff.role_id is not None else None
    ordered = sorted(target_ids, key=lambda cid: fold(names.get(cid, "")))
    return StaffRow(
        id=staff.id,
        full_name=staff.full_name,
        first_name=staff.first_name,
        last_name=staff.last_name,
        second_last_name=staff.second_last_name,
        email=staff.email,
        profile=staff.profile,
        role_id=staff.role_id,
        role_name=role.name if role is not None else None,
        last_access=staff.last_access,
        community_ids=tuple(ordered),
        communities=tuple(names[cid] for cid in ordered if cid in names),
        all_communities=_everywhere(staff),
        is_test_user=staff.is_test_user,
        is_self=staff.id == actor.id,
        has_telegram=staff.telegram_id is not None,
    )


def _sort_key(row: StaffRow) -> tuple[str, str, int]:
    return fold(row.full_name), row.email, row.id


def _matches(row: StaffRow, words: Sequence[str]) -> bool:
    haystack = fold(f"{row.full_name} {row.email}")
    return all(word in haystack for word in words)


# --- listing ---------------------------------------------------------------------------------


async def list_staff(
    actor: StaffUser,
    *,
    community_id: int | None = None,
    query: str | None = None,
    page: int = 0,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Page[StaffRow]:
    """Active staff of the actor's communities, by name; optional community and text filter.

    A Súper Administrador sees the whole administración; an Administrador the users who share at
    least one of its communities. Words of `query` must all appear in the name or e-mail
    (case and accents ignored). A page past the end shows the last one.
    """
    await require_users_action(actor, Action.VIEW_USERS)
    if page_size < 1:
        raise ValueError("page_size must be positive")
    actor_grants = await grants_of(actor)
    scope = await community_ids_in_scope(actor, actor_grants)
    if community_id is not None and community_id not in scope:
        raise StaffError(StaffErrorReason.COMMUNITY_OUT_OF_SCOPE)
    names = await administration_communities(actor.administration_id)
    words = fold(query or "").split()
    staff = await StaffUser.filter(
        administration_id=actor.administration_id, is_active=True
    ).prefetch_related("communities", "role")
    rows: list[StaffRow] = []
    for member in staff:
        target_ids = _effective_ids(member, names)
        if not _visible(actor_grants, scope, target_ids):
            continue
        if community_id is not None and community_id not in target_ids:
            continue
        row = _row(member, actor, names, target_ids)
        if words and not _matches(row, words):
            continue
        rows.append(row)
    rows.sort(key=_sort_key)
    total = len(rows)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    return Page(
        items=rows[page * page_size : (page + 1) * page_size], page=page, pages=pages, total=total
    )


async def _load_target(actor: StaffUser, staff_id: int) -> tuple[StaffUser, StaffRow, set[int]]:
    """An active user the actor may see, with its row; otherwise NOT_FOUND (reveal nothing)."""
    target = await StaffUser.get_or_none(
        id=staff_id, administration_id=actor.administration_id, is_active=True
    ).prefetch_related("communities", "role")
    if target is None:
        raise StaffError(StaffErrorReason.NOT_FOUND)
    actor_grants = await grants_of(actor)
    scope = await community_ids_in_scope(actor, actor_grants)
    names = await administration_communities(actor.administration_id)
    target_ids = _effective_ids(target, names)
    if not _visible(actor_grants, scope, target_ids):
        raise StaffError(StaffErrorReason.NOT_FOUND)
    return target, _row(target, actor, names, target_ids), scope


async def get_staff(actor: StaffUser, staff_id: int) -> StaffRow:
    """One user's card, if the actor may see it."""
    await require_users_action(actor, Action.VIEW_USERS)
    _, row, _ = await _load_target(actor, staff_id)
    return row


async def row_grants(row: StaffRow) -> Grants:
    """What the user of a card holds: their custom role's grants, else their profile's."""
    if row.role_id is None:
        return profile_grants(row.profile)
    role = await Role.get_or_none(id=row.role_id)
    if role is None:
        return profile_grants(row.profile)
    return await role_grants(role)


async def _target_refusal(
    actor: StaffUser, target: StaffRow, scope: set[int]
) -> StaffErrorReason | None:
    """Why the actor may not change this (visible) user at all, or None: a test user, a role
    granting more than the actor holds (as if the actor gave it), or communities outside."""
    if target.is_test_user:
        return StaffErrorReason.TEST_USER
    if not target.is_self and not await may_give(actor, await row_grants(target)):
        return StaffErrorReason.TARGET_PROFILE
    if not set(target.community_ids) <= scope:
        return StaffErrorReason.TARGET_OUTSIDE_SCOPE
    return None


async def tools_refusal(actor: StaffUser, row: StaffRow) -> StaffErrorReason | None:
    """Why a card shows no tools (test user, profile or scope), ignoring the read-only flag.

    A test user actor still sees the tools of others' cards, and is refused when using them.
    """
    scope = await community_ids_in_scope(actor)
    if actor.is_test_user:
        return StaffErrorReason.TEST_USER if row.is_test_user else None
    return await _target_refusal(actor, row, scope)


async def manageable(
    actor: StaffUser, staff_id: int, *, self_allowed: bool
) -> tuple[StaffUser, StaffRow, set[int]]:
    """The user the actor may change, its card and the actor's scope; `StaffError` otherwise."""
    await require_users_action(actor, Action.MANAGE_USERS)
    target, row, scope = await _load_target(actor, staff_id)
    if row.is_self and not self_allowed:
        raise StaffError(StaffErrorReason.SELF)
    refusal = await _target_refusal(actor, row, scope)
    if refusal is not None:
        raise StaffError(refusal)
    return target, row, scope


async def editable_staff(actor: StaffUser, staff_id: int) -> StaffRow:
    """The card of a user the actor may edit (raises the reason otherwise)."""
    _, row, _ = await manageable(actor, staff_id, self_allowed=True)
    return row


async def assignable_communities(actor: StaffUser) -> list[Community]:
    """Communities the actor may give to users it creates or edits, by name."""
    scope = await community_ids_in_scope(actor)
    communities = await Community.filter(id__in=scope).order_by("name") if scope else []
    return sorted(communities, key=lambda c: fold(c.name))


async def email_in_use(actor: StaffUser, email: str, *, exclude_id: int | None = None) -> bool:
    """Whether `email` is taken in the actor's administración, as the save would find it.

    Creating (`exclude_id` None): only active users count, a deleted one is brought back.
    Editing user `exclude_id`: any other user counts, deleted ones too (their history keeps it).
    """
    query = StaffUser.filter(
        administration_id=actor.administration_id, email=email.strip().lower()
    )
    if exclude_id is not None:
        return await query.exclude(id=exclude_id).exists()
    return await query.filter(is_active=True).exists()


# --- the audit trail, by user ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditActor:
    id: int
    full_name: str
    is_active: bool


async def _require_audit(actor: StaffUser) -> None:
    decision = await authorize_administration(actor, Action.VIEW_AUDIT, quiet=True)
    if not decision:
        raise StaffError(StaffErrorReason.NOT_ALLOWED)


async def audit_actors(actor: StaffUser) -> list[AuditActor]:
    """Users of the actor's administración who have entries in the audit log, by name."""
    await _require_audit(actor)
    ids = (
        await AuditLog.filter(administration_id=actor.administration_id, actor_id__isnull=False)
        .distinct()
        .values_list("actor_id", flat=True)
    )
    people = await StaffUser.filter(
        id__in={int(cast(int, i)) for i in ids}, administration_id=actor.administration_id
    )
    return sorted(
        (AuditActor(p.id, p.full_name, p.is_active) for p in people),
        key=lambda a: (fold(a.full_name), a.id),
    )


async def audit_entries(
    actor: StaffUser,
    *,
    actor_id: int | None = None,
    page: int = 0,
    page_size: int = AUDIT_PAGE_SIZE,
) -> Page[AuditLog]:
    """The administración's changes, newest first, optionally of one user (deleted ones too)."""
    await _require_audit(actor)
    if page_size < 1:
        raise ValueError("page_size must be positive")
    query = AuditLog.filter(administration_id=actor.administration_id)
    if actor_id is not None:
        if not await StaffUser.exists(id=actor_id, administration_id=actor.administration_id):
            raise StaffError(StaffErrorReason.NOT_FOUND)
        query = query.filter(actor_id=actor_id)
    total = await query.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    items = (
        await query.order_by("-created_at", "-id").offset(page * page_size).limit(page_size)
        if total
        else []
    )
    return Page(items=list(items), page=page, pages=pages, total=total)


_SPACES = re.compile(r"\s+")


def clean_query(text: str) -> str | None:
    """A search as typed, trimmed to a sane length; None when empty."""
    query = _SPACES.sub(" ", text or "").strip()[:QUERY_MAX]
    return query or None


async def audit_staff_names(actor: StaffUser, entries: Iterable[AuditLog]) -> dict[str, str]:
    """Current names of the users these entries are about (object id → name)."""
    await _require_audit(actor)
    ids = {
        int(e.object_id)
        for e in entries
        if e.object_type == "staff_user" and e.object_id and e.object_id.isdigit()
    }
    if not ids:
        return {}
    people = await StaffUser.filter(id__in=ids, administration_id=actor.administration_id)
    return {str(p.id): p.full_name for p in people}
