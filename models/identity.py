"""Identity: invitations that bind a Telegram account, and who a Telegram user is."""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Administration, Community, Invitation, Profile, Resident, StaffUser
from models.permissions import Action, community_ids_in_scope, grants_of

DEFAULT_TTL = timedelta(hours=72)
LAST_ACCESS_RESOLUTION = timedelta(seconds=60)
TOKEN_BYTES = 16  # 128 bits of randomness; urlsafe base64 → 22 characters


class IdentityCache:
    """Who each Telegram account is, remembered for a few seconds (the gate runs per update).

    Every domain function that changes who someone is (binding, profile, activation,
    communities, residents, working community) calls `identities_changed()` when it is done,
    which forgets everything: changes made through this process apply to the next update.
    A change made by *another* process (a second webhook instance, a SQL console) applies
    within `ttl` seconds. A generation counter keeps a lookup that raced with a change from
    storing what it read before the change. Bounded (least recently used out first), so
    messages from many unknown accounts cannot grow it without limit.
    """

    def __init__(self, ttl: float = 30.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self.generation = 0
        self._entries: OrderedDict[int, tuple[float, Person]] = OrderedDict()

    def get(self, telegram_id: int) -> Person | None:
        found = self._entries.get(telegram_id)
        if found is None:
            return None
        expires, person = found
        if time.monotonic() >= expires:
            del self._entries[telegram_id]
            return None
        self._entries.move_to_end(telegram_id)
        return person

    def put(self, telegram_id: int, person: Person, generation: int) -> None:
        if self.ttl <= 0 or generation != self.generation:
            return  # disabled, or something changed while this was being read
        self._entries[telegram_id] = (time.monotonic() + self.ttl, person)
        self._entries.move_to_end(telegram_id)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


identity_cache = IdentityCache()
"""The process's cache; `bot.app` sets its `ttl` from `IDENTITY_CACHE_SECONDS`."""


def identities_changed() -> None:
    """Forget every cached identity (call after a change to who someone is is committed)."""
    identity_cache.clear()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def changes_identities(function: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[_R]]:
    """Decorate a domain function that changes who someone is: the cache forgets afterwards."""

    @functools.wraps(function)
    async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await function(*args, **kwargs)
        finally:
            identities_changed()

    return wrapper


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    """What a new invitation gives the person: the token, shown once, never stored in clear."""

    token: str
    invitation: Invitation

    def deep_link(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username}?start={self.token}"


async def issue_invitation(
    *,
    staff_user: StaffUser | None = None,
    resident: Resident | None = None,
    created_by: StaffUser | None = None,
    ttl: timedelta = DEFAULT_TTL,
    clock: Clock = SYSTEM_CLOCK,
) -> IssuedInvitation:
    """A fresh one-time token for a staff user or a resident; older unused ones are revoked."""
    if (staff_user is None) == (resident is None):
        raise ValueError("an invitation is for exactly one staff user or resident")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    async with in_transaction():
        await revoke_pending(
            staff_user_id=staff_user.id if staff_user is not None else None,
            resident_id=resident.id if resident is not None else None,
            now=now,
        )
        invitation = await Invitation.create(
            token_hash=hash_token(token),
            staff_user=staff_user,
            resident=resident,
            created_by=created_by,
            expires_at=now + ttl,
        )
    return IssuedInvitation(token=token, invitation=invitation)


async def revoke_pending(
    *, staff_user_id: int | None = None, resident_id: int | None = None, now: datetime
) -> int:
    """Revoke the unused invitations of one staff user or resident; returns how many."""
    if (staff_user_id is None) == (resident_id is None):
        raise ValueError("revoke the invitations of exactly one staff user or resident")
    pending = Invitation.filter(used_at=None, revoked_at=None)
    if staff_user_id is not None:
        pending = pending.filter(staff_user_id=staff_user_id)
    else:
        pending = pending.filter(resident_id=resident_id)
    return await pending.update(revoked_at=now)


class RedeemError(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ACCOUNT_TAKEN = "account_taken"
    INACTIVE = "inactive"
    ALREADY_YOURS = "already_yours"


@dataclass(frozen=True)
class Redeemed:
    staff_user: StaffUser | None = None
    resident: Resident | None = None
    error: RedeemError | None = None


@changes_identities
async def redeem_invitation(
    token: str, telegram_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> Redeemed:
    """Bind `telegram_id` to the invitation's person; single use, even under a race."""
    if not token or len(token) > 64:
        return Redeemed(error=RedeemError.UNKNOWN)
    now = clock.now()
    async with in_transaction():
        invitation = await Invitation.get_or_none(token_hash=hash_token(token)).prefetch_related(
            "staff_user", "resident"
        )
        if invitation is None:
            return Redeemed(error=RedeemError.UNKNOWN)
        if invitation.used_at is not None:
            holder = invitation.staff_user or invitation.resident
            if holder is not None and holder.telegram_id == telegram_id:
                return Redeemed(error=RedeemError.ALREADY_YOURS)
            return Redeemed(error=RedeemError.USED)
        staff = invitation.staff_user
        # A deleted user's invitations are revoked too: say why, not "replaced by a newer one".
        if staff is not None and not staff.is_active:
            return Redeemed(error=RedeemError.INACTIVE)
        if invitation.revoked_at is not None:
            return Redeemed(error=RedeemError.REVOKED)
        if invitation.expires_at <= now:
            return Redeemed(error=RedeemError.EXPIRED)
        other_staff = await StaffUser.filter(telegram_id=telegram_id).exclude(
            id=staff.id if staff else 0
        )
        if staff is not None and any(o.is_active for o in other_staff):
            return Redeemed(error=RedeemError.ACCOUNT_TAKEN)
        # Claim the token with a conditional update: of two concurrent redeems, one wins.
        claimed = await Invitation.filter(id=invitation.id, used_at=None).update(
            used_at=now, used_by_telegram_id=telegram_id
        )
        if claimed != 1:
            return Redeemed(error=RedeemError.USED)
        if staff is not None:
            # An inactive (deleted) user may have held this account before; free it.
            await (
                StaffUser.filter(telegram_id=telegram_id)
                .exclude(id=staff.id)
                .update(telegram_id=None)
            )
            staff.telegram_id = telegram_id
            staff.last_access = now
            await staff.save(update_fields=["telegram_id", "last_access"])
            await audit.record(
                actor=staff,
                action="identity.bind",
                object_type="staff_user",
                object_id=staff.id,
                after={"telegram": True},
            )
            return Redeemed(staff_user=staff)
        resident = invitation.resident
        assert resident is not None
        resident.telegram_id = telegram_id
        resident.last_access = now
        await resident.save(update_fields=["telegram_id", "last_access"])
        return Redeemed(resident=resident)


@dataclass
class Person:
    """Who wrote to the bot: a staff member, one or more resident records, or nobody."""

    staff: StaffUser | None
    residents: list[Resident]
    # What the staff member's role (built-in or custom) grants, read with the person: the
    # command menu follows it. A role change calls `identities_changed()` like any other.
    grants: frozenset[Action] = frozenset()

    @property
    def known(self) -> bool:
        return self.staff is not None or bool(self.residents)

    @property
    def first_name(self) -> str:
        if self.staff is not None:
            return self.staff.first_name
        for resident in self.residents:
            if resident.name:
                return resident.name.split()[0]
        return ""


def _stale(last_access: datetime | None, now: datetime) -> bool:
    return last_access is None or now - last_access >= LAST_ACCESS_RESOLUTION


async def identify(telegram_id: int, *, clock: Clock = SYSTEM_CLOCK) -> Person:
    """Resolve a Telegram user id and stamp `last_access`.

    This runs on every update: usually answered from `identity_cache`, otherwise one query.
    `last_access` is written at most once per `LAST_ACCESS_RESOLUTION` (the users list shows
    minutes), cached or not.
    """
    now = clock.now()
    cached = identity_cache.get(telegram_id)
    if cached is not None:
        await _stamp(telegram_id, cached, now)
        return cached
    generation = identity_cache.generation
    person = await _lookup(telegram_id, now)
    identity_cache.put(telegram_id, person, generation)
    return person


async def _stamp(telegram_id: int, person: Person, now: datetime) -> None:
    """Record the access of a person known from the cache (at most once a minute)."""
    if person.staff is not None:
        if _stale(person.staff.last_access, now):
            person.staff.last_access = now
            await StaffUser.filter(id=person.staff.id).update(last_access=now)
    elif any(_stale(r.last_access, now) for r in person.residents):
        for resident in person.residents:
            resident.last_access = now
        await Resident.filter(telegram_id=telegram_id).update(last_access=now)


async def _lookup(telegram_id: int, now: datetime) -> Person:
    staff = await StaffUser.get_or_none(telegram_id=telegram_id, is_active=True)
    residents: list[Resident] = []
    if staff is None:
        residents = await Resident.filter(
            telegram_id=telegram_id, property__community__deleted_at=None
        ).select_related("property__community")
    grants = (await grants_of(staff)).actions if staff is not None else frozenset()
    person = Person(staff=staff, residents=residents, grants=grants)
    await _stamp(telegram_id, person, now)
    return person


async def staff_communities(staff: StaffUser) -> list[Community]:
    """The communities a staff member works in, by name: their scope (all of the administración
    for a Súper Administrador or a role of kind Administración)."""
    ids = await community_ids_in_scope(staff)
    if not ids:
        return []
    return await Community.filter(id__in=ids).order_by("name")


async def working_community(staff: StaffUser) -> Community | None:
    """The community this person works in now: the chosen one, or the only one they have."""
    communities = await staff_communities(staff)
    chosen = next((c for c in communities if c.id == staff.working_community_id), None)
    if chosen is not None:
        return chosen
    if len(communities) == 1:
        return communities[0]
    return None


@changes_identities
async def switch_community(staff: StaffUser, community_id: int) -> Community | None:
    """Set the working community; None when it is not one of theirs (stale or forged button)."""
    communities = await staff_communities(staff)
    chosen = next((c for c in communities if c.id == community_id), None)
    if chosen is None:
        return None
    staff.working_community_id = chosen.id
    await StaffUser.filter(id=staff.id).update(working_community_id=chosen.id)
    return chosen


class BootstrapError(StrEnum):
    EMAIL_TAKEN = "email_taken"


@changes_identities
async def create_super_admin(
    *,
    administration_name: str,
    first_name: str,
    last_name: str,
    email: str,
    rut: str | None = None,
    ttl: timedelta = DEFAULT_TTL,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[StaffUser, IssuedInvitation]:
    """Bootstrap the first Súper Administrador (creating the administración if needed).

    Re-running for the same e-mail issues a fresh invitation instead of a duplicate user.
    `rut` (already canonical, from the contract) is stored on the administración.
    """
    email = email.strip().lower()
    async with in_transaction():
        administration, _ = await Administration.get_or_create(name=administration_name.strip())
        if rut is not None and administration.rut != rut:
            before = administration.rut
            administration.rut = rut
            await administration.save(update_fields=["rut"])
            await audit.record(
                actor=None,
                actor_label=audit.Source.CLI,
                action="administration.rut",
                object_type="administration",
                object_id=administration.id,
                administration_id=administration.id,
                before={"rut": before},
                after={"rut": rut},
            )
        staff = await StaffUser.get_or_none(administration=administration, email=email)
        if staff is None:
            staff = await StaffUser.create(
                administration=administration,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email,
                profile=Profile.SUPER_ADMIN,
            )
            await audit.record(
                actor=None,
                actor_label=audit.Source.CLI,
                action="staff.create",
                object_type="staff_user",
                object_id=staff.id,
                administration_id=administration.id,
                after={"email": email, "profile": Profile.SUPER_ADMIN.value},
            )
        elif staff.profile is not Profile.SUPER_ADMIN or not staff.is_active:
            raise ValueError(BootstrapError.EMAIL_TAKEN)
    issued = await issue_invitation(staff_user=staff, ttl=ttl, clock=clock)
    return staff, issued


def expires_label(at: datetime, zone: ZoneInfo) -> str:
    """An invitation's expiry as a wall time in `zone` ("31-12-2026 18:30")."""
    return at.astimezone(zone).strftime("%d-%m-%Y %H:%M")
