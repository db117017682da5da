"""Custom roles (seed 001 "Roles"): a name and a set of the authorization table's actions.

The three profiles of SPEC §2 are the built-in roles: no row, not editable, not deletable;
what they grant is their column of `models.permissions.RULES`. A custom role of kind
Administración acts in every community of the administración; one of kind Comunidad only in
the communities chosen for it (and, per person, only those of them assigned to the person).

Rules:
- only a holder of MANAGE_ROLES (by RULES the Súper Administrador) lists, creates, edits and
  deletes roles, always within its own administración (another one's ids read as not found);
- nobody creates or assigns a role granting more than they hold (`permissions.may_give`);
- a role's name is unique in the administración, ignoring case and accents;
- deleting a role in use moves its users to another role (built-in or custom) first, in the
  same transaction;
- a person with a custom role stores `Profile.CONCIERGE` (the least of the built-ins) as its
  profile: the role decides everything, and the profile only names the built-in role they get
  back if the custom one is ever cleared. Moved to a built-in role, they take its profile.

A role *choice* (what /usuarios offers in its "perfil" step) is a `Profile` value for a built-in
role or ``"role-<id>"`` for a custom one.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import audit
from models.core import Community, Profile, Role, RoleKind, StaffUser
from models.errors import DomainError
from models.identity import changes_identities
from models.pages import Page
from models.permissions import (
    ADMINISTRATION_ONLY,
    Action,
    Denial,
    Grants,
    authorize_administration,
    community_ids_in_scope,
    grants_of,
    may_give,
    profile_grants,
    role_grants,
)

log = logging.getLogger(__name__)

NAME_MAX = 100
DEFAULT_PAGE_SIZE = 8
CUSTOM_ROLE_PROFILE = Profile.CONCIERGE
CHOICE_PREFIX = "role-"


class RoleErrorReason(StrEnum):
    NOT_ALLOWED = "not_allowed"  # the actor does not manage roles
    READ_ONLY = "read_only"  # a test user
    NOT_FOUND = "not_found"  # no such role in the actor's administración
    INVALID_NAME = "invalid_name"
    NAME_TAKEN = "name_taken"
    NO_COMMUNITY = "no_community"  # kind Comunidad with no community
    COMMUNITY_OUT_OF_SCOPE = "community_out_of_scope"
    UNKNOWN_PERMISSION = "unknown_permission"
    PERMISSION_NOT_HELD = "permission_not_held"  # grants more than the actor holds
    ADMINISTRATION_ONLY = "administration_only"  # kind Comunidad with an administration action
    MOVE_REQUIRED = "move_required"  # the role is in use: say where its users go
    MOVE_INVALID = "move_invalid"  # the destination is the role itself, unknown or too strong


class RoleError(DomainError):
    def __init__(self, reason: RoleErrorReason, field: str | None = None) -> None:
        super().__init__(reason.value, {"field": field} if field is not None else None)
        self.reason = reason
        self.field = field


@dataclass(frozen=True, slots=True)
class RoleRow:
    """A custom role as /roles shows it."""

    id: int
    name: str
    kind: RoleKind
    permissions: tuple[Action, ...]  # in the table's order
    community_ids: tuple[int, ...]
    communities: tuple[str, ...]
    users: int  # active users holding it


# --- choices (built-in or custom) ------------------------------------------------------------


def choice_of(profile: Profile | str, role_id: int | None) -> str:
    """What the /usuarios "perfil" step stores for a user's role."""
    return f"{CHOICE_PREFIX}{role_id}" if role_id is not None else Profile(profile).value


def parse_choice(value: str) -> Profile | int:
    """A built-in profile, or a custom role's id; ValueError when it is neither."""
    text = str(value)
    if text.startswith(CHOICE_PREFIX):
        number = text[len(CHOICE_PREFIX) :]
        if not number.isdigit() or len(number) > 12:
            raise ValueError(text)
        return int(number)
    return Profile(text)


# --- validation ------------------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean_role_name(value: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if not name or len(name) > NAME_MAX or not any(c.isalnum() for c in name):
        raise RoleError(RoleErrorReason.INVALID_NAME, "name")
    if any(not c.isprintable() for c in name):
        raise RoleError(RoleErrorReason.INVALID_NAME, "name")
    return name


def clean_permissions(values: Iterable[str]) -> list[Action]:
    """Known actions, in the table's order (an unknown value is refused, not ignored)."""
    known = {a.value: a for a in Action}
    chosen: set[Action] = set()
    for value in values:
        action = known.get(str(value))
        if action is None:
            raise RoleError(RoleErrorReason.UNKNOWN_PERMISSION, "permissions")
        chosen.add(action)
    return [a for a in Action if a in chosen]


