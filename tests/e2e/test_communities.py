"""/administracion and /comunidades through the sandbox, as the personas (issue 13, items 1–2)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.demo import LOS_AROMOS
from handlers import texts
from handlers.texts import communities as t
from handlers.texts import properties as tp
from models.communities import (
    CommunityData,
    CommunityField,
    CommunityProblem,
    create_community,
    delete_community,
)
from models.core import Administration, AuditLog, Community, Profile, Property, StaffUser
from models.correspondence import CorrespondenceItem, ItemStatus
from models.images import ImageRefusal
from models.permissions import Denial
from tests.chat import Message, Person, Simulator, buttons_of
from tests.e2e.test_sandbox_time import call
from tests.e2e.test_users import _last_id, alert, click, content, forge, plain, send, wait_for
from tests.models.test_images import BLUE, RED, heavy_jpeg, jpeg, png_named_jpg

SOFIA, ANDRES, CARLA, PABLO = 1001, 1002, 1003, 1005
PALMAS_CONCIERGE = 3001
PALMAS = "Edificio Las Palmas"


def problem(which: CommunityProblem, field: str = "") -> str:
    return plain(t.PROBLEMS[which].format(campo=field))


async def upload(person: Person, kind: str, data: bytes, name: str, expect: str) -> Message:
    floor = await _last_id(person)
    await person.send_file(kind, data, name)
    return await wait_for(person, expect, floor)


async def open_list(person: Person, expect: str = t.BUTTON_SEARCH) -> Message:
    return await send(person, "/comunidades", expect)


async def open_card(person: Person, name: str) -> Message:
    listing = await open_list(person)
    label = next(b for b in buttons_of(listing) if name in b)
    return await click(person, listing, label, "Dirección:")


async def create_palmas(sofia: Person) -> Message:
    """The whole create form, with a refusal at every field that can be wrong."""
    await Community.filter(name=LOS_AROMOS).update(code="LA-1")
    listing = await open_list(sofia)
    await click(sofia, listing, t.BUTTON_CREATE, plain(t.ASK_FIELD[CommunityField.NAME]))
    # A photo is no name (an empty one cannot be sent; the domain tests refuse it).
    await upload(sofia, "photo", jpeg(60, 60), "x.jpg", t.EXPECTED_TEXT)
    await send(sofia, "edificio los aromos", problem(CommunityProblem.NAME_TAKEN))
    await send(sofia, PALMAS, plain(t.ASK_FIELD[CommunityField.EMAIL]))
    await send(sofia, "palmas@", problem(CommunityProblem.INVALID_EMAIL))
    await send(sofia, "palmas@example.com", plain(t.ASK_FIELD[CommunityField.PHONE]))
    await send(sofia, "12345", problem(CommunityProblem.INVALID_PHONE))
    await send(sofia, "2 2345 6789", plain(t.ASK_FIELD[CommunityField.RUT]))
    await send(sofia, "76.086.428-4", problem(CommunityProblem.INVALID_RUT))
    await send(sofia, "76.086.428-5", plain(t.ASK_FIELD[CommunityField.ADDRESS]))
    await send(sofia, "Av. Las Palmas 123, Providencia", "Omitir")
    await send(sofia, "la-1", problem(CommunityProblem.CODE_TAKEN))
    await send(sofia, "LP-01", "firma")
    await upload(
        sofia, "document", png_named_jpg(), "firma.jpg", t.IMAGE_REFUSALS[ImageRefusal.FORMAT]
    )
    await upload(sofia, "photo", jpeg(1200, 400, BLUE), "firma.jpg", "Firma recibido")
    await upload(
        sofia, "document", heavy_jpeg(), "logo.jpg", t.IMAGE_REFUSALS[ImageRefusal.TOO_HEAVY]
    )
    review = await upload(sofia, "document", jpeg(800, 600, RED), "logo.jpg", t.BUTTON_SAVE)
    text = content(review)
    for shown in (PALMAS, "palmas@example.com", "+56 2 2345 6789", "76.086.428-5", "LP-01"):
        assert shown in text, shown
    assert not await Community.filter(name=PALMAS).exists()  # nothing until "Guardar"
    return await click(sofia, review, t.BUTTON_SAVE, "creada")


async def test_sofia_creates_las_palmas_adds_depto_1_and_a_concierge_logs_a_parcel_there(
    sim: Simulator,
) -> None:
    sofia = sim.person(SOFIA)
    home = await send(sofia, "/administracion", "RUT")
    assert "Administradora Demo SpA" in content(home)
    assert "76.086.428-5" in content(home)
    assert "ejecutivo de ventas" in content(home)
    assert buttons_of(home) == [
        t.BUTTON_COMMUNITIES,
        t.BUTTON_CONTACTS,
        t.BUTTON_ROLES,
        t.BUTTON_LOGO,
    ]
    # The home's buttons continue with their commands.
    roles = await click(sofia, home, t.BUTTON_ROLES, "Incorporados")
    assert "Roles" in content(roles)
    home = await send(sofia, "/administracion", "RUT")
    contacts = await click(sofia, home, t.BUTTON_CONTACTS, "Contactos de la administración")
    assert "contacto(s)" in content(contacts)
    home = await send(sofia, "/administracion", "RUT")
    listing = await click(sofia, home, t.BUTTON_COMMUNITIES, t.BUTTON_CREATE)
    assert "Edificio Los Aromos" in content(listing)

    await create_palmas(sofia)
    palmas = await Community.get(name=PALMAS)
    assert (palmas.phone, palmas.rut, palmas.code) == ("+56223456789", "76086428-5", "LP-01")
    choose = await send(sofia, "/comunidad", "¿En qué comunidad trabajas ahora?")
    assert PALMAS in buttons_of(choose)

    # Ingresar, then Depto 1 with the existing import.
    card = await open_card(sofia, PALMAS)
    assert {t.BUTTON_EDIT, t.BUTTON_ENTER, t.BUTTON_DELETE} <= set(buttons_of(card))
    entered = await click(sofia, card, t.BUTTON_ENTER, "Ahora trabajas en")
    assert PALMAS in content(entered)
    listing = await send(sofia, "/inmuebles", tp.BUTTON_IMPORT)
    assert PALMAS in content(listing)
    await click(sofia, listing, tp.BUTTON_IMPORT, "Importar inmuebles")
    await upload(sofia, "document", b"inmueble\nDepto 1\n", "i.csv", "Importación lista")
    depto = await Property.get(community=palmas, name="Depto 1")

    # A concierge scoped to Las Palmas logs a parcel there.
    concierge = await StaffUser.create(
        administration_id=palmas.administration_id,
        first_name="Pedro",
        last_name="Palmas",
        email="pedro@example.com",
        profile=Profile.CONCIERGE,
        telegram_id=PALMAS_CONCIERGE,
    )
    await concierge.communities.add(palmas)
    pedro = sim.person(PALMAS_CONCIERGE)
    await send(pedro, "/correspondencia", "¿Para qué inmueble?")
    kinds = await send(pedro, "Depto 1", "¿Qué llegó?")
    step = await click(pedro, kinds, "Carta", "¿Quién lo envía?")
    step = await send(pedro, "Banco", "Envía una foto")
    review = await click(pedro, step, "Omitir", "Revisa antes de guardar")
    await click(pedro, review, "Guardar", "Correspondencia registrada")
    assert await CorrespondenceItem.filter(property=depto, status=ItemStatus.PENDING).count() == 1

    # Deleting needs the typed name; a mistyped one changes nothing.
    card = await open_card(sofia, PALMAS)
    summary = await click(sofia, card, t.BUTTON_DELETE, "escribe el nombre")
    assert "1 inmuebles" in content(summary)
    assert "1 envíos de correspondencia" in content(summary)
    await send(sofia, "Edificio Las Palma", problem(CommunityProblem.NAME_MISMATCH))
    assert (await Community.get(id=palmas.id)).deleted_at is None
    card = await open_card(sofia, PALMAS)
    await click(sofia, card, t.BUTTON_DELETE, "escribe el nombre")
    await send(sofia, "  edificio LAS palmas ", "fue eliminada")
    # Gone at once: from /comunidad, the list, and the concierge's work.
    choose = await send(sofia, "/comunidad", "¿En qué comunidad trabajas ahora?")
    assert not [label for label in buttons_of(choose) if PALMAS in label]
    assert PALMAS not in content(await open_list(sofia))
    refused = await send(pedro, "/correspondencia", texts.DENIALS[Denial.NO_COMMUNITY])
    assert "Depto 1" not in content(refused)

    # Restaurar brings it back intact.
    listing = await open_list(sofia)
    gone = await click(sofia, listing, t.BUTTON_DELETED, "Comunidades eliminadas")
    ask = await click(
        sofia, gone, t.BUTTON_RESTORE.format(nombre=PALMAS), "Vuelve con sus inmuebles"
    )
    await click(sofia, ask, t.BUTTON_RESTORE_OK, "fue restaurada")
    choose = await send(sofia, "/comunidad", "¿En qué comunidad trabajas ahora?")
    # Back as it was: still where Sofía worked before the deletion.
    assert texts.COMMUNITY_CURRENT_MARK.format(nombre=PALMAS) in buttons_of(choose)
    assert await Property.filter(community=palmas).count() == 1
    assert await CorrespondenceItem.filter(property=depto, status=ItemStatus.PENDING).count() == 1
    await send(pedro, "/correspondencia", "¿Para qué inmueble?")
    actions = set(
        await AuditLog.filter(object_type="community", object_id=str(palmas.id)).values_list(
            "action", flat=True
        )
    )
    assert {"community.create", "community.delete", "community.restore"} <= actions


async def test_volver_a_la_administracion_after_choosing_a_community(sim: Simulator) -> None:
    sofia = sim.person(SOFIA)
    choose = await send(sofia, "/comunidad", "¿En qué comunidad trabajas ahora?")
    switched = await click(sofia, choose, LOS_AROMOS, "Ahora trabajas en")
    assert t.BUTTON_BACK_HOME in buttons_of(switched)
    home = await click(sofia, switched, t.BUTTON_BACK_HOME, "ejecutivo de ventas")
    # Logo continues with /logo, in the community she works in.
    await click(sofia, home, t.BUTTON_LOGO, f"Logos de {LOS_AROMOS}")
    help_text = content(await send(sofia, "/help", "/administracion"))
    assert "/comunidades" in help_text
    # A concierge has no administration home: no button, and the command is refused.
    carla = sim.person(CARLA)
    only = await send(carla, "/comunidad", "es tu única comunidad")
    assert t.BUTTON_BACK_HOME not in buttons_of(only)
    await send(carla, "/administracion", plain(texts.DENIALS[Denial.PROFILE]))
    await send(carla, "/comunidades", plain(texts.DENIALS[Denial.PROFILE]))
    carla_help = content(await send(carla, "/help", "/comunidad"))
    assert "/administracion" not in carla_help
    assert "/comunidades" not in carla_help


async def test_the_administrador_edits_in_scope_but_cannot_create_delete_or_restore(
    sim: Simulator, emulator_and_app: Any
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    home = await send(andres, "/administracion", "RUT")
    assert plain(t.HOME_READ_ONLY).strip() in content(home)
    assert t.BUTTON_ROLES not in buttons_of(home)  # roles are the Súper Administrador's
    assert t.BUTTON_CONTACTS in buttons_of(home)
    listing = await open_list(andres)
    assert t.BUTTON_CREATE not in buttons_of(listing)
    assert t.BUTTON_DELETED not in buttons_of(listing)
    assert "Condominio Vista Cordillera" not in content(listing)  # not his
    card = await open_card(andres, LOS_AROMOS)
    assert t.BUTTON_DELETE not in buttons_of(card)
    aromos = await Community.get(name=LOS_AROMOS)
    vista = await Community.get(name="Condominio Vista Cordillera")
    profile = alert(texts.DENIALS[Denial.PROFILE])
    for data in ("cmn:new", f"cmn:del:{aromos.id}", "cmn:gone:0", f"cmn:rsok:{aromos.id}"):
        assert await forge(sim, emulator, ANDRES, card, data) == profile, data
    scope = alert(texts.DENIALS[Denial.SCOPE])
    assert await forge(sim, emulator, ANDRES, card, f"cmn:card:{vista.id}") == scope
    assert await forge(sim, emulator, ANDRES, card, f"cmn:ef:{vista.id}:name") == scope

    # Editing his community: the warning, a refusal, then the change (audited).
    choose = await click(andres, card, t.BUTTON_EDIT, "reportes")
    await click(andres, choose, "Teléfono", "teléfono")
    await send(andres, "123", problem(CommunityProblem.INVALID_PHONE))
    confirm = await send(andres, "32 212 3456", t.BUTTON_SAVE)
    assert "+56 32 212 3456" in content(confirm)
    await click(andres, confirm, t.BUTTON_SAVE, "actualizado")
    assert (await Community.get(id=aromos.id)).phone == "+56322123456"
    entry = await AuditLog.get(action="community.edit", object_id=str(aromos.id))
    assert entry.after["phone"] == "+56322123456"


async def test_forged_ids_of_another_administracion_or_a_deleted_community_are_refused(
    sim: Simulator, emulator_and_app: Any
) -> None:
    emulator, _ = emulator_and_app
    sofia = sim.person(SOFIA)
    other = await Administration.create(name="Otra Administradora")
    olga = await StaffUser.create(
        administration=other,
        first_name="Olga",
        last_name="Otra",
        email="olga@example.com",
        profile=Profile.SUPER_ADMIN,
    )
    data = CommunityData(
        name="Condominio Sur",
        email="s@example.com",
        phone="+56223456789",
        rut="76086428-5",
        address="Sur 1",
    )
    sur = await create_community(olga, data)
    listing = await open_list(sofia)
    scope = alert(texts.DENIALS[Denial.SCOPE])
    for verb in ("card", "ed", "del", "in"):
        answer = await forge(sim, emulator, SOFIA, listing, f"cmn:{verb}:{sur.id}")
        assert answer["show_alert"], verb
    assert await forge(sim, emulator, SOFIA, listing, f"cmn:card:{sur.id}") == scope
    assert await forge(sim, emulator, SOFIA, listing, f"cmn:rs:{sur.id}") == alert(t.GONE)
    assert await forge(sim, emulator, SOFIA, listing, f"cmn:rsok:{sur.id}") == alert(t.GONE)
    assert (await Community.get(id=sur.id)).deleted_at is None
    # One of Sofía's own, deleted: its old buttons no longer work, and it stays deleted.
    sofia_staff = await StaffUser.get(telegram_id=SOFIA)
    palmas = await create_community(sofia_staff, replace(data, name=PALMAS))
    await delete_community(sofia_staff, palmas.id, PALMAS)
    for verb in ("card", "ed", "del"):
        answer = await forge(sim, emulator, SOFIA, listing, f"cmn:{verb}:{palmas.id}")
        assert answer == scope, verb
    answer = await forge(sim, emulator, SOFIA, listing, f"cmn:ef:{palmas.id}:name")
    assert answer == scope
    assert (await Community.get(id=palmas.id)).deleted_at is not None


async def test_a_test_user_looks_and_changes_nothing(
    sim: Simulator, emulator_and_app: Any
) -> None:
    emulator, _ = emulator_and_app
    pablo = sim.person(PABLO)
    card = await open_card(pablo, LOS_AROMOS)
    assert t.BUTTON_EDIT not in buttons_of(card)
    assert t.BUTTON_DELETE not in buttons_of(card)
    aromos = await Community.get(name=LOS_AROMOS)
    read_only = alert(texts.DENIALS[Denial.READ_ONLY])
    assert await forge(sim, emulator, PABLO, card, f"cmn:ef:{aromos.id}:name") == read_only
    assert await forge(sim, emulator, PABLO, card, f"cmn:ed:{aromos.id}") == read_only
    assert await forge(sim, emulator, PABLO, card, "cmn:new") == alert(
        texts.DENIALS[Denial.PROFILE]
    )


async def test_ten_times_the_communities_page_and_search(sim: Simulator) -> None:
    sofia = sim.person(SOFIA)
    administration = await Administration.get(name="Administradora Demo SpA")
    for n in range(1, 121):
        await Community.create(administration=administration, name=f"Torre {n:03d}")
    listing = await open_list(sofia)
    assert "(122)" in content(listing)
    assert "Página 1 de 16" in content(listing)
    second = await click(sofia, listing, texts.BUTTON_NEXT, "Página 2 de 16")
    assert "Torre 007" in content(second) or "Torre 006" in content(second)
    await click(sofia, second, t.BUTTON_SEARCH, plain(t.SEARCH_ASK))
    found = await send(sofia, "torre 11", "Búsqueda")
    assert "(10)" in content(found)
    assert "Torre 110" in content(found)
    assert "Torre 120" not in content(found)


async def test_the_purge_job_runs_by_name_after_30_days(sim: Simulator) -> None:
    status, body = await call(sim, "GET", "jobs")
    assert "purge_communities" in {job["name"] for job in body["jobs"]}
    sofia = await StaffUser.get(telegram_id=SOFIA)
    clock = sim.app.bot_data.clock  # type: ignore[union-attr]
    data = CommunityData(
        name=PALMAS, email="p@example.com", phone="+56223456789", rut="76086428-5", address="x"
    )
    palmas = await create_community(sofia, data, clock=clock)
    await Property.create(community=palmas, name="Depto 1")
    await delete_community(sofia, palmas.id, PALMAS, clock=clock)
    status, body = await call(sim, "POST", "run_job", {"name": "purge_communities"})
    assert (status, body) == (200, {"ran": "purge_communities"})
    assert await Community.filter(id=palmas.id).exists()  # restorable for 30 days
    await call(sim, "POST", "clock", {"advance_seconds": 30 * 86400 + 60})
    await call(sim, "POST", "run_job", {"name": "purge_communities"})
    assert (await Community.get(id=palmas.id)).purged_at is not None  # a billing tombstone
    assert not await Property.filter(name="Depto 1", community_id=palmas.id).exists()


async def test_skips_a_correction_and_cancel_save_nothing(sim: Simulator) -> None:
    sofia = sim.person(SOFIA)
    listing = await open_list(sofia)
    await click(sofia, listing, t.BUTTON_CREATE, plain(t.ASK_FIELD[CommunityField.NAME]))
    await send(sofia, "Torre Norte", plain(t.ASK_FIELD[CommunityField.EMAIL]))
    await send(sofia, "norte@example.com", plain(t.ASK_FIELD[CommunityField.PHONE]))
    await send(sofia, "+56 9 6123 4567", plain(t.ASK_FIELD[CommunityField.RUT]))
    await send(sofia, "11.111.111-1", plain(t.ASK_FIELD[CommunityField.ADDRESS]))
    code = await send(sofia, "Norte 1", t.BUTTON_SKIP)
    firma = await click(sofia, code, t.BUTTON_SKIP, "firma")
    await send(sofia, "no tengo", plain(t.NOT_AN_IMAGE))
    logo = await click(sofia, firma, t.BUTTON_SKIP, "logo")
    review = await click(sofia, logo, t.BUTTON_SKIP, t.BUTTON_SAVE)
    assert f"Firma: {t.REVIEW_IMAGE_NO}" in content(review)
    assert f"Código: {t.CARD_EMPTY}" in content(review)
    fields = await click(sofia, review, t.BUTTON_FIX, plain(t.FIX_CHOOSE))
    await click(sofia, fields, "Código", "Omitir")
    review = await send(sofia, "TN-9", t.BUTTON_SAVE)
    assert "Código: TN-9" in content(review)
    assert "+56 9 6123 4567" in content(review)
    await click(sofia, review, texts.BUTTON_CANCEL, plain(t.CREATE_DROPPED))
    assert not await Community.filter(name="Torre Norte").exists()
    assert not await AuditLog.filter(action="community.create").exists()


async def test_the_firma_is_changed_by_image_and_a_bad_one_is_refused(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    card = await open_card(andres, LOS_AROMOS)
    assert f"Firma: {t.CARD_SIGNATURE_NO}" in content(card)
    choose = await click(andres, card, t.BUTTON_EDIT, "reportes")
    await click(andres, choose, t.SIGNATURE_LABEL, "nueva firma")
    await upload(
        andres, "document", png_named_jpg(), "f.jpg", t.IMAGE_REFUSALS[ImageRefusal.FORMAT]
    )
    await upload(andres, "document", jpeg(1500, 500, BLUE), "f.jpg", "600×200 px")
    card = await open_card(andres, LOS_AROMOS)
    assert f"Firma: {t.CARD_SIGNATURE_YES}" in content(card)
    entry = await AuditLog.get(action="community.signature")
    assert entry.after["signature"]["width"] == 600
