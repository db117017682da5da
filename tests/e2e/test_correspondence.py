"""Correspondence through the sandbox: log with a photo, notices, hand-over, lists, refusals."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from PIL import Image

from bot.app import BotApplication
from bot.demo import DEPTO_101_EMAIL, DEPTO_101_MOBILE, LOS_AROMOS
from handlers import texts
from handlers.texts import correspondence as t
from models.core import Community, Property, Resident, StaffUser
from models.correspondence import CorrespondenceItem, ItemStatus
from models.gsm import gsm7_septets, is_gsm7
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.permissions import Denial
from models.sms import SmsBundle, balance, spend
from models.sms_purchases import SMS_LOW_BALANCE, purchase
from notifier.base import Notifier
from notifier.chat import ChatSender
from notifier.outbox import run_outbox_once
from sandbox import BotApiEmulator
from tests.chat import Message, Person, Simulator, buttons_of, text_of
from tests.notices import rendered

SOFIA, ANDRES, CARLA, RODRIGO, PABLO, VALENTINA = 1001, 1002, 1003, 1004, 1005, 1006
CODE = re.compile(r"Código de retiro: ([A-Z0-9]{6})")


def jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


async def send_chat_notices(app: BotApplication) -> None:
    """One run of the outbox worker for chat notices, with the application's bot."""
    notifier = Notifier(senders={Channel.CHAT: ChatSender(app.bot)})
    await run_outbox_once(notifier, clock=app.bot_data.deps.clock)


def with_button(messages: list[Message], label: str) -> Message:
    """The last of these messages that has this button."""
    for message in reversed(messages):
        if label in buttons_of(message):
            return message
    raise AssertionError(f"no button {label!r} in {[buttons_of(m) for m in messages]}")


def last_alert(emulator: BotApiEmulator, user_id: int) -> str:
    return str(emulator.callback_answers[user_id][-1].get("text") or "")


async def aromos() -> Community:
    return await Community.get(name=LOS_AROMOS)


async def available() -> int:
    return (await balance((await aromos()).id)).available


async def log_parcel(
    carla: Person, *, photo: bool = True, sender: str | None = "Starken"
) -> tuple[str, Message]:
    """/correspondencia for Depto 101, a paquete; returns the pickup code and the final message."""
    picker = await carla.send("/correspondencia")
    assert "¿Para qué inmueble?" in text_of(picker)
    assert "Depto 101" in buttons_of(picker[-1])
    kinds = await carla.send("101")  # one match: straight to the kind
    assert "Para Depto 101. ¿Qué llegó?" in text_of(kinds)
    assert buttons_of(kinds[-1]) == ["Carta", "Paquete", "Documento", "Otro", t.BUTTON_CANCEL]
    ask_sender = await carla.click(kinds[-1], "Paquete")
    assert "¿Quién lo envía?" in text_of(ask_sender)
    if sender is None:
        ask_photo = await carla.click(with_button(ask_sender, t.BUTTON_SKIP), t.BUTTON_SKIP)
    else:
        ask_photo = await carla.send(sender)
    assert "Envía una foto" in text_of(ask_photo)
    if photo:
        summary = await carla.send_file("photo", jpeg(), "p.jpg")
    else:
        summary = await carla.click(with_button(ask_photo, t.BUTTON_SKIP), t.BUTTON_SKIP)
    card = with_button(summary, t.BUTTON_SAVE)
    assert "Revisa antes de guardar" in card["text"]
    assert "Inmueble: Depto 101" in card["text"]
    assert "Tipo: Paquete" in card["text"]
    assert f"Remitente: {sender or t.SUMMARY_NONE}" in card["text"]
    assert f"Foto: {t.SUMMARY_PHOTO_YES if photo else t.SUMMARY_PHOTO_NO}" in card["text"]
    done = await carla.click(card, t.BUTTON_SAVE)
    text = text_of(done)
    assert "Correspondencia registrada" in text
    found = CODE.search(text)
    assert found is not None, text
    return found.group(1), done[-1]


