"""Authorization in one place: may this person do this action in this community?

Identity comes only from the Telegram user id (resolved to a `StaffUser` before this is
asked); everything here denies by default. Handlers ask `authorize()`; nothing else decides.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from models.core import Community, Profile, Role, RoleKind, StaffUser
from models.errors import DomainError

log = logging.getLogger(__name__)


class Action(StrEnum):
    """Everything a staff member can ask to do, named after SPEC §2's capability table."""

    # every staff profile
    CHECK_ACCESS = "check_access"
    LOG_VISIT = "log_visit"
    VIEW_VISITS = "view_visits"
    VIEW_CORRESPONDENCE = "view_correspondence"
    LOG_CORRESPONDENCE = "log_correspondence"
    DELIVER_CORRESPONDENCE = "deliver_correspondence"
    VIEW_LOGBOOK = "view_logbook"
    WRITE_LOGBOOK = "write_logbook"
    RECORD_METER_READING = "record_meter_reading"
    VIEW_REPORTS = "view_reports"
    SWITCH_COMMUNITY = "switch_community"
    # administrators
    VIEW_ACCESS_LISTS = "view_access_lists"
    MANAGE_ACCESS_LISTS = "manage_access_lists"
    VIEW_PROPERTIES = "view_properties"
    MANAGE_PROPERTIES = "manage_properties"
    MANAGE_MOBILES = "manage_mobiles"
    VIEW_USERS = "view_users"
    MANAGE_USERS = "manage_users"
    VIEW_SMS = "view_sms"
    BUY_SMS = "buy_sms"
    VIEW_LOGOS = "view_logos"
    MANAGE_LOGOS = "manage_logos"
    VIEW_ADMINISTRATION = "view_administration"
    VIEW_COMMUNITIES = "view_communities"
    EDIT_COMMUNITY = "edit_community"
    VIEW_CONTACTS = "view_contacts"
    MANAGE_CONTACTS = "manage_contacts"
    REVIEW_LOGBOOK = "review_logbook"  # older entries, chain state, handovers not received
    CONFIGURE_LOGBOOK = "configure_logbook"  # the logbook's categories
    MANAGE_METERS = "manage_meters"  # configure meters, correct anyone's readings later
    EXPORT_METER_READINGS = "export_meter_readings"
    # súper administrador only
    MANAGE_COMMUNITIES = "manage_communities"  # create, delete, restore
    VIEW_ROLES = "view_roles"
    MANAGE_ROLES = "manage_roles"
    VIEW_AUDIT = "view_audit"
    MANAGE_CATALOGUE = "manage_catalogue"


_ALL = frozenset(Profile)
_ADMINS = frozenset({Profile.SUPER_ADMIN, Profile.ADMIN})
_SUPER = frozenset({Profile.SUPER_ADMIN})


@dataclass(frozen=True)
class Rule:
    profiles: frozenset[Profile]
    writes: bool


