"""Invitation tokens leave through the e-mail and are not kept in the outbox (issue 12, item 2).

Invitations are written by the domain (`models.staff_changes.create_staff`), sent by the worker
through a real local SMTP server (aiosmtpd); the row is then read column by column.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from models.clock import FrozenClock
from models.core import Community, Profile, StaffUser
from models.identity import IssuedInvitation, create_super_admin
from models.outbox import (
    INVITATION,
    Channel,
    OutboxMessage,
    OutboxStatus,
    enqueue_notice,
)
from models.staff_changes import create_staff
from notifier.base import Notifier
from notifier.email import OutboxEmailSender, SmtpEmailSender
from notifier.notices import forget_secrets
from notifier.notices.invitations import SECRET_PLACEHOLDERS
from notifier.outbox import run_outbox_once
from tests.notifier.smtp import StartServer

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
EMAIL_FROM = "Conserjería <no-responder@conserjeria.example>"


async def invite(email: str = "tomas@andes.cl") -> tuple[OutboxMessage, IssuedInvitation]:
    """A Súper Administrador creates an Administrador: the domain queues the invitation."""
    ana, _ = await create_super_admin(
        administration_name="Administradora Andes SpA",
        first_name="Ana",
        last_name="Rojas",
        email="ana@andes.cl",
    )
    community = await Community.create(administration_id=ana.administration_id, name="Los Aromos")
    _, issued = await create_staff(
        ana,
        profile=Profile.ADMIN,
        first_name="Tomás",
        last_name="Turno",
        second_last_name=None,
        email=email,
        community_ids=[community.id],
        bot_username="mi_bot",
    )
    row = await OutboxMessage.get(template=INVITATION, recipient=email)
    return row, issued


async def columns(message: OutboxMessage) -> dict[str, Any]:
    [values] = await OutboxMessage.filter(id=message.id).values()
    return values


def holding(values: dict[str, Any], secret: str) -> list[str]:
    """The columns whose value (as stored, JSON included) contains `secret`."""
    return [name for name, value in values.items() if secret in str(value)]


def smtp(port: int) -> Notifier:
    sender = SmtpEmailSender(
        host="127.0.0.1", port=port, email_from=EMAIL_FROM, security="none", timeout=5.0
    )
    return Notifier({Channel.EMAIL: sender})


async def test_an_invitation_sent_by_smtp_keeps_no_token_in_the_outbox(
    db, start_smtp: StartServer
) -> None:
    server = await start_smtp()
    message, issued = await invite()
    assert holding(await columns(message), issued.token) == ["data"]  # needed until it is sent

    assert await run_outbox_once(smtp(server.port), clock=FrozenClock(T0)) == 1

    [received] = server.mailbox.received
    text = received.mail.get_body(preferencelist=("plain",))
    page = received.mail.get_body(preferencelist=("html",))
    assert text is not None
    assert page is not None
    assert f"/start {issued.token}" in text.get_content()
    assert f'href="{issued.deep_link("mi_bot")}"' in page.get_content()
    values = await columns(message)
    assert values["status"] == OutboxStatus.SENT
    assert holding(values, issued.token) == []
    assert SECRET_PLACEHOLDERS["link"] in values["body"]
    assert SECRET_PLACEHOLDERS["code"] in values["body"]
    assert SECRET_PLACEHOLDERS["link"] in values["html"]
    assert values["data"]["link"] is None
    assert values["data"]["code"] is None
    assert values["data"]["name"] == "Tomás"  # what is no secret stays, for the audit


async def test_an_invitation_refused_for_good_keeps_no_token(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    message, issued = await invite("nadie@example.com")
    await run_outbox_once(smtp(server.port), clock=FrozenClock(T0))
    values = await columns(message)
    assert values["status"] == OutboxStatus.FAILED
    assert holding(values, issued.token) == []
    assert server.mailbox.received == []


async def test_an_invitation_retried_later_keeps_its_token_until_sent(
    db, start_smtp: StartServer
) -> None:
    server = await start_smtp()
    message, issued = await invite("lleno@example.com")
    await run_outbox_once(smtp(server.port), clock=FrozenClock(T0))
    values = await columns(message)
    assert values["status"] == OutboxStatus.PENDING
    assert "data" in holding(values, issued.token)  # the next attempt still needs it


async def test_the_sandbox_outbox_is_the_mailbox_so_the_invitation_stays_readable(db) -> None:
    message, issued = await invite()
    notifier = Notifier({Channel.EMAIL: OutboxEmailSender(email_from=EMAIL_FROM)})
    assert await run_outbox_once(notifier, clock=FrozenClock(T0)) == 1
    row = await OutboxMessage.get(id=message.id)
    assert row.status is OutboxStatus.SENT
    assert issued.token in row.body


async def test_a_notice_that_cannot_be_rendered_keeps_no_token(db) -> None:
    message, issued = await invite()
    data = dict(message.data or {})
    data["profile"] = "portero"  # no such profile: the renderer refuses it
    await OutboxMessage.filter(id=message.id).update(data=data)
    notifier = Notifier({Channel.EMAIL: OutboxEmailSender(email_from=EMAIL_FROM)})
    await run_outbox_once(notifier, clock=FrozenClock(T0))
    values = await columns(message)
    assert values["status"] == OutboxStatus.FAILED
    assert holding(values, issued.token) == []


async def test_an_invitation_written_skipped_never_holds_its_token(db) -> None:
    token = "tok-" + "x" * 20
    message, created = await enqueue_notice(
        key="invite:skipped",
        channel=Channel.EMAIL,
        recipient="tomas@andes.cl",
        template=INVITATION,
        data={"link": f"https://t.me/mi_bot?start={token}", "code": token, "bot": "mi_bot"},
        status=OutboxStatus.SKIPPED,
    )
    assert created
    assert holding(await columns(message), token) == []
    assert (await StaffUser.all().count()) == 0


def test_forget_secrets_blanks_the_link_before_the_code_it_contains() -> None:
    token = "Ab-12_cd"
    link = f"https://t.me/mi_bot?start={token}"
    row = OutboxMessage(
        template=INVITATION,
        data={"link": link, "code": token, "bot": "mi_bot"},
        subject="Invitación",
        body=f"Abre:\n{link}\no envía /start {token}",
        html=f'<a href="{link}">{link}</a> /start {token}',
    )
    values = forget_secrets(row)
    link_mark, code_mark = SECRET_PLACEHOLDERS["link"], SECRET_PLACEHOLDERS["code"]
    assert values["body"] == f"Abre:\n{link_mark}\no envía /start {code_mark}"
    assert values["html"] == f'<a href="{link_mark}">{link_mark}</a> /start {code_mark}'
    assert values["data"] == {"link": None, "code": None, "bot": "mi_bot"}
    assert "subject" in values
    assert forget_secrets(OutboxMessage(template=INVITATION, data=values["data"])) == {}
    assert forget_secrets(OutboxMessage(template=None, data=None, body="x")) == {}
