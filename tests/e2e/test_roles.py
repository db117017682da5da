"""/roles through the sandbox, as the demo personas use it (issue 13, custom roles)."""

from __future__ import annotations

from bot.demo import LOS_AROMOS
from handlers import texts
from handlers.texts import roles as t
from handlers.texts import users as tu
from models.core import AuditLog, Community, Profile, Role, RoleKind, StaffUser
from models.permissions import Action, Denial
from models.roles import RoleErrorReason
from tests.chat import Message, Person, buttons_of
from tests.e2e.test_users import (
    alert,
    click,
    content,
    create_user,
    forge,
    invitation_code,
    plain,
    press,
    send,
)

SOFIA, ANDRES = 1001, 1002
NOCTURNO, EMPTY, MANAGER, LOOKER = 2101, 2102, 2103, 2104
NIGHT_MENU = ["acceso", "correspondencia", "start", "comunidad", "help", "cancel"]


def toggle(label: str, on: bool) -> str:
    return (t.TOGGLE_ON if on else t.TOGGLE_OFF).format(nombre=label)


async def new_role_name_step(sofia: Person, kind: RoleKind) -> Message:
    listing = await send(sofia, "/roles", t.BUTTON_NEW)
    step = await click(sofia, listing, t.BUTTON_NEW, t.KIND_LABELS[RoleKind.COMMUNITY])
    return await click(sofia, step, t.KIND_LABELS[kind], plain(t.ASK_NAME))


async def create_night_role(sim, emulator) -> Message:
    """1001 creates "Conserje nocturno" (Comunidad, Los Aromos): access checks and parcels."""
    sofia = sim.person(SOFIA)
    await new_role_name_step(sofia, RoleKind.COMMUNITY)
    step = await send(sofia, "Conserje nocturno", plain(t.ASK_COMMUNITIES))
    # "Listo" with no community is refused and the step stays.
    answer = await press(sim, emulator, sofia, step, t.BUTTON_DONE)
    assert answer == alert(t.PICK_ONE_COMMUNITY)
    step = await click(sofia, step, toggle(LOS_AROMOS, False), toggle(LOS_AROMOS, True))
    step = await click(sofia, step, t.BUTTON_DONE, "Control de acceso")
    for action in (Action.CHECK_ACCESS, Action.LOG_VISIT):
        label = t.PERMISSION_LABELS[action]
        step = await click(sofia, step, toggle(label, False), toggle(label, True))
    step = await click(sofia, step, texts.BUTTON_NEXT, "Correspondencia")
    label = t.PERMISSION_LABELS[Action.LOG_CORRESPONDENCE]
    step = await click(sofia, step, toggle(label, False), toggle(label, True))
    review = await click(sofia, step, t.BUTTON_DONE, t.BUTTON_SAVE)
    shown = plain(content(review))
    assert "Conserje nocturno" in shown
    assert LOS_AROMOS in shown
    assert t.PERMISSION_LABELS[Action.LOG_CORRESPONDENCE] in shown
    assert t.PERMISSION_LABELS[Action.DELIVER_CORRESPONDENCE] not in shown
    return await click(sofia, review, t.BUTTON_SAVE, "guardado")


