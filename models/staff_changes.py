"""Staff users changes: create, edit, delete and reset access, each audited in its transaction.

The rules they apply (who may change whom, names, e-mails, communities) are in `models.staff`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import audit
from models.clock import SYSTEM_CLOCK, Clock
from models.core import Community, Profile, Role, StaffUser
from models.identity import (
    DEFAULT_TTL,
    IssuedInvitation,
    changes_identities,
    issue_invitation,
    revoke_pending,
)
from models.outbox import INVITATION, Channel, enqueue_notice
from models.permissions import Action, community_ids_in_scope, grants_of, may_give
from models.roles import RoleError, choice_grants, choice_of
from models.staff import (
    StaffError,
    StaffErrorReason,
    administration_communities,
    clean_email,
    clean_name,
    clean_optional_name,
    fold,
    manageable,
    require_users_action,
)

log = logging.getLogger(__name__)


def _check_communities(community_ids: Iterable[int], scope: set[int]) -> list[int]:
    ids = sorted({int(cid) for cid in community_ids})
    if not ids:
        raise StaffError(StaffErrorReason.NO_COMMUNITY, "community_ids")
    if not set(ids) <= scope:
        raise StaffError(StaffErrorReason.COMMUNITY_OUT_OF_SCOPE, "community_ids")
    return ids


async def _check_profile(actor: StaffUser, profile: Profile | str) -> tuple[Profile, Role | None]:
    """A role choice (`models.roles`: a built-in profile or "role-<id>") the actor may give:
    the profile to store and the custom role (None: the built-in one)."""
    try:
        value, role, grants = await choice_grants(actor, str(profile))
    except RoleError as exc:
        raise StaffError(StaffErrorReason.PROFILE_NOT_ALLOWED, "profile") from exc
    mine = await grants_of(actor)
    if Action.MANAGE_USERS not in mine.actions or not await may_give(
        actor, grants, actor_grants=mine
    ):
        raise StaffError(StaffErrorReason.PROFILE_NOT_ALLOWED, "profile")
    return value, role


async def _role_name(staff: StaffUser) -> str | None:
    if staff.role_id is None:
        return None
    role = await Role.get_or_none(id=staff.role_id)
    return role.name if role is not None else None


def _snapshot(
    staff: StaffUser,
    names: dict[int, str],
    community_ids: Iterable[int],
    role_name: str | None = None,
) -> dict[str, Any]:
    return {
        "name": staff.full_name,
        "email": staff.email,
        "profile": Profile(staff.profile).value,
        "staff_role": role_name,
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
            "role": await _role_name(staff),
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
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[StaffUser, IssuedInvitation]:
    """Create a user, invite them by e-mail (deep link and code) and record it in the audit log.

    The e-mail of a deleted user brings that account back with the new data.
    """
    await require_users_action(actor, Action.MANAGE_USERS)
    chosen_profile, chosen_role = await _check_profile(actor, profile)
    first = clean_name(first_name, "first_name")
    last = clean_name(last_name, "last_name")
    second = clean_optional_name(second_last_name)
    address = clean_email(email)
    scope = await community_ids_in_scope(actor)
    ids = _check_communities(community_ids, scope)
    names = await administration_communities(actor.administration_id)
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
                    **_snapshot(
                        existing,
                        names,
                        [c.id for c in existing.communities],
                        await _role_name(existing),
                    ),
                    "active": False,
                }
                staff = existing
                staff.first_name, staff.last_name, staff.second_last_name = first, last, second
                staff.profile = chosen_profile
                staff.role_id = chosen_role.id if chosen_role is not None else None
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
                    role_id=chosen_role.id if chosen_role is not None else None,
                )
            await staff.communities.add(*await Community.filter(id__in=ids))
            after = _snapshot(staff, names, ids, chosen_role.name if chosen_role else None)
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
                tz=clock.zone.key,
            )
    except IntegrityError as exc:
        # Two admins creating the same e-mail at once: the unique constraint decides.
        raise StaffError(StaffErrorReason.EMAIL_TAKEN, "email") from exc
    log.info("staff: user %s created by staff=%s", staff.id, actor.id)
    return staff, issued


EDITABLE_FIELDS = frozenset(
    {"profile", "email", "first_name", "last_name", "second_last_name", "community_ids"}
)


@dataclass(frozen=True)
class StaffUpdate:
    """What an edit did: the user, the fields that changed, and the invitation it sent."""

    staff: StaffUser
    changed: tuple[str, ...]
    invitation: IssuedInvitation | None = None
    unlinked: bool = False


@changes_identities
async def update_staff(
    actor: StaffUser,
    staff_id: int,
    *,
    unlink_telegram: bool = False,
    ttl: timedelta = DEFAULT_TTL,
    bot_username: str = "conserjeria_bot",
    clock: Clock = SYSTEM_CLOCK,
    **changes: Any,
) -> StaffUpdate:
    """Change profile, e-mail, names or communities with the creation rules.

    Nobody changes their own profile or communities. Nothing changed: no write, no audit entry.
    A new e-mail revokes the pending invitations (they went to the old address); with
    `unlink_telegram` a bound account is unlinked too (never one's own). When the account is
    then not bound, a fresh invitation goes to the new address.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    target, row, scope = await manageable(actor, staff_id, self_allowed=True)
    old_ids = sorted(c.id for c in target.communities)
    current_choice = choice_of(target.profile, target.role_id)
    if row.is_self and (
        ("profile" in changes and str(changes["profile"]) != current_choice)
        or ("community_ids" in changes and sorted(set(changes["community_ids"])) != old_ids)
    ):
        raise StaffError(StaffErrorReason.SELF)
    values: dict[str, Any] = {}
    role_name = row.role_name
    if "profile" in changes and str(changes["profile"]) != current_choice:
        chosen_profile, chosen_role = await _check_profile(actor, changes["profile"])
        values["profile"] = chosen_profile
        values["role_id"] = chosen_role.id if chosen_role is not None else None
        role_name = chosen_role.name if chosen_role is not None else None
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
    names = await administration_communities(actor.administration_id)
    before = _snapshot(target, names, old_ids, row.role_name)
    changed = [f for f, v in values.items() if getattr(target, f) != v]
    if new_ids is not None and new_ids != old_ids:
        changed.append("community_ids")
    if not changed:
        return StaffUpdate(target, ())
    final_grants = await grants_of(
        StaffUser(
            administration_id=target.administration_id,
            profile=values.get("profile", target.profile),
            role_id=values.get("role_id", target.role_id),
        )
    )
    if not final_grants.everywhere and not (new_ids or old_ids):
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
            new_email = "email" in changed
            unlinked = (
                new_email
                and unlink_telegram
                and not row.is_self
                and target.telegram_id is not None
            )
            if unlinked:
                target.telegram_id = None
                fields.append("telegram_id")
            if fields:
                await target.save(update_fields=fields)
            final_ids = old_ids
            if new_ids is not None and "community_ids" in changed:
                await target.communities.clear()
                await target.communities.add(*await Community.filter(id__in=new_ids))
                final_ids = new_ids
            after = _snapshot(target, names, final_ids, role_name)
            old = {k: v for k, v in before.items() if v != after[k]}
            new = {k: v for k, v in after.items() if v != before[k]}
            if unlinked:
                old["telegram"], new["telegram"] = True, False
            await audit.record(
                actor=actor,
                action="staff.update",
                object_type="staff_user",
                object_id=target.id,
                before=old,
                after=new,
                community_id=_first_community(final_ids),
            )
            issued: IssuedInvitation | None = None
            if new_email:
                # The old address may be a stranger's: what was sent there must not work.
                await revoke_pending(staff_user_id=target.id, now=clock.now())
                if target.telegram_id is None:
                    issued = await _invite_again(
                        actor, target, final_ids, names, ttl, bot_username, clock
                    )
    except IntegrityError as exc:
        raise StaffError(StaffErrorReason.EMAIL_TAKEN, "email") from exc
    log.info("staff: user %s updated (%s) by staff=%s", target.id, ",".join(changed), actor.id)
    return StaffUpdate(target, tuple(changed), issued, unlinked)


async def _invite_again(
    actor: StaffUser,
    target: StaffUser,
    community_ids: Sequence[int],
    names: dict[int, str],
    ttl: timedelta,
    bot_username: str,
    clock: Clock,
) -> IssuedInvitation:
    """A fresh invitation to the user's (new) address."""
    issued = await issue_invitation(staff_user=target, created_by=actor, ttl=ttl, clock=clock)
    community_names = _snapshot(target, names, community_ids)["communities"]
    if (await grants_of(target)).everywhere and not community_names:
        community_names = sorted(names.values(), key=fold)
    await _enqueue_invitation(
        target,
        issued,
        inviter=actor,
        community_names=community_names,
        bot_username=bot_username,
        tz=clock.zone.key,
    )
    return issued


@changes_identities
async def delete_staff(
    actor: StaffUser, staff_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> StaffUser:
    """Remove a user: access revoked at once (Telegram, invitations); history kept."""
    target, row, _ = await manageable(actor, staff_id, self_allowed=False)
    names = await administration_communities(actor.administration_id)
    now = clock.now()
    async with in_transaction():
        deactivated = await StaffUser.filter(id=target.id, is_active=True).update(
            is_active=False, telegram_id=None
        )
        if deactivated != 1:
            raise StaffError(StaffErrorReason.NOT_FOUND)
        await revoke_pending(staff_user_id=target.id, now=now)
        await audit.record(
            actor=actor,
            action="staff.delete",
            object_type="staff_user",
            object_id=target.id,
            before={
                **_snapshot(target, names, row.community_ids, row.role_name),
                "active": True,
            },
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
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[StaffUser, IssuedInvitation]:
    """ "Restablecer acceso": unbind the Telegram account and e-mail a fresh invitation."""
    target, row, _ = await manageable(actor, staff_id, self_allowed=False)
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
            tz=clock.zone.key,
        )
    log.info("staff: access of user %s reset by staff=%s", target.id, actor.id)
    return target, issued
