"""Notices rendered in one place: renderers per template, the e-mail layout, the worker's part."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from models.clock import FrozenClock
from models.correspondence import ItemKind
from models.correspondence_notices import PARCEL_ARRIVED, PARCEL_DELIVERED, PARCEL_REMINDER
from models.gsm import gsm7_septets, is_gsm7, segments
from models.logbook import LOGBOOK_ALTA
from models.logbook_digest import LOGBOOK_DIGEST
from models.outbox import (
    INVITATION,
    SMS_UNCONFIRMED,
    Channel,
    OutboxMessage,
    OutboxStatus,
    enqueue_notice,
)
from models.sms_purchases import SMS_LOW_BALANCE, SMS_PURCHASE
from notifier.base import Notifier, SendResult
from notifier.notices import (
    RENDERERS,
    Rendered,
    RenderError,
    UnknownTemplate,
    render,
    shown,
)
from notifier.notices.correspondence import sms_text
from notifier.notices.layout import FOOTER, render_email
from notifier.outbox import run_outbox_once

T0 = datetime(2026, 11, 22, 13, 30, tzinfo=UTC)  # 10:30 in Santiago (summer, UTC−3)
MOBILE = "+56961234567"

ITEM: dict[str, Any] = {
    "community": "Edificio Los Aromos",
    "property": "Depto 101",
    "kind": "paquete",
    "code": "K7M2QX",
    "sender": "Starken",
    "note": "Caja grande",
    "received_at": T0.isoformat(),
    "zone": "America/Santiago",
}
INVITE: dict[str, Any] = {
    "inviter": "Andrés Pérez",
    "link": "https://t.me/mi_bot?start=abc-123",
    "bot": "mi_bot",
    "code": "abc-123",
    "expires_at": T0.isoformat(),
    "zone": "America/Santiago",
}
SAMPLES: dict[str, dict[str, Any]] = {
    PARCEL_ARRIVED: ITEM,
    PARCEL_REMINDER: ITEM,
    PARCEL_DELIVERED: {
        **ITEM,
        "collected_by": "Rodrigo Pérez",
        "delivered_at": T0.isoformat(),
    },
    INVITATION: {**INVITE, "community": "Edificio Los Aromos", "property": "Depto 101"},
    SMS_PURCHASE: {
        "community": "Los Aromos",
        "bundle": "Bolsa 100",
        "sms_count": 100,
        "price_clp": 5000,
        "billing_period": "2026-12-01",
        "valid_until": "2027-05-15",
        "buyer_name": "Andrés Pérez",
        "buyer_email": "andres@andes.cl",
        "purchased_on": "2026-11-15",
        "available": 1000,
    },
    SMS_LOW_BALANCE: {"community": "Los Aromos", "available": 30, "threshold": 30},
    SMS_UNCONFIRMED: {
        "community": "Los Aromos",
        "property": "Depto 101",
        "code": "K7M2QX",
        "attempted_at": T0.isoformat(),
        "hours": 24,
        "refunded": 1,
    },
    LOGBOOK_ALTA: {
        "community": "Los Aromos",
        "sequence": 12,
        "category": "Seguridad",
        "priority": "alta",
        "property": "Depto 101",
        "author": "Carla Conserje",
        "text": "Olor a gas <en> el 3er piso",
        "photos": 1,
        "created_at": T0.isoformat(),
        "zone": "America/Santiago",
    },
    LOGBOOK_DIGEST: {
        "community": "Los Aromos",
        "day": "2026-11-22",
        "since": T0.isoformat(),
        "until": T0.isoformat(),
        "zone": "America/Santiago",
        "total": 1,
        "groups": [
            {
                "priority": "alta",
                "category": "Seguridad",
                "entries": [
                    {
                        "sequence": 12,
                        "created_at": T0.isoformat(),
                        "author": "Carla Conserje",
                        "text": "Olor a gas",
                        "property": None,
                        "kind": "nota",
                    }
                ],
            }
        ],
    },
}


def row(template: str | None, data: Any, channel: Channel = Channel.EMAIL) -> OutboxMessage:
    """An outbox row as the domain writes it (not saved: rendering reads only the row)."""
    return OutboxMessage(
        idempotency_key=f"test:{template}:{channel.value}",
        channel=channel,
        recipient="vecino@example.com" if channel is Channel.EMAIL else MOBILE,
        template=template,
        data=data,
        body="",
    )


# --- the SMS: one GSM-7 segment, always -------------------------------------------------------


@pytest.mark.parametrize("kind", list(ItemKind))
def test_sms_text_with_extension_characters_and_every_kind(kind: ItemKind) -> None:
    text = sms_text("{Edificio} [Los] ~Aromos~ " * 10, "Depto [101] {A}|" * 10, kind, "K7M2QX")
    assert gsm7_septets(text) <= 160
    assert segments(text) == 1
    assert text.endswith("Codigo de retiro K7M2QX.")


def test_sms_text_keeps_short_names_whole() -> None:
    assert sms_text("Los Aromos", "Depto 101", ItemKind.LETTER, "ABC234") == (
        "Conserjeria Los Aromos: llego una carta para Depto 101. Codigo de retiro ABC234."
    )


@pytest.mark.parametrize("kind", list(ItemKind))
def test_very_long_names_still_render_to_one_segment(kind: ItemKind) -> None:
    data = {
        **ITEM,
        "kind": kind.value,
        "community": "Comunidad Edificio Ñuñoa Parque Cordillera Señorial “Torre Norte” " * 20,
        "property": "Departamento número 1.203, torre B, ala oriente — 📦 {€} " * 20,
    }
    sms = render(row(PARCEL_ARRIVED, data, Channel.SMS))
    assert is_gsm7(sms.text)
    assert segments(sms.text) == 1
    assert sms.text.startswith("Conserjeria Comunidad Edificio Nunoa")
    assert sms.text.endswith("Codigo de retiro K7M2QX.")
    assert (sms.subject, sms.html) == (None, None)


# --- every template, and what it needs ----------------------------------------------------------


@pytest.mark.parametrize(("template", "channel"), sorted(RENDERERS))
def test_every_template_renders_from_its_sample_data(template: str, channel: Channel) -> None:
    notice = render(row(template, SAMPLES[template], channel))
    assert notice.text.strip()
    if channel is Channel.EMAIL:
        assert notice.subject
    else:
        assert notice.subject is None
        assert notice.html is None


def test_dates_use_the_zone_the_data_carries_else_the_one_given() -> None:
    santiago = render(row(PARCEL_ARRIVED, ITEM, Channel.CHAT))
    assert "Recibido: 22-11-2026 10:30" in santiago.text
    zoneless = {k: v for k, v in ITEM.items() if k != "zone"}
    madrid = render(row(PARCEL_ARRIVED, zoneless, Channel.CHAT), zone=ZoneInfo("Europe/Madrid"))
    assert "Recibido: 22-11-2026 14:30" in madrid.text
    lima = render(row(PARCEL_ARRIVED, {**ITEM, "zone": "America/Lima"}, Channel.CHAT))
    assert "Recibido: 22-11-2026 08:30" in lima.text


def test_unknown_template_or_channel_is_refused() -> None:
    with pytest.raises(UnknownTemplate, match="unknown template 'nope' for email"):
        render(row("nope", {}))
    with pytest.raises(UnknownTemplate, match="for sms"):
        render(row(PARCEL_DELIVERED, SAMPLES[PARCEL_DELIVERED], Channel.SMS))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {**ITEM, "code": None},
        {**ITEM, "kind": "caja"},
        {**ITEM, "received_at": "ayer"},
        {**ITEM, "received_at": "2026-11-22T13:30:00"},
        {**ITEM, "zone": "Marte/Olympus"},
    ],
)
def test_data_a_notice_cannot_be_rendered_from_is_a_render_error(data: Any) -> None:
    with pytest.raises(RenderError):
        render(row(PARCEL_ARRIVED, data))


def test_a_row_written_with_its_text_is_shown_as_it_is() -> None:
    message = row(None, None)
    message.subject, message.body = "Aviso", "Hola"
    assert render(message) == Rendered(subject="Aviso", text="Hola", html=None)
    assert shown(message) == Rendered(subject="Aviso", text="Hola", html=None)


def test_shown_renders_a_row_not_rendered_yet_and_keeps_what_was_recorded() -> None:
    message = row(PARCEL_ARRIVED, ITEM, Channel.CHAT)
    assert shown(message) == render(message)
    message.body = "lo que se envió"
    assert shown(message).text == "lo que se envió"
    assert shown(row("nope", {})).text == ""


# --- one invitation, one layout -----------------------------------------------------------------


def test_one_invitation_template_for_staff_and_residents() -> None:
    resident = render(row(INVITATION, SAMPLES[INVITATION]))
    staff_data = {
        **INVITE,
        "name": "Marta",
        "profile": "conserje",
        "communities": ["Edificio Los Aromos", "Condominio El Roble"],
    }
    staff = render(row(INVITATION, staff_data))
    assert resident.subject == "Avisos de Edificio Los Aromos en Telegram"
    assert staff.subject == "Invitación a Conserjería — Edificio Los Aromos, Condominio El Roble"
    assert "avisos de correspondencia de Depto 101" in resident.text
    assert "Hola, Marta:" in staff.text
    assert "con el perfil Conserje" in staff.text
    for notice in (resident, staff):
        assert notice.html is not None
        assert "https://t.me/mi_bot?start=abc-123" in notice.text
        assert "/start abc-123" in notice.text
        assert "vence el 22-11-2026 10:30" in notice.text
        assert FOOTER in notice.text
        assert '<a href="https://t.me/mi_bot?start=abc-123">' in notice.html
    nobody = render(row(INVITATION, {**staff_data, "communities": []}))
    assert nobody.subject == "Invitación a Conserjería — tu administración"
    with pytest.raises(RenderError):
        render(row(INVITATION, {**staff_data, "profile": "portero"}))


def test_the_logo_named_in_the_data_is_shown_inline() -> None:
    notice = render(row(PARCEL_ARRIVED, {**ITEM, "logo_cid": "logo-1@conserjeria"}))
    assert notice.html is not None
    assert 'src="cid:logo-1@conserjeria"' in notice.html
    assert "<img" not in (render(row(PARCEL_ARRIVED, ITEM)).html or "")


def test_layout_links_a_line_that_is_only_a_link_and_escapes_it() -> None:
    _, page = render_email("Aviso", ['Abre:\nhttps://t.me/bot?start=a&b="c"', "ver https://x.cl"])
    assert '<a href="https://t.me/bot?start=a&amp;b=&quot;c&quot;">' in page
    assert "ver https://x.cl</p>" in page


# --- the worker renders, records, and never retries what cannot be rendered --------------------


class RecordingSender:
    def __init__(self, result: SendResult | None = None) -> None:
        self.seen: list[tuple[str | None, str, str | None]] = []
        self.result = result or SendResult.sent("ok")

    async def send(self, message: OutboxMessage) -> SendResult:
        self.seen.append((message.subject, message.body, message.html))
        return self.result


async def test_the_worker_renders_right_before_sending_and_records_the_text(db) -> None:
    clock = FrozenClock(T0, zone=ZoneInfo("Europe/Madrid"))
    zoneless = {k: v for k, v in ITEM.items() if k != "zone"}
    mail, _ = await enqueue_notice(
        key="corr:1:email:1",
        channel=Channel.EMAIL,
        recipient="vecino@example.com",
        template=PARCEL_ARRIVED,
        data=zoneless,
    )
    sms, _ = await enqueue_notice(
        key="corr:1:sms", channel=Channel.SMS, recipient=MOBILE, template=PARCEL_ARRIVED, data=ITEM
    )
    assert (mail.body, mail.subject, mail.html) == ("", None, None)
    emails, texts = RecordingSender(), RecordingSender()
    notifier = Notifier({Channel.EMAIL: emails, Channel.SMS: texts})
    assert await run_outbox_once(notifier, clock=clock) == 2

    sent_mail = await OutboxMessage.get(id=mail.id)
    assert sent_mail.status is OutboxStatus.SENT
    expected = render(mail, zone=clock.zone)
    assert "Recibido: 22-11-2026 14:30" in expected.text  # the clock's zone: no zone in data
    assert (sent_mail.subject, sent_mail.body, sent_mail.html) == (
        expected.subject,
        expected.text,
        expected.html,
    )
    assert emails.seen == [(expected.subject, expected.text, expected.html)]
    sent_sms = await OutboxMessage.get(id=sms.id)
    assert sent_sms.body == texts.seen[0][1] == render(sms).text
    assert shown(sent_sms).text == sent_sms.body


async def test_a_retry_sends_the_text_recorded_at_the_first_attempt(db) -> None:
    message, _ = await enqueue_notice(
        key="corr:1:chat:1",
        channel=Channel.CHAT,
        recipient="1004",
        template=PARCEL_ARRIVED,
        data=ITEM,
    )
    sender = RecordingSender(SendResult.retry("busy"))
    notifier = Notifier({Channel.CHAT: sender})
    clock = FrozenClock(T0)
    await run_outbox_once(notifier, clock=clock)
    first = await OutboxMessage.get(id=message.id)
    assert first.status is OutboxStatus.PENDING
    # Whatever the data says now, the retry sends what was recorded.
    await OutboxMessage.filter(id=message.id).update(data={**ITEM, "code": "ZZZZZZ"})
    clock.set(datetime(2026, 11, 23, tzinfo=UTC))
    sender.result = SendResult.sent("ok")
    await run_outbox_once(notifier, clock=clock)
    assert sender.seen[0] == sender.seen[1]
    assert "K7M2QX" in sender.seen[1][1]
    assert (await OutboxMessage.get(id=message.id)).status is OutboxStatus.SENT


@pytest.mark.parametrize(
    ("template", "data", "error"),
    [
        ("nope", {"name": "Rodrigo"}, "cannot render notice 'nope': unknown template"),
        (PARCEL_ARRIVED, {**ITEM, "code": None}, "cannot render notice 'parcel_arrived': data"),
    ],
)
async def test_a_notice_that_cannot_be_rendered_fails_at_once_and_quietly(
    db, caplog: pytest.LogCaptureFixture, template: str, data: dict[str, Any], error: str
) -> None:
    message, _ = await enqueue_notice(
        key="bad:1", channel=Channel.SMS, recipient=MOBILE, template=template, data=data
    )
    sender = RecordingSender()
    caplog.set_level(logging.INFO, logger="notifier")
    clock = FrozenClock(T0)
    assert await run_outbox_once(Notifier({Channel.SMS: sender}), clock=clock) == 1
    failed = await OutboxMessage.get(id=message.id)
    assert failed.status is OutboxStatus.FAILED
    assert failed.last_error is not None
    assert failed.last_error.startswith(error)
    assert failed.next_attempt_at is None
    assert sender.seen == []
    assert await run_outbox_once(Notifier({Channel.SMS: sender}), clock=clock) == 0
    assert f"#{message.id}: cannot render notice" in caplog.text
    for personal in ("Rodrigo", "61234567", "Los Aromos", "Depto"):
        assert personal not in caplog.text


async def test_a_crashing_renderer_fails_the_notice_with_its_error_kind(
    db, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(notice: object) -> Rendered:
        raise ZeroDivisionError("Rodrigo")

    monkeypatch.setitem(RENDERERS, (PARCEL_ARRIVED, Channel.CHAT), broken)
    message, _ = await enqueue_notice(
        key="corr:9:chat:1",
        channel=Channel.CHAT,
        recipient="1",
        template=PARCEL_ARRIVED,
        data=ITEM,
    )
    sender = RecordingSender()
    await run_outbox_once(Notifier({Channel.CHAT: sender}), clock=FrozenClock(T0))
    failed = await OutboxMessage.get(id=message.id)
    assert (failed.status, failed.last_error) == (
        OutboxStatus.FAILED,
        "cannot render notice 'parcel_arrived': ZeroDivisionError",
    )
    assert sender.seen == []


def test_the_unconfirmed_sms_notice_names_the_item_and_says_whether_it_was_refunded() -> None:
    notice = render(row(SMS_UNCONFIRMED, SAMPLES[SMS_UNCONFIRMED]))
    assert notice.subject == "Un SMS no pudo confirmarse — Los Aromos"
    assert "para Depto 101 (código de retiro K7M2QX)" in notice.text
    assert "después de 24 horas" in notice.text
    assert "Devolvimos 1 SMS al saldo" in notice.text
    bare = {**SAMPLES[SMS_UNCONFIRMED], "property": None, "code": None, "refunded": 0}
    text = render(row(SMS_UNCONFIRMED, bare)).text
    assert "Los Aromos, intentado el" in text
    assert "No hubo SMS que devolver" in text