async def _require_roles(actor: StaffUser) -> None:
    decision = await authorize_administration(actor, Action.MANAGE_ROLES)
    if decision:
        return
    if decision.reason is Denial.READ_ONLY:
        raise RoleError(RoleErrorReason.READ_ONLY)
    raise RoleError(RoleErrorReason.NOT_ALLOWED)


async def _require_view_roles(actor: StaffUser) -> None:
    """Seeing the roles: a test Súper Administrador may look, as at everything else."""
    if not await authorize_administration(actor, Action.VIEW_ROLES):
        raise RoleError(RoleErrorReason.NOT_ALLOWED)


async def may_view_roles(actor: StaffUser) -> bool:
    """Whether /roles opens for this person at all (asked quietly)."""
    return bool(await authorize_administration(actor, Action.VIEW_ROLES, quiet=True))


async def may_manage_roles(actor: StaffUser) -> bool:
    """Whether /roles opens for this person at all (asked quietly)."""
    return bool(await authorize_administration(actor, Action.MANAGE_ROLES, quiet=True))


async def _names(administration_id: int) -> dict[int, str]:
    rows = await Community.filter(
        administration_id=administration_id, deleted_at=None
    ).values_list("id", "name")
    return {int(cid): str(name) for cid, name in rows}


async def _row(role: Role, names: dict[int, str]) -> RoleRow:
    ids = sorted(
        {int(cast(int, i)) for i in await role.communities.all().values_list("id", flat=True)}
        & set(names),
        key=lambda cid: fold(names[cid]),
    )
    held = set(role.permissions or [])
    users = await StaffUser.filter(role_id=role.id, is_active=True).count()
    return RoleRow(
        id=role.id,
        name=role.name,
        kind=RoleKind(role.kind),
        permissions=tuple(a for a in Action if a.value in held),
        community_ids=tuple(ids),
        communities=tuple(names[cid] for cid in ids),
        users=users,
    )


async def _load(actor: StaffUser, role_id: int) -> Role:
    role = await Role.get_or_none(id=role_id, administration_id=actor.administration_id)
    if role is None:
        raise RoleError(RoleErrorReason.NOT_FOUND)
    return role


async def _load_changeable(actor: StaffUser, role_id: int) -> Role:
    """A role the actor may edit or delete: one it could have created (no more than it holds),
    as with users an Administrador may not change."""
    role = await _load(actor, role_id)
    if not await may_give(actor, await role_grants(role)):
        raise RoleError(RoleErrorReason.PERMISSION_NOT_HELD)
    return role


async def _name_taken(actor: StaffUser, name: str, *, exclude_id: int | None = None) -> bool:
    wanted = fold(name)
    others = await Role.filter(administration_id=actor.administration_id).values_list("id", "name")
    return any(fold(str(other)) == wanted and rid != exclude_id for rid, other in others)


async def name_available(actor: StaffUser, name: str, *, exclude_id: int | None = None) -> bool:
    """Whether no other role of the administración has this name (case and accents ignored)."""
    return not await _name_taken(actor, name, exclude_id=exclude_id)


async def role_name_of(staff: StaffUser) -> str | None:
    """The custom role's name of a staff member (None: a built-in role)."""
    if staff.role_id is None:
        return None
    role = await Role.get_or_none(id=staff.role_id, administration_id=staff.administration_id)
    return role.name if role is not None else None


async def _check_grants(
    actor: StaffUser, kind: RoleKind, permissions: list[Action], community_ids: Iterable[int]
) -> list[int]:
    """The role's communities (kind Comunidad) after checking the actor may create it."""
    ids = sorted({int(c) for c in community_ids}) if kind is RoleKind.COMMUNITY else []
    mine = await grants_of(actor)
    if kind is RoleKind.COMMUNITY:
        if set(permissions) & ADMINISTRATION_ONLY:
            raise RoleError(RoleErrorReason.ADMINISTRATION_ONLY, "permissions")
        if not ids:
            raise RoleError(RoleErrorReason.NO_COMMUNITY, "community_ids")
        if not set(ids) <= await community_ids_in_scope(actor, mine):
            raise RoleError(RoleErrorReason.COMMUNITY_OUT_OF_SCOPE, "community_ids")
    given = Grants(
        frozenset(permissions),
        everywhere=kind is RoleKind.ADMINISTRATION,
        administration_wide=kind is RoleKind.ADMINISTRATION,
        communities=frozenset(ids) if kind is RoleKind.COMMUNITY else None,
    )
    if not await may_give(actor, given, actor_grants=mine):
        raise RoleError(RoleErrorReason.PERMISSION_NOT_HELD, "permissions")
    return ids


