"""Identity: invitations that bind a Telegram account, and who a Telegram user is."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Administration, Community, Invitation, Profile, Resident, StaffUser

DEFAULT_TTL = timedelta(hours=72)
LAST_ACCESS_RESOLUTION = timedelta(seconds=60)
TOKEN_BYTES = 16  # 128 bits of randomness; urlsafe base64 → 22 characters


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
        pending = Invitation.filter(used_at=None, revoked_at=None)
        if staff_user is not None:
            pending = pending.filter(staff_user=staff_user)
        else:
            pending = pending.filter(resident=resident)
        await pending.update(revoked_at=now)
        invitation = await Invitation.create(
            token_hash=hash_token(token),
            staff_user=staff_user,
            resident=resident,
            created_by=created_by,
            expires_at=now + ttl,
        )
    return IssuedInvitation(token=token, invitation=invitation)


class RedeemError(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ACCOUNT_TAKEN = "account_taken"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class Redeemed:
    staff_user: StaffUser | None = None
    resident: Resident | None = None
    error: RedeemError | None = None


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
            return Redeemed(error=RedeemError.USED)
        if invitation.revoked_at is not None:
            return Redeemed(error=RedeemError.REVOKED)
        if invitation.expires_at <= now:
            return Redeemed(error=RedeemError.EXPIRED)
        staff = invitation.staff_user
        if staff is not None and not staff.is_active:
            return Redeemed(error=RedeemError.INACTIVE)
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
                after={"telegram": "vinculado"},
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

    This runs on every update, so it is one query in the common case: `last_access` is
    written at most once per `LAST_ACCESS_RESOLUTION` (the users list shows minutes).
    """
    staff = await StaffUser.get_or_none(telegram_id=telegram_id, is_active=True)
    residents: list[Resident] = []
    now = clock.now()
    if staff is not None:
        if _stale(staff.last_access, now):
            staff.last_access = now
            await StaffUser.filter(id=staff.id).update(last_access=now)
    else:
        residents = await Resident.filter(telegram_id=telegram_id).select_related(
            "property__community"
        )
        if any(_stale(r.last_access, now) for r in residents):
            await Resident.filter(telegram_id=telegram_id).update(last_access=now)
    return Person(staff=staff, residents=residents)


async def staff_communities(staff: StaffUser) -> list[Community]:
    """The communities a staff member works in, by name (all of the administración for a súper)."""
    if staff.profile is Profile.SUPER_ADMIN:
        return await Community.filter(administration_id=staff.administration_id).order_by("name")
    return await staff.communities.all().order_by("name")


async def working_community(staff: StaffUser) -> Community | None:
    """The community this person works in now: the chosen one, or the only one they have."""
    communities = await staff_communities(staff)
    chosen = next((c for c in communities if c.id == staff.working_community_id), None)
    if chosen is not None:
        return chosen
    if len(communities) == 1:
        return communities[0]
    return None


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


async def create_super_admin(
    *,
    administration_name: str,
    first_name: str,
    last_name: str,
    email: str,
    ttl: timedelta = DEFAULT_TTL,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[StaffUser, IssuedInvitation]:
    """Bootstrap the first Súper Administrador (creating the administración if needed).

    Re-running for the same e-mail issues a fresh invitation instead of a duplicate user.
    """
    email = email.strip().lower()
    async with in_transaction():
        administration, _ = await Administration.get_or_create(name=administration_name.strip())
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
                actor_label="línea de comandos",
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


def expires_label(at: datetime, tz_name: str = "America/Santiago") -> str:
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(tz_name)).strftime("%d-%m-%Y %H:%M")
