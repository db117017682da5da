"""Staff users administration: list, create, edit, delete, reset access; and the audit trail.

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
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import AuditLog, Community, Invitation, Profile, StaffUser
from models.errors import DomainError
from models.identity import DEFAULT_TTL, IssuedInvitation, changes_identities, issue_invitation
from models.outbox import INVITATION, Channel, enqueue_notice
from models.pages import Page
from models.permissions import (
    Action,
    Denial,
    community_ids_in_scope,
    creatable_profiles,
    decide,
)

log = logging.getLogger(__name__)

NAME_MAX = 100
QUERY_MAX = 60
DEFAULT_PAGE_SIZE = 8
AUDIT_PAGE_SIZE = 20
SANTIAGO = "America/Santiago"


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
    last_access: datetime | None
    community_ids: tuple[int, ...]
    communities: tuple[str, ...]
    all_communities: bool  # a Súper Administrador works in every community
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


def _require(actor: StaffUser, action: Action) -> None:
    """Profile, active and read-only checks (the scope is checked per target)."""
    decision = decide(
        actor.profile,
        is_active=actor.is_active,
        is_test_user=actor.is_test_user,
        in_scope=True,
        action=action,
    )
    if decision:
        return
    if decision.reason is Denial.READ_ONLY:
        raise StaffError(StaffErrorReason.READ_ONLY)
    raise StaffError(StaffErrorReason.NOT_ALLOWED)


async def _administration_communities(administration_id: int) -> dict[int, str]:
    rows = await Community.filter(administration_id=administration_id).values_list("id", "name")
    return {int(cid): str(name) for cid, name in rows}


def _effective_ids(staff: StaffUser, all_ids: Iterable[int]) -> set[int]:
    """Where a staff member works: every community for a Súper Administrador."""
    if staff.profile is Profile.SUPER_ADMIN:
        return set(all_ids)
    return {c.id for c in staff.communities}


def _visible(actor: StaffUser, scope: set[int], target_ids: set[int]) -> bool:
    return actor.profile is Profile.SUPER_ADMIN or bool(scope & target_ids)


def _row(
    staff: StaffUser, actor: StaffUser, names: dict[int, str], target_ids: set[int]
) -> StaffRow:
    ordered = sorted(target_ids, key=lambda cid: fold(names.get(cid, "")))
    return StaffRow(
        id=staff.id,
        full_name=staff.full_name,
        first_name=staff.first_name,
        last_name=staff.last_name,
        second_last_name=staff.second_last_name,
        email=staff.email,
        profile=staff.profile,
        last_access=staff.last_access,
        community_ids=tuple(ordered),
        communities=tuple(names[cid] for cid in ordered if cid in names),
        all_communities=staff.profile is Profile.SUPER_ADMIN,
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
    _require(actor, Action.VIEW_USERS)
    if page_size < 1:
        raise ValueError("page_size must be positive")
    scope = await community_ids_in_scope(actor)
    if community_id is not None and community_id not in scope:
        raise StaffError(StaffErrorReason.COMMUNITY_OUT_OF_SCOPE)
    names = await _administration_communities(actor.administration_id)
    words = fold(query or "").split()
    staff = await StaffUser.filter(
        administration_id=actor.administration_id, is_active=True
    ).prefetch_related("communities")
    rows: list[StaffRow] = []
    for member in staff:
        target_ids = _effective_ids(member, names)
        if not _visible(actor, scope, target_ids):
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
    ).prefetch_related("communities")
    if target is None:
        raise StaffError(StaffErrorReason.NOT_FOUND)
    scope = await community_ids_in_scope(actor)
    names = await _administration_communities(actor.administration_id)
    target_ids = _effective_ids(target, names)
    if not _visible(actor, scope, target_ids):
        raise StaffError(StaffErrorReason.NOT_FOUND)
    return target, _row(target, actor, names, target_ids), scope


async def get_staff(actor: StaffUser, staff_id: int) -> StaffRow:
    """One user's card, if the actor may see it."""
    _require(actor, Action.VIEW_USERS)
    _, row, _ = await _load_target(actor, staff_id)
    return row