def _snapshot(
    name: str, kind: RoleKind, permissions: Iterable[str], communities: Iterable[str]
) -> dict[str, Any]:
    return {
        "name": name,
        "role_kind": RoleKind(kind).value,
        "permissions": [str(p) for p in permissions],
        "communities": sorted(communities, key=fold),
    }


# --- reading ---------------------------------------------------------------------------------


async def list_roles(
    actor: StaffUser, *, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE
) -> Page[RoleRow]:
    """The administración's custom roles, by name (a page past the end shows the last one)."""
    await _require_view_roles(actor)
    if page_size < 1:
        raise ValueError("page_size must be positive")
    roles = sorted(
        await Role.filter(administration_id=actor.administration_id),
        key=lambda r: (fold(r.name), r.id),
    )
    total = len(roles)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 0), pages - 1)
    names = await _names(actor.administration_id)
    items = [await _row(r, names) for r in roles[page * page_size : (page + 1) * page_size]]
    return Page(items=items, page=page, pages=pages, total=total)


async def get_role(actor: StaffUser, role_id: int) -> RoleRow:
    await _require_view_roles(actor)
    return await _row(await _load(actor, role_id), await _names(actor.administration_id))


async def role_community_choices(actor: StaffUser) -> list[Community]:
    """Communities a role of kind Comunidad may be given by the actor, by name."""
    scope = await community_ids_in_scope(actor)
    communities = await Community.filter(id__in=scope) if scope else []
    return sorted(communities, key=lambda c: fold(c.name))


async def grantable_actions(actor: StaffUser, kind: RoleKind | None = None) -> list[Action]:
    """The permissions the actor may put in a role of `kind`: those it holds, in the table's
    order, without the administration-only ones for a role of kind Comunidad."""
    mine = await grants_of(actor)
    barred = ADMINISTRATION_ONLY if kind is RoleKind.COMMUNITY else frozenset()
    return [a for a in Action if a in mine.actions and a not in barred]


# --- writing ---------------------------------------------------------------------------------


@changes_identities
async def create_role(
    actor: StaffUser,
    *,
    name: str,
    kind: RoleKind | str,
    permissions: Iterable[str],
    community_ids: Iterable[int] = (),
) -> Role:
    await _require_roles(actor)
    try:
        chosen_kind = RoleKind(kind)
    except ValueError as exc:
        raise RoleError(RoleErrorReason.NOT_FOUND, "kind") from exc
    clean = clean_role_name(name)
    actions = clean_permissions(permissions)
    ids = await _check_grants(actor, chosen_kind, actions, community_ids)
    if await _name_taken(actor, clean):
        raise RoleError(RoleErrorReason.NAME_TAKEN, "name")
    names = await _names(actor.administration_id)
    try:
        async with in_transaction():
            role = await Role.create(
                administration_id=actor.administration_id,
                name=clean,
                kind=chosen_kind,
                permissions=[a.value for a in actions],
            )
            if ids:
                await role.communities.add(*await Community.filter(id__in=ids))
            await audit.record(
                actor=actor,
                action="role.create",
                object_type="role",
                object_id=role.id,
                after=_snapshot(
                    clean, chosen_kind, [a.value for a in actions], [names[i] for i in ids]
                ),
            )
    except IntegrityError as exc:  # the same name saved at once by two people
        raise RoleError(RoleErrorReason.NAME_TAKEN, "name") from exc
    log.info("roles: role %s created by staff=%s", role.id, actor.id)
    return role


@changes_identities
async def update_role(
    actor: StaffUser,
    role_id: int,
    *,
    name: str | None = None,
    permissions: Iterable[str] | None = None,
    community_ids: Iterable[int] | None = None,
) -> tuple[str, ...]:
    """Change a role's name, permissions or communities (not its kind); returns what changed.

    Its users get the new permissions at their next message (menus too)."""
    await _require_roles(actor)
    role = await _load_changeable(actor, role_id)
    names = await _names(actor.administration_id)
    before_row = await _row(role, names)
    kind = RoleKind(role.kind)
    new_name = clean_role_name(name) if name is not None else role.name
    actions = (
        clean_permissions(permissions)
        if permissions is not None
        else clean_permissions(role.permissions or [])
    )
    ids = await _check_grants(
        actor,
        kind,
        actions,
        community_ids if community_ids is not None else before_row.community_ids,
    )
    if new_name != role.name and await _name_taken(actor, new_name, exclude_id=role.id):
        raise RoleError(RoleErrorReason.NAME_TAKEN, "name")
    before = _snapshot(
        role.name, kind, [a.value for a in before_row.permissions], before_row.communities
    )
    after = _snapshot(new_name, kind, [a.value for a in actions], [names[i] for i in ids])
    changed = tuple(k for k in after if after[k] != before[k])
    if not changed:
        return ()
    try:
        async with in_transaction():
            role.name = new_name
            role.permissions = [a.value for a in actions]
            await role.save(update_fields=["name", "permissions"])
            if "communities" in changed:
                await role.communities.clear()
                if ids:
                    await role.communities.add(*await Community.filter(id__in=ids))
            await audit.record(
                actor=actor,
                action="role.update",
                object_type="role",
                object_id=role.id,
                before={k: before[k] for k in changed} | {"name": before["name"]},
                after={k: after[k] for k in changed} | {"name": after["name"]},
            )
    except IntegrityError as exc:
        raise RoleError(RoleErrorReason.NAME_TAKEN, "name") from exc
    log.info("roles: role %s updated (%s) by staff=%s", role.id, ",".join(changed), actor.id)
    return changed


