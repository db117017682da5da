"""/logo through the sandbox, as the issue's "Done when" says a new user would check it."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import Callable

from PIL import Image

from bot.app import BotApplication
from bot.demo import ADMINISTRATION, DEPTO_101_EMAIL, LOS_AROMOS, VISTA_CORDILLERA
from handlers import texts
from handlers.texts import logos as t
from models.core import Administration, AuditLog, Community
from models.images import BoxMove, ImageRefusal
from models.logos import Logo, LogoChoice, Owner, get_choice, get_logo, logo_for_community
from models.permissions import Denial
from sandbox import BotApiEmulator
from tests.chat import Message, Person, Simulator, buttons_of, text_of
from tests.e2e.test_correspondence import log_parcel, send_chat_notices
from tests.models.test_images import (
    BLUE,
    GREEN,
    RED,
    YELLOW,
    close,
    flat_jpeg,
    heavy_jpeg,
    jpeg,
    png_named_jpg,
    quadrants,
    truncated_jpeg,
)

SOFIA, ANDRES, CARLA, RODRIGO, PABLO = 1001, 1002, 1003, 1004, 1005


async def aromos() -> Community:
    return await Community.get(name=LOS_AROMOS)


async def photo_bytes(sim: Simulator, message: Message) -> bytes:
    async with sim.session.get(f"{sim.root}{message['photo']['url']}") as response:
        assert response.status == 200
        return await response.read()


def alert(emulator: BotApiEmulator, user_id: int) -> dict[str, object]:
    return emulator.callback_answers[user_id][-1]


def reason_text(reason: ImageRefusal) -> str:
    """The part of a refusal that names the reason (before any placeholder)."""
    return t.REFUSALS[reason].split("{")[0]


async def wait_for(
    person: Person, replies: list[Message], done: Callable[[list[Message]], bool]
) -> list[Message]:
    """The sandbox calls the bot settled after 200 ms without Bot API calls; decoding on a
    busy machine can take longer, so give the answer a little more time to come in."""
    for _ in range(30):
        if done(replies):
            break
        await asyncio.sleep(0.1)
        replies += await person._new_bot_messages()
    return replies


async def send_document(person: Person, data: bytes) -> list[Message]:
    """Send a file; a stream, since aiohttp warns (an error here) on raw bytes over 1 MB."""
    stream = io.BytesIO(data)
    replies = await person.send_file("document", stream, "logo.jpg")  # type: ignore[arg-type]
    return await wait_for(person, replies, lambda r: any(m["text"] for m in r))


async def open_upload(person: Person, button: str) -> Message:
    summary = (await person.send("/logo"))[-1]
    asked = (await person.click(summary, button))[-1]
    assert "como foto o como archivo" in asked["text"]
    return asked


async def upload(person: Person, data: bytes, kind: str = "photo") -> Message:
    """Send an image where the flow asks for one; returns the preview."""
    replies = await person.send_file(kind, io.BytesIO(data), "logo.jpg")  # type: ignore[arg-type]
    replies = await wait_for(person, replies, lambda r: any(m["photo"] for m in r))
    previews = [m for m in replies if m["photo"] is not None]
    assert previews, text_of(replies)
    return previews[-1]


async def save(person: Person, preview: Message) -> Message:
    """ "Guardar" on a preview; returns the preview once its caption tells the outcome."""
    replies = await person.click(preview, t.BUTTON_SAVE)

    def told(messages: list[Message]) -> bool:
        return any(
            m["message_id"] == preview["message_id"] and m["caption"] != preview["caption"]
            for m in messages
        )

    replies = await wait_for(person, replies, told)
    return [m for m in replies if m["message_id"] == preview["message_id"]][-1]


async def save_community_logo(sim: Simulator, user_id: int, data: bytes) -> Message:
    person = sim.person(user_id)
    await open_upload(person, t.BUTTON_COMMUNITY_LOGO)
    preview = await upload(person, data)
    return await save(person, preview)


async def card(person: Person) -> Message:
    summary = (await person.send("/logo"))[-1]
    return (await person.click(summary, t.BUTTON_CARD))[-1]


async def test_admin_uploads_a_900x700_photo_previews_a_square_and_the_card_shows_it(
    sim: Simulator,
) -> None:
    andres = sim.person(ANDRES)
    summary = (await andres.send("/logo"))[-1]
    assert LOS_AROMOS in summary["text"]
    assert "el logo de la administración" in summary["text"]
    assert t.STATE_MISSING in summary["text"]
    assert buttons_of(summary) == [
        t.BUTTON_ADMINISTRATION_LOGO,
        t.BUTTON_COMMUNITY_LOGO,
        t.BUTTON_CHOOSE,
        t.BUTTON_CARD,
        t.BUTTON_SEE,
    ]
    asked = (await andres.click(summary, t.BUTTON_COMMUNITY_LOGO))[-1]
    assert "como foto o como archivo" in asked["text"]
    assert "Solo JPG/JPEG" in asked["text"]

    preview = await upload(andres, jpeg(900, 700))
    # The whole picture, with the crop square on it (seed 001: "el recuadro punteado").
    assert (preview["photo"]["width"], preview["photo"]["height"]) == (800, 622)
    assert "900×700" in preview["caption"]
    assert "600×600" in preview["caption"]
    assert "recuadro punteado" in preview["caption"]
    assert buttons_of(preview) == [*t.BOX_BUTTONS.values(), t.BUTTON_SAVE, texts.BUTTON_CANCEL]
    # Nothing is stored before "Guardar".
    assert await Logo.all().count() == 0

    saved = await save(andres, preview)
    assert saved["message_id"] == preview["message_id"]
    assert "✅" in saved["caption"]
    assert "guardado" in saved["caption"]
    community = await aromos()
    stored = await get_logo(Owner.community(community.id))
    assert stored is not None
    assert (stored.width, stored.height) == (600, 600)
    # The preview turned into the saved logo: what is shown is byte for byte what was kept.
    assert bytes(stored.jpeg) == await photo_bytes(sim, saved)
    # The community still shows the administration's (default); one tap shows this one.
    assert buttons_of(saved) == [t.BUTTON_SHOW_IT, t.BUTTON_BACK]
    done = (await andres.click(saved, t.BUTTON_SHOW_IT))[-1]
    assert "ahora se muestra el logo de la comunidad" in done["text"]
    assert await get_choice(community.id) is LogoChoice.COMMUNITY

    shown = await card(andres)
    assert shown["photo"] is not None
    assert LOS_AROMOS in shown["caption"]
    assert "Logo: de la comunidad" in shown["caption"]
    assert hashlib.sha256(await photo_bytes(sim, shown)).hexdigest() == stored.sha256


async def test_each_bad_file_is_refused_with_its_reason_and_the_logo_stays(
    sim: Simulator,
) -> None:
    await save_community_logo(sim, ANDRES, jpeg(700, 700))
    community = await aromos()
    before = await get_logo(Owner.community(community.id))
    assert before is not None

    andres = sim.person(ANDRES)
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    cases = [
        (png_named_jpg(), ImageRefusal.FORMAT, "JPG/JPEG"),
        (heavy_jpeg(), ImageRefusal.TOO_HEAVY, "máximo es 2 MB"),
        (truncated_jpeg(), ImageRefusal.DAMAGED, "dañada"),
        (flat_jpeg(20000, 20000), ImageRefusal.TOO_MANY_PIXELS, "resolución"),
    ]
    for data, reason, words in cases:
        replies = await send_document(andres, data)
        said = text_of(replies)
        assert reason_text(reason) in said, reason
        assert words in said
        assert "El logo guardado no cambió" in said
        assert all(m["photo"] is None for m in replies), reason
    # The weight is read from Telegram's file size: a 3 MB file says how much it weighs.
    assert "pesa 3," in text_of(andres.history)
    # Text or a non-image where the image was asked for: said clearly, same step.
    assert text_of(await andres.send("hola")) == t.NOT_AN_IMAGE
    # Still waiting for the image: a good one now gets its preview.
    preview = await upload(andres, jpeg(640, 480, BLUE), kind="document")
    assert (preview["photo"]["width"], preview["photo"]["height"]) == (640, 480)
    assert "toma 480×480" in preview["caption"]
    assert (await andres.click(preview, texts.BUTTON_CANCEL))[-1]["caption"] == t.UPLOAD_CANCELLED

    after = await get_logo(Owner.community(community.id))
    assert after is not None
    assert (after.sha256, after.updated_at) == (before.sha256, before.updated_at)
    assert await AuditLog.filter(action="logo.save").count() == 1


async def test_a_40_mb_file_is_refused_without_downloading_it(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    andres = sim.person(ANDRES)
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    huge = b"\xff\xd8\xff\xe0" + bytes(40 * 1024 * 1024)
    said = text_of(await send_document(andres, huge))
    # Telegram would not even let a bot download over 20 MB: the refusal comes first.
    assert reason_text(ImageRefusal.TOO_HEAVY) in said
    assert "pesa 40,0 MB" in said
    assert t.DOWNLOAD_FAILED not in said
    assert await Logo.all().count() == 0


async def test_sin_logo_removes_it_from_the_card_and_administracion_shows_it_everywhere(
    sim: Simulator,
) -> None:
    await save_community_logo(sim, ANDRES, jpeg(600, 600))
    sofia = sim.person(SOFIA)
    # Sofía works in two communities: /logo asks her to pick one first.
    assert text_of(await sofia.send("/logo")) == texts.COMMUNITY_FIRST
    await sofia.click((await sofia.send("/comunidad"))[-1], LOS_AROMOS)
    # Sofía uploads the administration's logo from Los Aromos, as a file this time.
    await open_upload(sofia, t.BUTTON_ADMINISTRATION_LOGO)
    preview = await upload(sofia, jpeg(1200, 1200, BLUE), kind="document")
    assert ADMINISTRATION in preview["caption"]
    saved = await save(sofia, preview)
    assert "Ya se muestra" in saved["caption"]  # Los Aromos uses the default choice
    administration = await Administration.get(name=ADMINISTRATION)
    admin_logo = await get_logo(Owner.administration(administration.id))
    assert admin_logo is not None

    andres = sim.person(ANDRES)
    for community_name in (LOS_AROMOS, VISTA_CORDILLERA):
        shown = await logo_for_community((await Community.get(name=community_name)).id)
        assert shown is not None
        assert shown.id == admin_logo.id
    shown_card = await card(andres)
    assert "Logo: de la administración" in shown_card["caption"]
    assert hashlib.sha256(await photo_bytes(sim, shown_card)).hexdigest() == admin_logo.sha256

    # "Sin logo": the card has no picture any more, and no image was deleted.
    summary = (await andres.send("/logo"))[-1]
    choices = (await andres.click(summary, t.BUTTON_CHOOSE))[-1]
    assert buttons_of(choices) == [
        "✓ Administración",
        "Comunidad",
        "Sin logo",
        t.BUTTON_BACK,
    ]
    done = (await andres.click(choices, "Sin logo"))[-1]
    assert "ahora se muestra" in done["text"]
    assert "sin logo" in done["text"]
    no_logo_card = await card(andres)
    assert no_logo_card["photo"] is None
    assert "Logo: sin logo" in no_logo_card["text"]
    assert await Logo.all().count() == 2
    # Vista Cordillera keeps the administration's logo.
    vista = await Community.get(name=VISTA_CORDILLERA)
    vista_shown = await logo_for_community(vista.id)
    assert vista_shown is not None
    assert vista_shown.id == admin_logo.id

    # Back to "Administración": the administration's logo again.
    choices = (await andres.click((await andres.send("/logo"))[-1], t.BUTTON_CHOOSE))[-1]
    assert "✓ Sin logo" in buttons_of(choices)
    await andres.click(choices, "Administración")
    back = await card(andres)
    assert back["photo"] is not None
    assert hashlib.sha256(await photo_bytes(sim, back)).hexdigest() == admin_logo.sha256


async def email_logo(sim: Simulator, mail: dict[str, object]) -> bytes | None:
    """The inline logo of an e-mail as the sandbox shows it (None when it has none)."""
    images = mail["images"]
    assert isinstance(images, dict)
    html = str(mail["html"])
    if not images:
        assert "<img" not in html
        return None
    ((cid, url),) = images.items()
    assert f'src="cid:{cid}"' in html
    async with sim.session.get(f"{sim.root}{url}") as response:
        assert response.status == 200
        assert response.content_type == "image/jpeg"
        return await response.read()


async def test_residents_notices_carry_the_logo_the_community_shows(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    _, app = emulator_and_app
    preview = await save_community_logo(sim, ANDRES, jpeg(900, 700))
    andres = sim.person(ANDRES)
    await andres.click(preview, t.BUTTON_SHOW_IT)
    stored = await get_logo(Owner.community((await aromos()).id))
    assert stored is not None

    carla = sim.person(CARLA)
    code, _ = await log_parcel(carla, photo=False)
    (mail,) = [
        m for m in await sim.emails() if code in str(m["subject"]) and m["to"] == DEPTO_101_EMAIL
    ]
    shown = await email_logo(sim, mail)
    assert shown is not None
    assert hashlib.sha256(shown).hexdigest() == stored.sha256
    # Rodrigo's chat notice has no parcel photo: the logo is its picture.
    before = len(await sim.messages(RODRIGO))
    await send_chat_notices(app)
    await sim.settle()
    (notice,) = (await sim.messages(RODRIGO))[before:]
    assert code in (notice["caption"] or "")
    assert hashlib.sha256(await photo_bytes(sim, notice)).hexdigest() == stored.sha256

    # "Sin logo": the next e-mail and chat notice have none.
    choices = (await andres.click((await andres.send("/logo"))[-1], t.BUTTON_CHOOSE))[-1]
    await andres.click(choices, "Sin logo")
    code, _ = await log_parcel(carla, photo=False, sender=None)
    (mail,) = [
        m for m in await sim.emails() if code in str(m["subject"]) and m["to"] == DEPTO_101_EMAIL
    ]
    assert await email_logo(sim, mail) is None
    before = len(await sim.messages(RODRIGO))
    await send_chat_notices(app)
    await sim.settle()
    (notice,) = (await sim.messages(RODRIGO))[before:]
    assert notice["photo"] is None
    assert code in notice["text"]


async def test_stored_logos_can_be_looked_at(sim: Simulator) -> None:
    await save_community_logo(sim, ANDRES, jpeg(600, 600))
    pablo = sim.person(PABLO)
    summary = (await pablo.send("/logo"))[-1]
    assert "✅ cargado (600×600" in summary["text"]
    photos = await pablo.click(summary, t.BUTTON_SEE)
    assert [m["photo"]["width"] for m in photos if m["photo"]] == [600]
    assert "Logo de la comunidad" in text_of(photos)


async def test_concierge_cannot_see_or_change_logos(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    emulator, _ = emulator_and_app
    carla = sim.person(CARLA)
    assert text_of(await carla.send("/logo")) == texts.DENIALS[Denial.PROFILE]
    assert "logo" not in await sim.commands(CARLA)
    community = await aromos()
    message = (await carla.send("/help"))[-1]
    for data in (
        f"logo:up:{community.id}:c",
        f"logo:up:{community.id}:a",
        f"logo:set:{community.id}:sin_logo",
        f"logo:save:{community.id}",
        f"logo:box:{community.id}:l",
        f"logo:card:{community.id}",
    ):
        emulator.forge_click(CARLA, message["message_id"], data)
        await sim.settle()
        assert alert(emulator, CARLA) == {
            "text": texts.DENIALS[Denial.PROFILE],
            "show_alert": True,
        }, data
    # A photo sent anyway is not taken as a logo.
    await carla.send_file("photo", jpeg(600, 600), "logo.jpg")
    assert await Logo.all().count() == 0
    assert await get_choice(community.id) is LogoChoice.ADMINISTRATION


async def test_test_user_looks_but_cannot_change_logos(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    emulator, _ = emulator_and_app
    pablo = sim.person(PABLO)
    summary = (await pablo.send("/logo"))[-1]
    assert LOS_AROMOS in summary["text"]
    read_only = {"text": texts.DENIALS[Denial.READ_ONLY], "show_alert": True}
    # A read-only summary (issue 12, item 19): only the looking buttons…
    assert buttons_of(summary) == [t.BUTTON_CARD, t.BUTTON_SEE]
    assert t.READ_ONLY in summary["text"]
    community = await aromos()
    # …and the write buttons, forged, are refused.
    for data in (
        f"logo:up:{community.id}:c",
        f"logo:up:{community.id}:a",
        f"logo:show:{community.id}",
        f"logo:set:{community.id}:sin_logo",
    ):
        emulator.forge_click(PABLO, summary["message_id"], data)
        await sim.settle()
        assert alert(emulator, PABLO) == read_only, data
    assert "como foto o como archivo" not in text_of(await sim.messages(PABLO))
    assert await get_choice(community.id) is LogoChoice.ADMINISTRATION
    # Not even with a forged preview button, nor a photo sent anyway.
    for data in (f"logo:save:{community.id}", f"logo:box:{community.id}:r"):
        emulator.forge_click(PABLO, summary["message_id"], data)
        await sim.settle()
        assert alert(emulator, PABLO) == read_only, data
    await pablo.send_file("photo", jpeg(600, 600), "logo.jpg")
    assert await Logo.all().count() == 0


async def test_forged_and_stale_buttons_change_nothing(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    vista = await Community.get(name=VISTA_CORDILLERA)
    summary = (await andres.send("/logo"))[-1]
    # Another community's buttons: Andrés only works in Los Aromos.
    for data in (f"logo:up:{vista.id}:c", f"logo:set:{vista.id}:sin_logo"):
        emulator.forge_click(ANDRES, summary["message_id"], data)
        await sim.settle()
        assert alert(emulator, ANDRES)["text"] == texts.DENIALS[Denial.SCOPE]
    community = await aromos()
    for data in (f"logo:up:{community.id}:x", f"logo:set:{community.id}:otro", "logo:up:abc"):
        emulator.forge_click(ANDRES, summary["message_id"], data)
        await sim.settle()
        assert alert(emulator, ANDRES)["text"] == texts.STALE_BUTTON
    # A preview button after the preview was cancelled is stale.
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    preview = await upload(andres, jpeg(800, 600))
    await andres.click(preview, texts.BUTTON_CANCEL)
    for data in (f"logo:save:{community.id}", f"logo:box:{community.id}:l"):
        emulator.forge_click(ANDRES, preview["message_id"], data)
        await sim.settle()
        assert alert(emulator, ANDRES)["text"] == texts.STALE_BUTTON, data
    assert await Logo.all().count() == 0
    assert await get_choice(vista.id) is LogoChoice.ADMINISTRATION
    assert texts.ERROR_GENERIC not in text_of(await sim.messages(ANDRES))


async def test_logo_again_leaves_an_upload_and_cancel_saves_nothing(sim: Simulator) -> None:
    andres = sim.person(ANDRES)
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    summary = (await andres.send("/logo"))[-1]
    assert LOS_AROMOS in summary["text"]
    # The flow is closed: a photo now is not a logo.
    await andres.send_file("photo", jpeg(600, 600), "logo.jpg")
    assert await Logo.all().count() == 0
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    await upload(andres, jpeg(600, 600))
    assert text_of(await andres.send("/cancel")) == texts.CANCELLED
    assert await Logo.all().count() == 0


# --- the crop square (seed 001: "mover el recuadro punteado") --------------------------------


async def tap(
    person: Person, emulator: BotApiEmulator, preview: Message, move: BoxMove
) -> tuple[Message, str | None]:
    """Press one of the square's buttons; returns the preview as it is now and what the
    button's answer said (None when it said nothing)."""
    answers = len(emulator.callback_answers[person.user_id])
    replies = await person.click(preview, t.BOX_BUTTONS[move])
    (now,) = [m for m in replies if m["message_id"] == preview["message_id"]]
    said = emulator.callback_answers[person.user_id][answers:]
    return now, str(said[-1]["text"]) if said else None