def _target_refusal(
    actor: StaffUser, target: StaffRow, scope: set[int]
) -> StaffErrorReason | None:
    """Why the actor may not change this (visible) user at all, or None."""
    if target.is_test_user:
        return StaffErrorReason.TEST_USER
    if target.profile not in creatable_profiles(actor) and not target.is_self:
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
    return _target_refusal(actor, row, scope)


async def _manageable(
    actor: StaffUser, staff_id: int, *, self_allowed: bool
) -> tuple[StaffUser, StaffRow, set[int]]:
    _require(actor, Action.MANAGE_USERS)
    target, row, scope = await _load_target(actor, staff_id)
    if row.is_self and not self_allowed:
        raise StaffError(StaffErrorReason.SELF)
    refusal = _target_refusal(actor, row, scope)
    if refusal is not None:
        raise StaffError(refusal)
    return target, row, scope


async def editable_staff(actor: StaffUser, staff_id: int) -> StaffRow:
    """The card of a user the actor may edit (raises the reason otherwise)."""
    _, row, _ = await _manageable(actor, staff_id, self_allowed=True)
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


def _check_communities(community_ids: Iterable[int], scope: set[int]) -> list[int]:
    ids = sorted({int(cid) for cid in community_ids})
    if not ids:
        raise StaffError(StaffErrorReason.NO_COMMUNITY, "community_ids")
    if not set(ids) <= scope:
        raise StaffError(StaffErrorReason.COMMUNITY_OUT_OF_SCOPE, "community_ids")
    return ids


def _check_profile(actor: StaffUser, profile: Profile | str) -> Profile:
    try:
        value = Profile(profile)
    except ValueError as exc:
        raise StaffError(StaffErrorReason.PROFILE_NOT_ALLOWED, "profile") from exc
    if value not in creatable_profiles(actor):
        raise StaffError(StaffErrorReason.PROFILE_NOT_ALLOWED, "profile")
    return value


def _snapshot(
    staff: StaffUser, names: dict[int, str], community_ids: Iterable[int]
) -> dict[str, Any]:
    return {
        "name": staff.full_name,
        "email": staff.email,
        "profile": staff.profile.value,
        "communities": sorted((names.get(cid, str(cid)) for cid in community_ids), key=fold),
    }


def _first_community(community_ids: Sequence[int]) -> int | None:
    return community_ids[0] if len(community_ids) == 1 else None


# --- invitations by e-mail -------------------------------------------------------------------


async def _enqueue_invitation(
    staff: StaffUser,
    issued: IssuedInvitation,
    *,
    inviter: StaffUser,
    community_names: Sequence[str],
    bot_username: str,
    tz: str,
) -> None:
    await enqueue_notice(
        key=f"invite:{issued.invitation.id}",
        channel=Channel.EMAIL,
        recipient=staff.email,
        template=INVITATION,
        data={
            "name": staff.first_name,
            "inviter": inviter.full_name,
            "communities": list(community_names),
            "profile": Profile(staff.profile).value,
            "link": issued.deep_link(bot_username),
            "bot": bot_username,
            "code": issued.token,
            "expires_at": issued.invitation.expires_at.isoformat(),
            "zone": tz,
        },
        community_id=None,
    )


# --- create, edit, delete, reset -------------------------------------------------------------