RULES: dict[Action, Rule] = {
    Action.CHECK_ACCESS: Rule(_ALL, writes=False),
    Action.LOG_VISIT: Rule(_ALL, writes=True),
    Action.VIEW_VISITS: Rule(_ALL, writes=False),
    Action.VIEW_CORRESPONDENCE: Rule(_ALL, writes=False),
    Action.LOG_CORRESPONDENCE: Rule(_ALL, writes=True),
    Action.DELIVER_CORRESPONDENCE: Rule(_ALL, writes=True),
    Action.VIEW_LOGBOOK: Rule(_ALL, writes=False),
    Action.WRITE_LOGBOOK: Rule(_ALL, writes=True),
    Action.RECORD_METER_READING: Rule(_ALL, writes=True),
    Action.VIEW_REPORTS: Rule(_ALL, writes=False),
    # Choosing where one works changes nothing shared, so test users may do it too.
    Action.SWITCH_COMMUNITY: Rule(_ALL, writes=False),
    Action.VIEW_ACCESS_LISTS: Rule(_ADMINS, writes=False),
    Action.MANAGE_ACCESS_LISTS: Rule(_ADMINS, writes=True),
    Action.VIEW_PROPERTIES: Rule(_ADMINS, writes=False),
    Action.MANAGE_PROPERTIES: Rule(_ADMINS, writes=True),
    Action.MANAGE_MOBILES: Rule(_ADMINS, writes=True),
    Action.VIEW_USERS: Rule(_ADMINS, writes=False),
    Action.MANAGE_USERS: Rule(_ADMINS, writes=True),
    Action.VIEW_SMS: Rule(_ADMINS, writes=False),
    Action.BUY_SMS: Rule(_ADMINS, writes=True),
    Action.VIEW_LOGOS: Rule(_ADMINS, writes=False),
    Action.MANAGE_LOGOS: Rule(_ADMINS, writes=True),
    Action.VIEW_ADMINISTRATION: Rule(_ADMINS, writes=False),
    Action.VIEW_COMMUNITIES: Rule(_ADMINS, writes=False),
    Action.EDIT_COMMUNITY: Rule(_ADMINS, writes=True),
    Action.VIEW_CONTACTS: Rule(_ADMINS, writes=False),
    # Per community (associate, Mostrar); a contact itself only when all its communities are
    # in the actor's scope.
    Action.MANAGE_CONTACTS: Rule(_ADMINS, writes=True),
    # The whole book (search older entries, chain state, handovers not received) and its
    # alta notices and daily digest; concierges see the last 48 hours.
    Action.REVIEW_LOGBOOK: Rule(_ADMINS, writes=False),
    Action.CONFIGURE_LOGBOOK: Rule(_ADMINS, writes=True),
    # Meter readings (issue 14): configuring meters and late corrections are the
    # administrators'; the monthly export changes nothing, so a test user may take it.
    Action.MANAGE_METERS: Rule(_ADMINS, writes=True),
    Action.EXPORT_METER_READINGS: Rule(_ADMINS, writes=False),
    # Seed 001: creating and deleting communities, and roles, are the administración's own.
    Action.MANAGE_COMMUNITIES: Rule(_SUPER, writes=True),
    Action.VIEW_ROLES: Rule(_SUPER, writes=False),
    Action.MANAGE_ROLES: Rule(_SUPER, writes=True),
    Action.VIEW_AUDIT: Rule(_SUPER, writes=False),
    Action.MANAGE_CATALOGUE: Rule(_SUPER, writes=True),
}


class Denial(StrEnum):
    """Why an action was refused; handlers turn these into Spanish messages."""

    INACTIVE = "inactive"
    PROFILE = "profile"
    SCOPE = "scope"
    READ_ONLY = "read_only"
    NO_COMMUNITY = "no_community"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Denial | None = None

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