async def test_concierge_logs_a_parcel_with_photo_and_the_residents_are_told(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    _, app = emulator_and_app
    assert await available() == 30
    code, done = await log_parcel(sim.person(CARLA))
    assert "SMS ✓ (+56 9 6123 4567)" in done["text"]
    # Depto 101 has two residents (Rodrigo and Daniela), both with e-mail and Telegram.
    assert "Correo ✓ (2)" in done["text"]
    assert "Telegram ✓ (2)" in done["text"]

    sms = await sim.sms()
    assert len(sms) == 1
    assert sms[0]["to"] == DEPTO_101_MOBILE
    assert code in sms[0]["body"]
    assert is_gsm7(sms[0]["body"])
    assert gsm7_septets(sms[0]["body"]) <= 160
    assert sms[0]["body"] == (
        f"Conserjeria Edificio Los Aromos: llego un paquete para Depto 101. "
        f"Codigo de retiro {code}."
    )
    assert await available() == 29

    mails = [m for m in await sim.emails() if m["to"] == DEPTO_101_EMAIL]
    assert len(mails) == 1
    assert code in mails[0]["subject"]
    assert f"Código de retiro: {code}" in mails[0]["text"]
    assert "Remitente: Starken" in mails[0]["text"]

    chat = rendered(await OutboxMessage.get(channel=Channel.CHAT, recipient=str(RODRIGO)))
    assert f"<code>{code}</code>" in chat.body
    assert chat.attachments is not None
    assert chat.attachments["photo_file_id"]
    item = await CorrespondenceItem.get(pickup_code=code)
    assert item.photo_file_id == chat.attachments["photo_file_id"]
    assert item.sender == "Starken"
    assert item.status is ItemStatus.PENDING

    # The outbox worker sends it through the bot (here at once, instead of within 10 s).
    await send_chat_notices(app)
    await sim.settle()
    received = [m for m in await sim.messages(RODRIGO) if m["from"] == "bot"]
    assert len(received) == 1
    assert received[0]["photo"] is not None
    assert f"Código de retiro: {code}" in (received[0]["caption"] or "")
    assert (await OutboxMessage.get(id=chat.id)).status is OutboxStatus.SENT

    # Rodrigo sees it waiting.
    mine = await sim.person(RODRIGO).send("/mis_paquetes")
    assert code in text_of(mine)
    assert "Depto 101" in text_of(mine)


async def test_concierge_hands_it_over_by_code_and_pending_list_follows(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    _, app = emulator_and_app
    carla = sim.person(CARLA)
    code, _ = await log_parcel(carla, photo=False, sender=None)

    listed = await carla.send("/pendientes")
    assert code in text_of(listed)
    assert "Depto 101" in text_of(listed)
    assert f"Entregar {code}" in buttons_of(listed[-1])

    ask = await carla.send("/entregar")
    assert "Escribe el código de retiro" in text_of(ask)
    who = await carla.send(f" {code.lower()} ")
    assert "¿Quién la retira?" in text_of(who)
    assert f"Código: {code}" in text_of(who)
    confirm = await carla.send("Rodrigo Residente")
    card = with_button(confirm, t.BUTTON_CONFIRM_DELIVERY)
    assert "Retira: Rodrigo Residente" in card["text"]
    done = await carla.click(card, t.BUTTON_CONFIRM_DELIVERY)
    assert "Entregada" in text_of(done)
    assert "Rodrigo Residente" in text_of(done)
    assert "correo: 2, Telegram: 2" in text_of(done)

    item = await CorrespondenceItem.get(pickup_code=code)
    assert item.status is ItemStatus.DELIVERED
    assert item.delivered_to == "Rodrigo Residente"
    rodrigo = await Resident.get(telegram_id=RODRIGO)
    told = rendered(
        await OutboxMessage.get(idempotency_key=f"corr:{item.id}:delivered:chat:{rodrigo.id}")
    )
    assert told.recipient == str(RODRIGO)
    assert code in told.body
    await send_chat_notices(app)
    await sim.settle()
    said = text_of([m for m in await sim.messages(RODRIGO) if m["from"] == "bot"])
    assert "Correspondencia entregada" in said
    assert "se entregó a Rodrigo Residente" in said

    assert code not in text_of(await carla.send("/pendientes"))
    assert "No hay correspondencia pendiente" in text_of(await carla.send("/pendientes"))
    again = await carla.send(f"/entregar {code}")
    assert "ya fue entregada a Rodrigo Residente" in text_of(again)
    assert t.MY_PARCELS_NONE in text_of(await sim.person(RODRIGO).send("/mis_paquetes"))


async def test_concierge_reminds_residents_of_what_waits_since_yesterday(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, app = emulator_and_app
    carla = sim.person(CARLA)
    # Nothing old enough yet: the button says so and sends nothing.
    code, _ = await log_parcel(carla, photo=False, sender=None)
    listed = (await carla.send("/pendientes"))[-1]
    assert t.BUTTON_REMIND in buttons_of(listed)
    nothing = (await carla.click(listed, t.BUTTON_REMIND))[-1]
    assert "No hay correspondencia que espere desde hace más de un día" in nothing["text"]

    # The parcel has been waiting since two days ago.
    item = await CorrespondenceItem.get(pickup_code=code)
    two_days_ago = app.bot_data.deps.clock.now() - timedelta(days=2)
    await CorrespondenceItem.filter(id=item.id).update(received_at=two_days_ago)
    sms_before = len(await sim.sms())
    listed = (await carla.send("/pendientes"))[-1]
    confirm = (await carla.click(listed, t.BUTTON_REMIND))[-1]
    assert "1 ítem(s)" in confirm["text"]
    assert "nunca SMS" in confirm["text"]
    assert buttons_of(confirm) == [t.BUTTON_REMIND_SEND, t.BUTTON_CANCEL]
    assert (await carla.click(confirm, t.BUTTON_CANCEL))[-1]["text"] == t.REMIND_CANCELLED
    assert not await OutboxMessage.filter(idempotency_key__contains=":remind:").exists()

    confirm = (await carla.click((await carla.send("/pendientes"))[-1], t.BUTTON_REMIND))[-1]
    done = (await carla.click(confirm, t.BUTTON_REMIND_SEND))[-1]
    assert "1 ítem(s) · ✉️ 2 correo(s) · 💬 2 en Telegram" in done["text"]
    assert len(await sim.sms()) == sms_before  # reminders never spend SMS
    mails = [m for m in await sim.emails() if "Recordatorio" in str(m["subject"])]
    assert [m["to"] for m in mails] == [DEPTO_101_EMAIL, "daniela@example.com"]
    assert f"Código de retiro: {code}" in mails[0]["text"]
    before = len(await sim.messages(RODRIGO))
    await send_chat_notices(app)  # the arrival notice and the reminder
    await sim.settle()
    (notice,) = [m for m in (await sim.messages(RODRIGO))[before:] if "Recordatorio" in m["text"]]
    assert code in notice["text"]

    # Again the same day: nothing new goes out.
    confirm = (await carla.click((await carla.send("/pendientes"))[-1], t.BUTTON_REMIND))[-1]
    again = (await carla.click(confirm, t.BUTTON_REMIND_SEND))[-1]
    assert again["text"] == t.REMIND_ALREADY
    assert len([m for m in await sim.emails() if "Recordatorio" in str(m["subject"])]) == 2

    # Asked, then the parcel is handed over before "Enviar": nothing waits, and it says so.
    confirm = (await carla.click((await carla.send("/pendientes"))[-1], t.BUTTON_REMIND))[-1]
    await CorrespondenceItem.filter(id=item.id).update(status=ItemStatus.DELIVERED)
    gone = (await carla.click(confirm, t.BUTTON_REMIND_SEND))[-1]
    assert "No hay correspondencia que espere desde hace más de un día" in gone["text"]
    await CorrespondenceItem.filter(id=item.id).update(status=ItemStatus.PENDING)

    # A test user sees the list without the reminder button; forged, it is refused.
    pablo = sim.person(PABLO)
    listed = (await pablo.send("/pendientes"))[-1]
    assert t.BUTTON_REMIND not in buttons_of(listed)
    emulator.forge_click(PABLO, listed["message_id"], "corl:rem")
    await sim.settle()
    assert last_alert(emulator, PABLO) == texts.DENIALS[Denial.READ_ONLY]


async def test_deliver_by_property_and_from_the_pending_list(sim: Simulator) -> None:
    carla = sim.person(CARLA)
    first, _ = await log_parcel(carla, photo=False)
    second, _ = await log_parcel(carla, photo=False)

    ask = await carla.send("/entregar")
    picker = await carla.click(with_button(ask, t.BUTTON_BY_PROPERTY), t.BUTTON_BY_PROPERTY)
    assert "¿De qué inmueble?" in text_of(picker)
    items = await carla.click(with_button(picker, "Depto 101"), "Depto 101")
    assert "Depto 101</b>: 2 por retirar" in items[-1]["html"]
    labels = buttons_of(items[-1])
    assert labels[0].startswith(f"{first} · Paquete")  # oldest first
    who = await carla.click(items[-1], labels[1])
    assert f"Código: {second}" in text_of(who)
    confirm = await carla.send("Inés")
    await carla.click(with_button(confirm, t.BUTTON_CONFIRM_DELIVERY), t.BUTTON_CONFIRM_DELIVERY)

    listed = await carla.send("/pendientes")
    assert first in text_of(listed)
    assert second not in text_of(listed)
    who = await carla.click(listed[-1], f"Entregar {first}")
    assert f"Código: {first}" in text_of(who)
    confirm = await carla.send("Rodrigo")
    await carla.click(with_button(confirm, t.BUTTON_CONFIRM_DELIVERY), t.BUTTON_CONFIRM_DELIVERY)
    assert await CorrespondenceItem.filter(status=ItemStatus.PENDING).count() == 0
    assert await CorrespondenceItem.filter(delivered_to="Inés", pickup_code=second).exists()


async def test_without_balance_the_item_is_logged_and_the_concierge_is_told_why(
    sim: Simulator,
) -> None:
    community = await aromos()
    left = await available()
    assert await spend(community.id, left, reference="test:drain")
    assert await available() == 0

    code, done = await log_parcel(sim.person(CARLA), photo=False)
    assert t.NOTICE_SMS_NO_BALANCE.lstrip("• ") in done["text"]
    assert "Correo ✓ (2)" in done["text"]
    assert "Telegram ✓ (2)" in done["text"]
    assert await CorrespondenceItem.filter(pickup_code=code, status=ItemStatus.PENDING).exists()

    sms = await sim.sms()
    assert len(sms) == 1
    assert sms[0]["status"] == OutboxStatus.SKIPPED.value
    assert await available() == 0
    assert any(code in (m["subject"] or "") for m in await sim.emails())
    chat = rendered(await OutboxMessage.get(channel=Channel.CHAT, recipient=str(RODRIGO)))
    assert chat.status is OutboxStatus.PENDING
    assert code in chat.body


async def test_the_parcel_that_takes_the_balance_to_30_emails_the_administrators_at_once(
    sim: Simulator,
) -> None:
    """Issue 12 item 12: the low-balance e-mail used to wait for the hourly job."""
    community = await aromos()
    sofia = await StaffUser.get(telegram_id=SOFIA)
    bundle = await SmsBundle.get(name="Bolsa 100")
    await purchase(community.id, bundle.id, sofia, support_email="soporte@example.com")
    assert await spend(community.id, await available() - 31, reference="test:down-to-31")
    assert await available() == 31

    def low_balance(emails: list[dict]) -> list[dict]:
        return [m for m in emails if (m["subject"] or "").startswith("Quedan pocos SMS")]

    await log_parcel(sim.person(CARLA), photo=False)
    assert await available() == 30
    warned = low_balance(await sim.emails())
    assert warned, "the low-balance e-mail was not queued with the parcel"
    assert {m["to"] for m in warned} == {
        m.recipient
        for m in await OutboxMessage.filter(template=SMS_LOW_BALANCE, channel=Channel.EMAIL)
    }
    assert "le quedan 30 SMS disponibles" in warned[0]["text"]
    # The next parcel spends again, below the threshold: no second warning for this crossing.
    await log_parcel(sim.person(CARLA), photo=False)
    assert await available() == 29
    assert len(low_balance(await sim.emails())) == len(warned)


async def test_property_without_mobile_says_so(sim: Simulator) -> None:
    carla = sim.person(CARLA)
    await carla.send("/correspondencia 105")
    kinds = carla.history[-1]
    ask_sender = await carla.click(kinds, "Carta")
    ask_photo = await carla.click(with_button(ask_sender, "Chilexpress"), "Chilexpress")
    summary = await carla.click(with_button(ask_photo, t.BUTTON_SKIP), t.BUTTON_SKIP)
    card = with_button(summary, t.BUTTON_ADD_NOTE)
    ask_note = await carla.click(card, t.BUTTON_ADD_NOTE)
    assert "Escribe la nota" in text_of(ask_note)
    summary = await carla.send("Sobre <certificado>")
    card = with_button(summary, t.BUTTON_SAVE)
    assert "Nota: Sobre <certificado>" in card["text"]
    assert "Remitente: Chilexpress" in card["text"]
    done = await carla.click(card, t.BUTTON_SAVE)
    assert "el inmueble no tiene celular" in text_of(done)
    assert "el inmueble no tiene correos" in text_of(done)
    assert "sin residentes vinculados" in text_of(done)
    assert await sim.sms() == []
    item = await CorrespondenceItem.get(property__name="Depto 105")
    assert item.note == "Sobre <certificado>"

    # "Registrar otra" starts again below, keeping the code on screen.
    again = await carla.click(with_button(done, t.BUTTON_ANOTHER), t.BUTTON_ANOTHER)
    assert "¿Para qué inmueble?" in text_of(again)
    assert item.pickup_code in text_of(await sim.messages(CARLA))


async def test_bad_input_and_cancel_save_nothing(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, _ = emulator_and_app
    carla = sim.person(CARLA)
    await carla.send("/correspondencia")
    assert "No encontré inmuebles con «999»" in text_of(await carla.send("999"))
    several = await carla.send("Depto")
    assert "Encontré 10 inmuebles" in text_of(several)
    kinds = await carla.click(with_button(several, "Depto 102"), "Depto 102")
    ask_sender = await carla.click(kinds[-1], "Documento")
    ask_photo = await carla.send("Notaría")
    assert "Envía una foto" in text_of(ask_photo)
    assert t.EXPECTED_PHOTO in text_of(await carla.send("aquí va la foto"))
    assert t.PHOTO_AS_FILE in text_of(await carla.send_file("document", jpeg(), "p.jpg"))
    assert texts.CANCELLED in text_of(await carla.send("/cancel"))
    await carla.click(with_button(ask_photo, t.BUTTON_SKIP), t.BUTTON_SKIP)
    assert last_alert(emulator, CARLA) == texts.STALE_BUTTON
    assert t.EXPECTED_PHOTO not in text_of(await carla.send("hola"))  # the flow is over
    assert ask_sender  # the sender step was reached before cancelling

    # The "Cancelar" button on the summary also saves nothing.
    await carla.send("/correspondencia 110")
    ask_sender = await carla.click(carla.history[-1], "Carta")
    ask_photo = await carla.click(with_button(ask_sender, t.BUTTON_SKIP), t.BUTTON_SKIP)
    summary = await carla.click(with_button(ask_photo, t.BUTTON_SKIP), t.BUTTON_SKIP)
    cancelled = await carla.click(with_button(summary, t.BUTTON_CANCEL), t.BUTTON_CANCEL)
    assert texts.CANCELLED in text_of(cancelled)

    # Delivery: an unknown code is refused and changes nothing.
    await carla.send("/entregar")
    assert "No encontré correspondencia pendiente" in text_of(await carla.send("ZZZZZZ"))
    assert await CorrespondenceItem.all().count() == 0
    assert await OutboxMessage.all().count() == 0
    assert await available() == 30


async def test_who_may_do_what(
    sim: Simulator, emulator_and_app: tuple[BotApiEmulator, BotApplication]
) -> None:
    emulator, _ = emulator_and_app
    carla = sim.person(CARLA)
    code, _ = await log_parcel(carla, photo=False)

    pablo = sim.person(PABLO)  # test user: looks, changes nothing
    assert texts.DENIALS[Denial.READ_ONLY] in text_of(await pablo.send("/correspondencia"))
    assert texts.DENIALS[Denial.READ_ONLY] in text_of(await pablo.send("/entregar"))
    listed = await pablo.send("/pendientes")
    assert code in text_of(listed)
    # A read-only list (issue 12, item 19): no "Entregar"; forged, it is refused.
    assert buttons_of(listed[-1]) == []
    assert t.PENDING_READ_ONLY.strip() in text_of(listed)
    item = await CorrespondenceItem.get(pickup_code=code)
    emulator.forge_click(PABLO, listed[-1]["message_id"], f"cor:di:{item.id}")
    await sim.settle()
    assert last_alert(emulator, PABLO) == texts.DENIALS[Denial.READ_ONLY]

    valentina = sim.person(VALENTINA)  # another community's concierge
    await valentina.send("/entregar")
    assert "No encontré correspondencia pendiente" in text_of(await valentina.send(code))
    assert code not in text_of(await valentina.send("/pendientes"))

    assert t.MY_PARCELS_STAFF in text_of(await carla.send("/mis_paquetes"))
    assert await CorrespondenceItem.filter(status=ItemStatus.PENDING).count() == 1
    prop = await Property.get(name="Depto 101", community__name=LOS_AROMOS)
    assert prop.mobile == DEPTO_101_MOBILE