async def test_a_night_concierge_role_gives_exactly_its_commands(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    await create_night_role(sim, emulator)
    role = await Role.get(name="Conserje nocturno")
    assert role.kind is RoleKind.COMMUNITY
    assert set(role.permissions) == {
        Action.CHECK_ACCESS.value,
        Action.LOG_VISIT.value,
        Action.LOG_CORRESPONDENCE.value,
    }
    assert [c.name for c in await role.communities.all()] == [LOS_AROMOS]
    assert await AuditLog.filter(action="role.create", object_id=str(role.id)).exists()

    # 1001 gives it to a new user in /usuarios; they bind Telegram with the invitation.
    sofia = sim.person(SOFIA)
    done = await create_user(
        sofia, profile="Conserje nocturno", first="Nora", email="nora@example.com"
    )
    assert "Conserje nocturno" in content(done)
    nora = await StaffUser.get(email="nora@example.com")
    assert nora.role_id == role.id
    code = await invitation_code(sim, "nora@example.com")
    mail = next(m for m in await sim.emails() if m["to"] == "nora@example.com")
    assert "con el perfil Conserje nocturno." in mail["text"]
    night = sim.person(NOCTURNO)
    await send(night, f"/start {code}", "Perfil: Conserje nocturno")
    assert await sim.commands(NOCTURNO) == NIGHT_MENU
    help_text = content(await send(night, "/help", "/acceso"))
    assert "/correspondencia" in help_text
    for hidden in ("/entregar", "/pendientes", "/visitas", "/usuarios", "/roles", "/sms"):
        assert hidden not in help_text
    # What the role grants works; what it does not is refused.
    await send(night, "/entregar", texts.DENIALS[Denial.PROFILE])
    await send(night, "/pendientes", texts.DENIALS[Denial.PROFILE])

    # 1001 adds "Entregar correspondencia": the user's menu follows at their next message.
    card = await click(sofia, await send(sofia, "/roles", t.BUTTON_NEW), role.name, "Usuarios: 1")
    step = await click(sofia, card, t.BUTTON_EDIT_PERMISSIONS, "Control de acceso")
    step = await click(sofia, step, texts.BUTTON_NEXT, "Correspondencia")
    label = t.PERMISSION_LABELS[Action.DELIVER_CORRESPONDENCE]
    step = await click(sofia, step, toggle(label, False), toggle(label, True))
    review = await click(sofia, step, t.BUTTON_DONE, t.BUTTON_SAVE)
    await click(sofia, review, t.BUTTON_SAVE, "guardado")
    await send(night, "/help", "/entregar")
    assert "entregar" in await sim.commands(NOCTURNO)


async def test_a_used_name_a_bad_name_and_forged_buttons_are_refused(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    await create_night_role(sim, emulator)
    sofia = sim.person(SOFIA)
    await new_role_name_step(sofia, RoleKind.COMMUNITY)
    await send(sofia, "conserje NOCTÚRNO", t.ERRORS[RoleErrorReason.NAME_TAKEN])
    await send(sofia, "—", t.ERRORS[RoleErrorReason.INVALID_NAME])
    step = await send(sofia, "Conserje de día", plain(t.ASK_COMMUNITIES))
    answer = await forge(sim, emulator, SOFIA, step, "rol:tg:999999")
    assert answer == alert(t.ERRORS[RoleErrorReason.COMMUNITY_OUT_OF_SCOPE])
    step = await click(sofia, step, toggle(LOS_AROMOS, False), toggle(LOS_AROMOS, True))
    step = await click(sofia, step, t.BUTTON_DONE, "Control de acceso")
    answer = await forge(sim, emulator, SOFIA, step, "rol:pm:fly_to_the_moon")
    assert answer == alert(t.ERRORS[RoleErrorReason.UNKNOWN_PERMISSION])
    # Another role's id that does not exist (or is another administración's) is not found.
    listing = await send(sofia, "/roles", t.BUTTON_NEW)
    answer = await forge(sim, emulator, SOFIA, listing, "rol:card:999999")
    assert answer == alert(t.ERRORS[RoleErrorReason.NOT_FOUND])
    answer = await forge(sim, emulator, SOFIA, listing, "rol:mv:999999:admin")
    assert answer == alert(t.ERRORS[RoleErrorReason.NOT_FOUND])
    assert await Role.all().count() == 1


async def test_deleting_a_role_in_use_asks_where_its_users_go(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    await create_night_role(sim, emulator)
    sofia = sim.person(SOFIA)
    await create_user(sofia, profile="Conserje nocturno", first="Nora", email="nora@example.com")
    card = await click(
        sofia, await send(sofia, "/roles", t.BUTTON_NEW), "Conserje nocturno", "Usuarios: 1"
    )
    question = await click(sofia, card, t.BUTTON_DELETE, "¿A qué rol pasan")
    assert "Conserje" + t.BUILTIN_SUFFIX in buttons_of(question)
    await click(sofia, question, "Conserje" + t.BUILTIN_SUFFIX, "eliminado")
    assert not await Role.exists()
    nora = await StaffUser.get(email="nora@example.com")
    assert nora.role_id is None
    assert nora.profile.value == "conserje"
    entry = await AuditLog.get(action="role.delete")
    assert entry.after == {"moved_to": "conserje", "users": 1}
    # The audit reads it in Spanish.
    audit = await send(sofia, "/auditoria", "eliminó el rol")
    assert "Conserje nocturno" in content(audit)


async def test_an_administrator_cannot_manage_roles(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    refusal = await send(andres, "/roles", t.ERRORS[RoleErrorReason.NOT_ALLOWED])
    assert t.BUTTON_NEW not in buttons_of(refusal)
    assert "roles" not in await sim.commands(ANDRES)
    answer = await forge(sim, emulator, ANDRES, refusal, "rol:new")
    assert answer == alert(t.ERRORS[RoleErrorReason.NOT_ALLOWED])
    assert not await Role.exists()
    # /usuarios offers an Administrador only what it may give.
    listing = await send(andres, "/usuarios", tu.BUTTON_CREATE)
    step = await click(andres, listing, tu.BUTTON_CREATE, "rol")
    assert buttons_of(step)[:2] == ["Administrador", "Conserje"]


async def test_a_test_super_admin_looks_at_the_roles_and_changes_none(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    await create_night_role(sim, emulator)
    sofia = await StaffUser.get(telegram_id=SOFIA)
    await StaffUser.create(
        administration_id=sofia.administration_id,
        first_name="Mirella",
        last_name="Mira",
        email="mirella@example.com",
        profile=Profile.SUPER_ADMIN,
        is_test_user=True,
        telegram_id=LOOKER,
    )
    looker = sim.person(LOOKER)
    listing = await send(looker, "/roles", "Conserje nocturno")
    assert "roles" in await sim.commands(LOOKER)
    assert t.BUTTON_NEW not in buttons_of(listing)
    card = await click(looker, listing, "Conserje nocturno", "Los Aromos")
    assert buttons_of(card) == [t.BUTTON_BACK]
    role = await Role.get(name="Conserje nocturno")
    for data in ("rol:new", f"rol:del:{role.id}", f"rol:edit:{role.id}:nm"):
        answer = await forge(sim, emulator, LOOKER, card, data)
        assert answer == alert(t.ERRORS[RoleErrorReason.READ_ONLY]), data
    assert await Role.filter(name="Conserje nocturno").count() == 1


async def test_a_role_with_no_permissions_sees_only_the_shared_commands(sim) -> None:
    sofia = await StaffUser.get(telegram_id=SOFIA)
    aromos = await Community.get(name=LOS_AROMOS)
    empty = await Role.create(
        administration_id=sofia.administration_id,
        name="Sin permisos",
        kind=RoleKind.COMMUNITY,
        permissions=[],
    )
    await empty.communities.add(aromos)
    nadie = await StaffUser.create(
        administration_id=sofia.administration_id,
        first_name="Nadia",
        last_name="Nada",
        email="nadia@example.com",
        profile=Profile.CONCIERGE,
        role=empty,
        telegram_id=EMPTY,
    )
    await nadie.communities.add(aromos)
    person = sim.person(EMPTY)
    help_text = content(await send(person, "/help", "/start"))
    assert await sim.commands(EMPTY) == ["start", "comunidad", "help", "cancel"]
    assert "/acceso" not in help_text
    await send(person, "/acceso", texts.DENIALS[Denial.PROFILE])
    await send(person, "/correspondencia", texts.DENIALS[Denial.PROFILE])


async def test_a_role_manager_is_offered_and_may_give_only_what_it_holds(
    sim, emulator_and_app
) -> None:
    emulator, _ = emulator_and_app
    sofia = await StaffUser.get(telegram_id=SOFIA)
    keeper = await Role.create(
        administration_id=sofia.administration_id,
        name="Encargado de roles",
        kind=RoleKind.ADMINISTRATION,
        permissions=[Action.MANAGE_ROLES.value, Action.CHECK_ACCESS.value],
    )
    await StaffUser.create(
        administration_id=sofia.administration_id,
        first_name="Rita",
        last_name="Roles",
        email="rita@example.com",
        profile=Profile.CONCIERGE,
        role=keeper,
        telegram_id=MANAGER,
    )
    rita = sim.person(MANAGER)
    await send(rita, "/help", "/roles")
    assert await sim.commands(MANAGER) == [
        "acceso",
        "roles",
        "start",
        "comunidad",
        "help",
        "cancel",
    ]
    await new_role_name_step(rita, RoleKind.ADMINISTRATION)
    step = await send(rita, "Portero", "Control de acceso")
    offered = buttons_of(step)
    assert toggle(t.PERMISSION_LABELS[Action.CHECK_ACCESS], False) in offered
    assert toggle(t.PERMISSION_LABELS[Action.LOG_VISIT], False) not in offered
    answer = await forge(sim, emulator, MANAGER, step, f"rol:pm:{Action.BUY_SMS.value}")
    assert answer == alert(t.ERRORS[RoleErrorReason.PERMISSION_NOT_HELD])
    label = t.PERMISSION_LABELS[Action.CHECK_ACCESS]
    step = await click(rita, step, toggle(label, False), toggle(label, True))
    review = await click(rita, step, t.BUTTON_DONE, t.BUTTON_SAVE)
    await click(rita, review, t.BUTTON_SAVE, "guardado")
    portero = await Role.get(name="Portero")
    assert portero.permissions == [Action.CHECK_ACCESS.value]