class NotAllowed(DomainError):
    """Raised by `require()`; carries the reason for the person's message."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason.value if decision.reason else "not_allowed")
        self.reason = decision.reason


def builtin_grants(profile: Profile | str) -> frozenset[Action]:
    """What a built-in role (one of SPEC §2's profiles) grants: its column of `RULES`."""
    chosen = Profile(profile)
    return frozenset(action for action, rule in RULES.items() if chosen in rule.profiles)


# Administering something includes seeing it: its tools live on the screen that shows it. A
# custom role granted the left action also gets the right one (the built-in roles hold both
# already), so no role can change what it cannot open. The desk's actions imply nothing: a
# night concierge may log parcels without seeing the pending list.
IMPLIES: dict[Action, Action] = {
    Action.MANAGE_ACCESS_LISTS: Action.VIEW_ACCESS_LISTS,
    Action.MANAGE_PROPERTIES: Action.VIEW_PROPERTIES,
    Action.MANAGE_MOBILES: Action.VIEW_PROPERTIES,
    Action.MANAGE_USERS: Action.VIEW_USERS,
    Action.BUY_SMS: Action.VIEW_SMS,
    Action.MANAGE_LOGOS: Action.VIEW_LOGOS,
    Action.EDIT_COMMUNITY: Action.VIEW_COMMUNITIES,
    Action.MANAGE_COMMUNITIES: Action.VIEW_COMMUNITIES,
    Action.MANAGE_CONTACTS: Action.VIEW_CONTACTS,
    Action.MANAGE_ROLES: Action.VIEW_ROLES,
    Action.CONFIGURE_LOGBOOK: Action.VIEW_LOGBOOK,
}


def known_actions(values: Iterable[str]) -> frozenset[Action]:
    """A stored role's permissions as actions, with what they imply (`IMPLIES`); a value no
    longer in the table grants nothing."""
    known = {a.value for a in Action}
    chosen = {Action(v) for v in values if v in known}
    return frozenset(chosen | {IMPLIES[a] for a in chosen if a in IMPLIES})


@dataclass(frozen=True)
class Grants:
    """What a person's role (built-in or custom) grants, and where.

    `everywhere`: every community of the administración (a Súper Administrador, or a custom role
    of kind Administración). `administration_wide`: administration-wide actions
    (`authorize_administration`) are open to the role: built-in profiles per `RULES`, custom roles
    only of kind Administración. `communities`: for a role of kind Comunidad, the communities
    chosen for it; the person acts only where these meet the communities assigned to them.
    """

    actions: frozenset[Action]
    everywhere: bool
    administration_wide: bool
    communities: frozenset[int] | None = None
    role_id: int | None = None


def profile_grants(profile: Profile | str) -> Grants:
    chosen = Profile(profile)
    return Grants(
        builtin_grants(chosen),
        everywhere=chosen is Profile.SUPER_ADMIN,
        administration_wide=True,
    )


async def role_grants(role: Role) -> Grants:
    """A custom role's grants (its communities, when of kind Comunidad, not deleted)."""
    actions = known_actions(role.permissions or [])
    if role.kind is RoleKind.ADMINISTRATION:
        return Grants(actions, everywhere=True, administration_wide=True, role_id=role.id)
    ids = await role.communities.filter(deleted_at=None).values_list("id", flat=True)
    return Grants(
        actions,
        everywhere=False,
        administration_wide=False,
        communities=frozenset(int(cast(int, i)) for i in ids),
        role_id=role.id,
    )


NO_GRANTS = Grants(
    frozenset(), everywhere=False, administration_wide=False, communities=frozenset()
)


async def grants_of(user: StaffUser) -> Grants:
    """The person's grants: the custom role's when `role_id` is set, else the profile's."""
    if user.role_id is None:
        return profile_grants(user.profile)
    role = await Role.get_or_none(id=user.role_id, administration_id=user.administration_id)
    if role is None:
        return NO_GRANTS
    return await role_grants(role)


async def community_ids_in_scope(user: StaffUser, grants: Grants | None = None) -> set[int]:
    """The communities this person may act in.

    Built-in roles: all of the administración for a Súper Administrador, else the assigned
    ones. Custom roles: all of the administración for kind Administración; for kind Comunidad,
    the role's communities that are also assigned to the person.
    A deleted community (waiting 30 days for its purge) is in nobody's scope: it vanishes for
    everyone at once, and every action there is refused."""
    if not user.is_active:
        return set()
    if grants is None:
        grants = await grants_of(user)
    if grants.everywhere:
        ids = await Community.filter(
            administration_id=user.administration_id, deleted_at=None
        ).values_list("id", flat=True)
    else:
        ids = await user.communities.filter(deleted_at=None).values_list("id", flat=True)
    scope = {int(cast(int, i)) for i in ids}
    if grants.communities is not None:
        scope &= grants.communities
    return scope


def decide(
    granted: frozenset[Action],
    *,
    is_active: bool,
    is_test_user: bool,
    in_scope: bool,
    action: Action,
) -> Decision:
    """The pure rule, table-driven and free of I/O: `granted` is what the person's role grants
    (`builtin_grants(profile)` or a custom role's permissions)."""
    rule = RULES.get(action)
    if rule is None or not is_active:
        return Decision(False, Denial.INACTIVE if rule else Denial.PROFILE)
    if action not in granted:
        return Decision(False, Denial.PROFILE)
    if not in_scope:
        return Decision(False, Denial.SCOPE)
    if rule.writes and is_test_user:
        return Decision(False, Denial.READ_ONLY)
    return ALLOWED


async def authorize(
    user: StaffUser | None, action: Action, community_id: int | None, *, quiet: bool = False
) -> Decision:
    """May `user` do `action` in `community_id`? Logs every refusal (who, what, where), unless
    `quiet`: a view asking which buttons to show is not a refusal of anything."""
    if user is None:
        decision = Decision(False, Denial.PROFILE)
    elif community_id is None:
        decision = Decision(False, Denial.NO_COMMUNITY)
    else:
        grants = await grants_of(user)
        in_scope = int(community_id) in await community_ids_in_scope(user, grants)
        decision = decide(
            grants.actions,
            is_active=user.is_active,
            is_test_user=user.is_test_user,
            in_scope=in_scope,
            action=action,
        )
    if not decision and not quiet:
        log.warning(
            "refused: staff=%s action=%s community=%s reason=%s",
            user.id if user else None,
            action.value,
            community_id,
            decision.reason,
        )
    return decision


async def authorize_administration(
    user: StaffUser | None, action: Action, *, quiet: bool = False
) -> Decision:
    """May `user` do `action` for the administración as a whole (no one community): create a
    community, manage roles, see the administration home? Same table, same logging."""
    if user is None:
        decision = Decision(False, Denial.PROFILE)
    else:
        grants = await grants_of(user)
        decision = decide(
            grants.actions,
            is_active=user.is_active,
            is_test_user=user.is_test_user,
            in_scope=grants.administration_wide,
            action=action,
        )
    if not decision and not quiet:
        log.warning(
            "refused: staff=%s action=%s administration-wide reason=%s",
            user.id if user else None,
            action.value,
            decision.reason,
        )
    return decision


async def require_administration(user: StaffUser | None, action: Action) -> None:
    """`authorize_administration()` that raises `NotAllowed`."""
    decision = await authorize_administration(user, action)
    if not decision:
        raise NotAllowed(decision)


async def require(user: StaffUser | None, action: Action, community_id: int | None) -> None:
    """`authorize()` that raises `NotAllowed`, for domain code paths."""
    decision = await authorize(user, action, community_id)
    if not decision:
        raise NotAllowed(decision)


async def authorize_somewhere(user: StaffUser | None, action: Action) -> Decision:
    """Does the person's role grant `action` at all (quietly; each target is then checked in
    its own community)? For lists that span the person's communities, such as /usuarios."""
    if user is None:
        return Decision(False, Denial.PROFILE)
    grants = await grants_of(user)
    return decide(
        grants.actions,
        is_active=user.is_active,
        is_test_user=user.is_test_user,
        in_scope=True,
        action=action,
    )


# Actions that may be asked administration-wide (`authorize_administration`): a custom role of
# kind Comunidad holds them only per community, so it may not give a role holding them wide.
ADMINISTRATION_WIDE = frozenset(
    {
        Action.VIEW_ADMINISTRATION,
        Action.VIEW_COMMUNITIES,
        Action.EDIT_COMMUNITY,
        Action.VIEW_CONTACTS,
        Action.MANAGE_CONTACTS,
        Action.VIEW_LOGOS,
        Action.MANAGE_LOGOS,
        Action.MANAGE_COMMUNITIES,
        Action.VIEW_ROLES,
        Action.MANAGE_ROLES,
        Action.VIEW_AUDIT,
        Action.MANAGE_CATALOGUE,
    }
)


# Actions only ever asked administration-wide: a role of kind Comunidad cannot use them, so it
# may not hold them (nor show their commands in its holders' menus).
ADMINISTRATION_ONLY = frozenset(
    {
        Action.VIEW_ADMINISTRATION,
        Action.MANAGE_COMMUNITIES,
        Action.VIEW_ROLES,
        Action.MANAGE_ROLES,
        Action.VIEW_AUDIT,
        Action.MANAGE_CATALOGUE,
    }
)


def _wide(grants: Grants) -> frozenset[Action]:
    return grants.actions & ADMINISTRATION_WIDE if grants.administration_wide else frozenset()


async def may_give(actor: StaffUser, given: Grants, *, actor_grants: Grants | None = None) -> bool:
    """Whether `actor` may create or assign a role granting `given` (seed: nobody gives more
    than they hold). The actor must manage users (roles too, for a custom role being created),
    be active and not a test user; `given` must be a subset of the actor's actions, reach no
    community outside the actor's scope (kind Administración: every community) and open no
    administration-wide action the actor lacks."""
    if actor.is_test_user or not actor.is_active:
        return False
    mine = actor_grants or await grants_of(actor)
    if not given.actions <= mine.actions:
        return False
    if given.everywhere and not mine.everywhere:
        return False
    if not _wide(given) <= _wide(mine):
        return False
    return (
        given.communities is None
        or mine.everywhere
        or given.communities <= await community_ids_in_scope(actor, mine)
    )


async def assignable_profiles(actor: StaffUser) -> tuple[Profile, ...]:
    """Built-in roles `actor` may give to a user it creates or edits (seed: Crear usuarios):
    those granting nothing the actor lacks, to a holder of MANAGE_USERS."""
    mine = await grants_of(actor)
    if Action.MANAGE_USERS not in mine.actions:
        return ()
    return tuple(
        [p for p in Profile if await may_give(actor, profile_grants(p), actor_grants=mine)]
    )