async def choice_grants(actor: StaffUser, choice: str) -> tuple[Profile, Role | None, Grants]:
    """A role choice of the actor's administración: profile to store, role, grants."""
    try:
        parsed = parse_choice(choice)
    except ValueError as exc:
        raise RoleError(RoleErrorReason.NOT_FOUND) from exc
    if isinstance(parsed, Profile):
        return parsed, None, profile_grants(parsed)
    role = await _load(actor, parsed)
    return CUSTOM_ROLE_PROFILE, role, await role_grants(role)


async def move_choices(actor: StaffUser, role_id: int) -> list[tuple[str, str | None]]:
    """Where the users of a role being deleted may go: (choice, custom role name or None for
    a built-in); only roles the actor may give."""
    result: list[tuple[str, str | None]] = []
    mine = await grants_of(actor)
    for profile in Profile:
        if await may_give(actor, profile_grants(profile), actor_grants=mine):
            result.append((profile.value, None))
    for role in sorted(
        await Role.filter(administration_id=actor.administration_id).exclude(id=role_id),
        key=lambda r: (fold(r.name), r.id),
    ):
        if await may_give(actor, await role_grants(role), actor_grants=mine):
            result.append((choice_of(CUSTOM_ROLE_PROFILE, role.id), role.name))
    return result


@changes_identities
async def delete_role(actor: StaffUser, role_id: int, *, move_to: str | None = None) -> int:
    """Delete a role; its users (deleted ones too: their history keeps the reference) move to
    `move_to` first, in the same transaction. Returns how many active users moved."""
    await _require_roles(actor)
    role = await _load_changeable(actor, role_id)
    names = await _names(actor.administration_id)
    row = await _row(role, names)
    holders = await StaffUser.filter(role_id=role.id).count()
    destination: tuple[Profile, Role | None] | None = None
    label: str | None = None
    if holders:
        if move_to is None:
            raise RoleError(RoleErrorReason.MOVE_REQUIRED, "move_to")
        try:
            profile, target, grants = await choice_grants(actor, move_to)
        except RoleError as exc:
            raise RoleError(RoleErrorReason.MOVE_INVALID, "move_to") from exc
        if (target is not None and target.id == role.id) or not await may_give(actor, grants):
            raise RoleError(RoleErrorReason.MOVE_INVALID, "move_to")
        destination = (profile, target)
        label = target.name if target is not None else profile.value
    async with in_transaction():
        if destination is not None:
            profile, target = destination
            await StaffUser.filter(role_id=role.id).update(
                role_id=target.id if target is not None else None, profile=profile
            )
        await audit.record(
            actor=actor,
            action="role.delete",
            object_type="role",
            object_id=role.id,
            before=_snapshot(
                role.name, row.kind, [a.value for a in row.permissions], row.communities
            ),
            after={"moved_to": label, "users": row.users} if destination is not None else None,
        )
        await role.delete()
    log.info("roles: role %s deleted by staff=%s (%s users moved)", role_id, actor.id, holders)
    return row.users


async def assignable_roles(actor: StaffUser) -> list[Role]:
    """Custom roles the actor may give in /usuarios: it manages users and holds every
    permission of the role (and its communities, or every community for kind Administración)."""
    mine = await grants_of(actor)
    if Action.MANAGE_USERS not in mine.actions or actor.is_test_user or not actor.is_active:
        return []
    roles = await Role.filter(administration_id=actor.administration_id)
    result = [r for r in roles if await may_give(actor, await role_grants(r), actor_grants=mine)]
    return sorted(result, key=lambda r: (fold(r.name), r.id))