@changes_identities
async def create_staff(
    actor: StaffUser,
    *,
    profile: Profile | str,
    first_name: str,
    last_name: str,
    second_last_name: str | None,
    email: str,
    community_ids: Iterable[int],
    ttl: timedelta = DEFAULT_TTL,
    bot_username: str = "conserjeria_bot",
    tz: str = SANTIAGO,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[StaffUser, IssuedInvitation]:
    """Create a user, invite them by e-mail (deep link and code) and record it in the audit log.

    The e-mail of a deleted user brings that account back with the new data.
    """
    _require(actor, Action.MANAGE_USERS)
    chosen_profile = _check_profile(actor, profile)
    first = clean_name(first_name, "first_name")
    last = clean_name(last_name, "last_name")
    second = clean_optional_name(second_last_name)
    address = clean_email(email)
    scope = await community_ids_in_scope(actor)
    ids = _check_communities(community_ids, scope)
    names = await _administration_communities(actor.administration_id)
    try:
        async with in_transaction():
            existing = await StaffUser.get_or_none(
                administration_id=actor.administration_id, email=address
            ).prefetch_related("communities")
            before: dict[str, Any] | None = None
            if existing is not None:
                if existing.is_active or existing.is_test_user:
                    raise StaffError(StaffErrorReason.EMAIL_TAKEN, "email")
                before = {
                    **_snapshot(existing, names, [c.id for c in existing.communities]),
                    "active": False,
                }
                staff = existing
                staff.first_name, staff.last_name, staff.second_last_name = first, last, second
                staff.profile = chosen_profile
                staff.is_active = True
                staff.telegram_id = None
                staff.working_community_id = None
                staff.last_access = None
                await staff.save()
                await staff.communities.clear()
            else:
                staff = await StaffUser.create(
                    administration_id=actor.administration_id,
                    first_name=first,
                    last_name=last,
                    second_last_name=second,
                    email=address,
                    profile=chosen_profile,
                )
            await staff.communities.add(*await Community.filter(id__in=ids))
            after = _snapshot(staff, names, ids)
            if before is not None:
                after["active"] = True
            await audit.record(
                actor=actor,
                action="staff.create",
                object_type="staff_user",
                object_id=staff.id,
                before=before,
                after=after,
                community_id=_first_community(ids),
            )
            issued = await issue_invitation(
                staff_user=staff, created_by=actor, ttl=ttl, clock=clock
            )
            await _enqueue_invitation(
                staff,
                issued,
                inviter=actor,
                community_names=after["communities"],
                bot_username=bot_username,
                tz=tz,
            )
    except IntegrityError as exc:
        # Two admins creating the same e-mail at once: the unique constraint decides.
        raise StaffError(StaffErrorReason.EMAIL_TAKEN, "email") from exc
    log.info("staff: user %s created by staff=%s", staff.id, actor.id)
    return staff, issued


EDITABLE_FIELDS = frozenset(
    {"profile", "email", "first_name", "last_name", "second_last_name", "community_ids"}
)


@changes_identities
async def update_staff(
    actor: StaffUser, staff_id: int, **changes: Any
) -> tuple[StaffUser, tuple[str, ...]]:
    """Change profile, e-mail, names or communities with the creation rules; returns what changed.

    Nobody changes their own profile or communities. Nothing changed: no write, no audit entry.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    target, row, scope = await _manageable(actor, staff_id, self_allowed=True)
    old_ids = sorted(c.id for c in target.communities)
    if row.is_self and (
        ("profile" in changes and str(changes["profile"]) != target.profile.value)
        or ("community_ids" in changes and sorted(set(changes["community_ids"])) != old_ids)
    ):
        raise StaffError(StaffErrorReason.SELF)
    values: dict[str, Any] = {}
    if "profile" in changes:
        values["profile"] = _check_profile(actor, changes["profile"])
    for field in ("first_name", "last_name"):
        if field in changes:
            values[field] = clean_name(changes[field], field)
    if "second_last_name" in changes:
        values["second_last_name"] = clean_optional_name(changes["second_last_name"])
    if "email" in changes:
        values["email"] = clean_email(changes["email"])
    new_ids: list[int] | None = None
    if "community_ids" in changes:
        new_ids = _check_communities(changes["community_ids"], scope)
    names = await _administration_communities(actor.administration_id)
    before = _snapshot(target, names, old_ids)
    changed = [f for f, v in values.items() if getattr(target, f) != v]
    if new_ids is not None and new_ids != old_ids:
        changed.append("community_ids")
    if not changed:
        return target, ()
    final_profile = values.get("profile", target.profile)
    if final_profile is not Profile.SUPER_ADMIN and not (new_ids or old_ids):
        # A Súper Administrador may have no assigned communities; nobody else may.
        raise StaffError(StaffErrorReason.NO_COMMUNITY, "community_ids")
    if "email" in changed and await StaffUser.exists(
        administration_id=actor.administration_id, email=values["email"]
    ):
        raise StaffError(StaffErrorReason.EMAIL_TAKEN, "email")
    try:
        async with in_transaction():
            fields = [f for f in changed if f != "community_ids"]
            for field in fields:
                setattr(target, field, values[field])
            if fields:
                await target.save(update_fields=fields)
            final_ids = old_ids
            if new_ids is not None and "community_ids" in changed:
                await target.communities.clear()
                await target.communities.add(*await Community.filter(id__in=new_ids))
                final_ids = new_ids
            after = _snapshot(target, names, final_ids)
            await audit.record(
                actor=actor,
                action="staff.update",
                object_type="staff_user",
                object_id=target.id,
                before={k: v for k, v in before.items() if v != after[k]},
                after={k: v for k, v in after.items() if v != before[k]},
                community_id=_first_community(final_ids),
            )
    except IntegrityError as exc:
        raise StaffError(StaffErrorReason.EMAIL_TAKEN, "email") from exc
    log.info("staff: user %s updated (%s) by staff=%s", target.id, ",".join(changed), actor.id)
    return target, tuple(changed)


@changes_identities
async def delete_staff(
    actor: StaffUser, staff_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> StaffUser:
    """Remove a user: access revoked at once (Telegram, invitations); history kept."""
    target, row, _ = await _manageable(actor, staff_id, self_allowed=False)
    names = await _administration_communities(actor.administration_id)
    now = clock.now()
    async with in_transaction():
        deactivated = await StaffUser.filter(id=target.id, is_active=True).update(
            is_active=False, telegram_id=None
        )
        if deactivated != 1:
            raise StaffError(StaffErrorReason.NOT_FOUND)
        await Invitation.filter(staff_user_id=target.id, used_at=None, revoked_at=None).update(
            revoked_at=now
        )
        await audit.record(
            actor=actor,
            action="staff.delete",
            object_type="staff_user",
            object_id=target.id,
            before={**_snapshot(target, names, row.community_ids), "active": True},
            after={"active": False},
            community_id=_first_community(row.community_ids),
        )
    target.is_active = False
    target.telegram_id = None
    log.info("staff: user %s deleted by staff=%s", target.id, actor.id)
    return target


@changes_identities
async def reset_access(
    actor: StaffUser,
    staff_id: int,
    ttl: timedelta = DEFAULT_TTL,
    *,
    bot_username: str = "conserjeria_bot",
    tz: str = SANTIAGO,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[StaffUser, IssuedInvitation]:
    """ "Restablecer acceso": unbind the Telegram account and e-mail a fresh invitation."""
    target, row, _ = await _manageable(actor, staff_id, self_allowed=False)
    async with in_transaction():
        await StaffUser.filter(id=target.id).update(telegram_id=None)
        target.telegram_id = None
        issued = await issue_invitation(staff_user=target, created_by=actor, ttl=ttl, clock=clock)
        await audit.record(
            actor=actor,
            action="staff.reset_access",
            object_type="staff_user",
            object_id=target.id,
            before={"name": target.full_name, "telegram": row.has_telegram},
            after={"name": target.full_name, "telegram": False},
            community_id=_first_community(row.community_ids),
        )
        await _enqueue_invitation(
            target,
            issued,
            inviter=actor,
            community_names=row.communities,
            bot_username=bot_username,
            tz=tz,
        )
    log.info("staff: access of user %s reset by staff=%s", target.id, actor.id)
    return target, issued


# --- the audit trail, by user ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditActor:
    id: int
    full_name: str
    is_active: bool


def _require_audit(actor: StaffUser) -> None:
    decision = decide(
        actor.profile,
        is_active=actor.is_active,
        is_test_user=actor.is_test_user,
        in_scope=True,
        action=Action.VIEW_AUDIT,
    )
    if not decision:
        raise StaffError(StaffErrorReason.NOT_ALLOWED)


async def audit_actors(actor: StaffUser) -> list[AuditActor]:
    """Users of the actor's administración who have entries in the audit log, by name."""
    _require_audit(actor)
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
    _require_audit(actor)
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
    _require_audit(actor)
    ids = {
        int(e.object_id)
        for e in entries
        if e.object_type == "staff_user" and e.object_id and e.object_id.isdigit()
    }
    if not ids:
        return {}
    people = await StaffUser.filter(id__in=ids, administration_id=actor.administration_id)
    return {str(p.id): p.full_name for p in people}