async def tap_until_it_stops(
    person: Person, emulator: BotApiEmulator, preview: Message, move: BoxMove
) -> tuple[Message, int]:
    """Press `move` until the bot says the square cannot go further; returns the preview and
    how many presses moved it. Each of those redrew the same message with a new picture."""
    for moved in range(20):
        now, said = await tap(person, emulator, preview, move)
        assert now["message_id"] == preview["message_id"]
        if said is not None:
            assert said == t.BOX_STOPPED[move]
            assert now["photo"]["file_id"] == preview["photo"]["file_id"]  # not redrawn
            return now, moved
        assert now["edited"]
        assert now["photo"]["file_id"] != preview["photo"]["file_id"]
        preview = now
    raise AssertionError(f"{move} never stopped")


async def test_andres_moves_the_square_to_a_quadrant_and_guardar_keeps_exactly_it(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    # Red top left, blue top right, green bottom left, yellow bottom right.
    preview = await upload(andres, quadrants(900, 700))
    assert "toma 700×700" in preview["caption"]
    # As tall as the picture and already as big as it can be: said on the button, no redraw.
    for move in (BoxMove.UP, BoxMove.DOWN, BoxMove.BIGGER):
        same, said = await tap(andres, emulator, preview, move)
        assert said == t.BOX_STOPPED[move]
        assert same["photo"]["file_id"] == preview["photo"]["file_id"]
    for _ in range(5):  # 700 → 350: a tenth of the shorter side each time
        preview, said = await tap(andres, emulator, preview, BoxMove.SMALLER)
        assert said is None
    assert "toma 350×350" in preview["caption"]
    assert "quedará de 350×350" in preview["caption"]
    assert "<b>" in preview["caption_html"]  # a redrawn caption is still HTML, as the first
    assert "<b>" not in preview["caption"]
    preview, moves = await tap_until_it_stops(andres, emulator, preview, BoxMove.RIGHT)
    assert moves == 4  # centred at 275 → 550 (900 − 350), in steps of 70 and a last one of 65
    preview, moves = await tap_until_it_stops(andres, emulator, preview, BoxMove.DOWN)
    assert moves == 3  # 175 → 350 (700 − 350)
    # The preview shows the whole picture: the yellow square bright, the rest dimmed.
    shown = Image.open(io.BytesIO(await photo_bytes(sim, preview)))
    scale = shown.width / 900
    assert close(shown.getpixel((int(725 * scale), int(525 * scale))), YELLOW)
    dim_red = shown.getpixel((int(200 * scale), int(175 * scale)))
    assert isinstance(dim_red, tuple)
    assert close(dim_red, (int(RED[0] * 0.45), int(RED[1] * 0.45), int(RED[2] * 0.45)))
    assert await Logo.all().count() == 0

    saved = await save(andres, preview)
    assert "guardado (350×350)" in saved["caption"]
    assert "<b>" not in saved["caption"]
    stored = await get_logo(Owner.community((await aromos()).id))
    assert stored is not None
    assert (stored.width, stored.height) == (350, 350)
    kept = Image.open(io.BytesIO(bytes(stored.jpeg)))
    assert kept.size == (350, 350)
    for x in (3, 175, 346):
        for y in (3, 175, 346):
            assert close(kept.getpixel((x, y)), YELLOW), (x, y)
    assert await photo_bytes(sim, saved) == bytes(stored.jpeg)
    assert await AuditLog.filter(action="logo.save").count() == 1
    # After "Guardar" the square's buttons are gone; forged, they are stale and change nothing.
    assert buttons_of(saved) == [t.BUTTON_SHOW_IT, t.BUTTON_BACK]
    community = await aromos()
    for data in (f"logo:box:{community.id}:l", f"logo:save:{community.id}"):
        emulator.forge_click(ANDRES, preview["message_id"], data)
        await sim.settle()
        assert alert(emulator, ANDRES)["text"] == texts.STALE_BUTTON, data
    again = await get_logo(Owner.community(community.id))
    assert again is not None
    assert (again.sha256, again.updated_at) == (stored.sha256, stored.updated_at)


async def test_a_square_upload_starts_whole_and_can_still_be_trimmed(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    preview = await upload(andres, quadrants(400, 400))
    assert (preview["photo"]["width"], preview["photo"]["height"]) == (400, 400)
    assert t.CROP_WHOLE.strip() in preview["caption"]
    for move in (BoxMove.LEFT, BoxMove.RIGHT, BoxMove.UP, BoxMove.DOWN, BoxMove.BIGGER):
        _, said = await tap(andres, emulator, preview, move)
        assert said == t.BOX_STOPPED[move]
    for _ in range(5):  # 400 → 200, a tenth of the shorter side each time
        preview, said = await tap(andres, emulator, preview, BoxMove.SMALLER)
        assert said is None
    assert "toma 200×200" in preview["caption"]
    assert t.CROP_WHOLE.strip() not in preview["caption"]
    preview, _ = await tap_until_it_stops(andres, emulator, preview, BoxMove.LEFT)
    preview, _ = await tap_until_it_stops(andres, emulator, preview, BoxMove.DOWN)
    await save(andres, preview)
    stored = await get_logo(Owner.community((await aromos()).id))
    assert stored is not None
    assert (stored.width, stored.height) == (200, 200)
    kept = Image.open(io.BytesIO(bytes(stored.jpeg)))
    for x, y in ((3, 3), (100, 100), (196, 196)):
        assert close(kept.getpixel((x, y)), GREEN), (x, y)  # the bottom-left quadrant


async def test_a_bad_move_or_a_changed_file_saves_nothing(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, object]
) -> None:
    emulator, _ = emulator_and_app
    andres = sim.person(ANDRES)
    community = await aromos()
    await open_upload(andres, t.BUTTON_COMMUNITY_LOGO)
    preview = await upload(andres, quadrants(900, 700))
    for data in (f"logo:box:{community.id}:x", f"logo:box:{community.id}"):
        emulator.forge_click(ANDRES, preview["message_id"], data)
        await sim.settle()
        assert alert(emulator, ANDRES)["text"] == texts.STALE_BUTTON, data
    # The square's buttons on another message than the open preview are stale too.
    other = (await andres.send("/help"))[-1]
    emulator.forge_click(ANDRES, other["message_id"], f"logo:box:{community.id}:l")
    await sim.settle()
    assert alert(emulator, ANDRES)["text"] == texts.STALE_BUTTON
    # If the upload could not be had again byte for byte, nothing is redrawn nor saved.
    (upload_message,) = [
        m for m in await sim.messages(ANDRES) if m["from"] == "user" and m["photo"]
    ]
    stored_file = emulator._state.files.by_id[upload_message["photo"]["file_id"]]
    stored_file.data = quadrants(900, 700, comment=b"otra")
    replies = await andres.click(preview, t.BOX_BUTTONS[BoxMove.LEFT])
    assert t.PREVIEW_LOST in text_of(replies)
    assert await Logo.all().count() == 0
    # Still in the flow: a new image gets a new preview.
    again = await upload(andres, quadrants(900, 700))
    assert again["message_id"] != preview["message_id"]
    await save(andres, again)
    assert await Logo.all().count() == 1
