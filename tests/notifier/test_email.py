"""The e-mail channel against a real local SMTP server (aiosmtpd, in this test's event loop)."""

from __future__ import annotations

import base64
import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from pydantic import SecretStr

from models.clock import FrozenClock
from models.logos import NoticeLogo
from models.outbox import Channel, OutboxMessage, OutboxStatus, enqueue
from notifier import build_notifier
from notifier.base import Notifier, SendOutcome
from notifier.email import (
    OutboxEmailSender,
    SmtpEmailSender,
    classify_smtp_error,
    message_id_for,
)
from notifier.notices.layout import EmailContact, render_email
from notifier.outbox import run_outbox_once
from tests.dbutil import settings_for
from tests.logos import stored_logo
from tests.models.test_images import BLUE, RED
from tests.notifier.smtp import StartServer

EMAIL_FROM = "Conserjería Los Aromos <no-responder@conserjeria.example>"
SUBJECT = "Llegó tu paquete 📦: código ÑANDÚ"
USER, PASSWORD = "bot@conserjeria.example", "contraseña-secreta"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == USER.encode()
        and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class TlsFiles:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A throw-away self-signed certificate for 127.0.0.1."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    files = TlsFiles(folder / "cert.pem", folder / "key.pem")
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(files.key), "-out", str(files.cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    return files


def smtp_sender(port: int, **options: Any) -> SmtpEmailSender:
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "email_from": EMAIL_FROM,
        "security": "none",
        "timeout": 5.0,
    }
    values.update(options)
    return SmtpEmailSender(**values)


async def notice(
    recipient: str = "residente101@example.com", *, html: bool = True, key: str | None = None
) -> OutboxMessage:
    text, page = render_email(
        SUBJECT,
        ["Hola Rodrigo:", "Tu paquete de Starken <frágil> está en conserjería.\nCódigo: ÑANDÚ"],
        contact=EmailContact("Administración Los Aromos", "admin@aromos.cl", "+56 2 2123 4567"),
    )
    return await enqueue(
        key=key or f"correspondence:1:{recipient}",
        channel=Channel.EMAIL,
        recipient=recipient,
        subject=SUBJECT,
        body=text,
        html=page if html else None,
    )


# --- through a real SMTP server ------------------------------------------------------------------


async def test_smtp_delivers_text_and_html_with_utf8_subject_and_message_id(
    db, start_smtp: StartServer
) -> None:
    server = await start_smtp()
    message = await notice()
    result = await smtp_sender(server.port).send(message)

    assert result.outcome is SendOutcome.SENT
    assert result.provider_id == "2.0.0 Ok: queued as Q1"
    (got,) = server.mailbox.received
    assert got.envelope.mail_from == "no-responder@conserjeria.example"
    assert got.envelope.rcpt_tos == ["residente101@example.com"]
    assert got.raw.isascii()  # encoded words and quoted-printable: safe through any relay

    mail = got.mail
    assert mail["Subject"] == SUBJECT
    assert parseaddr(mail["From"]) == (
        "Conserjería Los Aromos",
        "no-responder@conserjeria.example",
    )
    assert mail["To"] == "residente101@example.com"
    assert mail["Message-ID"].strip() == message_id_for(message.idempotency_key, EMAIL_FROM)
    assert mail["Message-ID"].endswith("@conserjeria.example>")
    assert "residente101" not in mail["Message-ID"]
    assert parsedate_to_datetime(mail["Date"]) == message.created_at.replace(microsecond=0)
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "multipart/alternative"

    plain = mail.get_body(preferencelist=("plain",))
    rich = mail.get_body(preferencelist=("html",))
    assert plain is not None
    assert rich is not None
    text = plain.get_content()
    assert "Tu paquete de Starken <frágil> está en conserjería." in text
    assert "Código: ÑANDÚ" in text
    page = rich.get_content()
    assert "Tu paquete de Starken &lt;frágil&gt; está en conserjería.<br>Código: ÑANDÚ" in page
    assert "<frágil>" not in page
    assert "admin@aromos.cl" in page


async def test_a_resend_carries_the_same_message_id(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    message = await notice()
    sender = smtp_sender(server.port)
    await sender.send(message)
    await sender.send(message)
    first, second = server.mailbox.received
    assert first.mail["Message-ID"].strip() == second.mail["Message-ID"]
    other = await notice(key="correspondence:2:residente101@example.com")
    await sender.send(other)
    assert server.mailbox.received[2].mail["Message-ID"] != first.mail["Message-ID"]


async def test_a_text_only_notice_is_a_single_plain_part(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    message = await notice(html=False)
    assert (await smtp_sender(server.port).send(message)).outcome is SendOutcome.SENT
    mail = server.mailbox.received[0].mail
    assert mail.get_content_type() == "text/plain"
    assert "Código: ÑANDÚ" in mail.get_content()


async def test_an_inline_logo_is_related_to_the_html(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    message = await notice()
    _, page = render_email("Aviso", ["Hola"], logo_cid="logo")
    message.html = page
    message.attachments = [
        {
            "filename": "logo.png",
            "content_type": "image/png",
            "cid": "logo",
            "data_b64": base64.b64encode(PNG).decode(),
        }
    ]
    await message.save()
    assert (await smtp_sender(server.port).send(message)).outcome is SendOutcome.SENT
    mail = server.mailbox.received[0].mail
    assert mail.get_content_type() == "multipart/alternative"
    related = mail.get_payload()[1]
    assert related.get_content_type() == "multipart/related"
    images = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1
    assert images[0]["Content-ID"] == "<logo>"
    assert images[0].get_content() == PNG
    assert 'src="cid:logo"' in related.get_body(preferencelist=("html",)).get_content()


async def notice_with_logo(logo: NoticeLogo) -> tuple[OutboxMessage, str]:
    """A queued e-mail showing `logo` inline, as correspondence notices are; and its HTML."""
    message = await notice()
    _, page = render_email("Aviso", ["Hola"], logo_cid=logo.content_id)
    message.html = page
    message.attachments = [logo.email_attachment()]
    await message.save()
    return message, page


async def test_the_community_logo_is_read_from_the_store_when_sent(
    db, start_smtp: StartServer
) -> None:
    server = await start_smtp()
    logo, notice_logo = await stored_logo()
    message, _ = await notice_with_logo(notice_logo)
    assert (await smtp_sender(server.port).send(message)).outcome is SendOutcome.SENT
    mail = server.mailbox.received[0].mail
    images = [p for p in mail.walk() if p.get_content_type() == "image/jpeg"]
    assert len(images) == 1
    assert images[0]["Content-ID"] == f"<{notice_logo.content_id}>"
    assert images[0].get_content() == bytes(logo.jpeg)
    html_part = mail.get_body(preferencelist=("html",))
    assert f'src="cid:{notice_logo.content_id}"' in html_part.get_content()


async def test_a_logo_replaced_before_sending_leaves_the_mail_without_it(
    db, start_smtp: StartServer
) -> None:
    server = await start_smtp()
    _, old = await stored_logo(RED)
    await stored_logo(BLUE)  # the same community uploads another: the first is gone
    message, page = await notice_with_logo(old)
    assert (await smtp_sender(server.port).send(message)).outcome is SendOutcome.SENT
    mail = server.mailbox.received[0].mail
    assert not [p for p in mail.walk() if p.get_content_maintype() == "image"]
    html_part = mail.get_body(preferencelist=("html",))
    assert "Hola" in html_part.get_content()
    assert "<img" not in html_part.get_content()  # no broken picture
    stored = await OutboxMessage.get(id=message.id)
    assert stored.html == page  # what was queued is kept as it was


async def test_a_refused_recipient_fails_for_good(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    result = await smtp_sender(server.port).send(await notice("nadie@example.com"))
    assert result.outcome is SendOutcome.FAILED
    assert result.reason is not None
    assert "550" in result.reason
    assert not server.mailbox.received


async def test_a_busy_mailbox_is_retried(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    result = await smtp_sender(server.port).send(await notice("lleno@example.com"))
    assert result.outcome is SendOutcome.RETRY
    assert result.reason is not None
    assert "451" in result.reason
    assert not server.mailbox.received


async def test_a_refused_connection_is_retried(db) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = await smtp_sender(port).send(await notice())
    assert result.outcome is SendOutcome.RETRY
    assert result.reason is not None
    assert "SMTPConnectError" in result.reason


async def test_starttls_with_login(db, start_smtp: StartServer, tls_files: TlsFiles) -> None:
    server = await start_smtp(
        tls_context=tls_files.server_context(),
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    sender = smtp_sender(
        server.port,
        security="starttls",
        tls_context=tls_files.client_context(),
        username=USER,
        password=SecretStr(PASSWORD),
    )
    assert (await sender.send(await notice())).outcome is SendOutcome.SENT
    (got,) = server.mailbox.received
    assert got.authenticated is True
    assert got.mail["Subject"] == SUBJECT


async def test_wrong_credentials_are_retried_not_failed(
    db, start_smtp: StartServer, tls_files: TlsFiles
) -> None:
    server = await start_smtp(
        tls_context=tls_files.server_context(),
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    sender = smtp_sender(
        server.port,
        security="starttls",
        tls_context=tls_files.client_context(),
        username=USER,
        password=SecretStr("otra"),
    )
    result = await sender.send(await notice())
    assert result.outcome is SendOutcome.RETRY
    assert result.reason is not None
    assert result.reason.startswith("SMTP authentication: 535")
    assert not server.mailbox.received


async def test_implicit_tls(db, start_smtp: StartServer, tls_files: TlsFiles) -> None:
    server = await start_smtp(ssl_context=tls_files.server_context())
    sender = smtp_sender(server.port, security="ssl", tls_context=tls_files.client_context())
    assert (await sender.send(await notice())).outcome is SendOutcome.SENT
    assert len(server.mailbox.received) == 1


async def test_starttls_refuses_an_untrusted_certificate(
    db, start_smtp: StartServer, tls_files: TlsFiles
) -> None:
    server = await start_smtp(tls_context=tls_files.server_context(), require_starttls=True)
    result = await smtp_sender(server.port, security="starttls").send(await notice())
    assert result.outcome is SendOutcome.RETRY
    assert not server.mailbox.received


async def test_the_worker_sends_pending_mail_through_smtp(db, start_smtp: StartServer) -> None:
    server = await start_smtp()
    good = await notice()
    bad = await notice("nadie@example.com")
    busy = await notice("lleno@example.com")
    clock = FrozenClock(good.created_at)
    notifier = Notifier({Channel.EMAIL: smtp_sender(server.port)})
    assert await run_outbox_once(notifier, clock=clock) == 3
    statuses = {m.recipient: m.status for m in await OutboxMessage.filter(channel=Channel.EMAIL)}
    assert statuses == {
        "residente101@example.com": OutboxStatus.SENT,
        "nadie@example.com": OutboxStatus.FAILED,
        "lleno@example.com": OutboxStatus.PENDING,
    }
    assert len(server.mailbox.received) == 1
    assert (await OutboxMessage.get(id=good.id)).provider_id == "2.0.0 Ok: queued as Q1"
    assert (await OutboxMessage.get(id=bad.id)).attempts == 1
    assert (await OutboxMessage.get(id=busy.id)).next_attempt_at is not None
    await notifier.close()


# --- error mapping without a server ------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (aiosmtplib.SMTPDataError(554, "5.7.1 spam"), SendOutcome.FAILED),
        (aiosmtplib.SMTPDataError(452, "4.3.1 full"), SendOutcome.RETRY),
        (aiosmtplib.SMTPSenderRefused(552, "5.3.4 too big", "a@b.cl"), SendOutcome.FAILED),
        (aiosmtplib.SMTPSenderRefused(553, "5.7.1 not yours", "a@b.cl"), SendOutcome.RETRY),
        (aiosmtplib.SMTPRecipientRefused(550, "no", "x@y.cl"), SendOutcome.FAILED),
        (aiosmtplib.SMTPServerDisconnected("gone"), SendOutcome.RETRY),
        (aiosmtplib.SMTPReadTimeoutError("slow"), SendOutcome.RETRY),
        (aiosmtplib.SMTPResponseException(421, "closing"), SendOutcome.RETRY),
    ],
)
def test_smtp_errors_map_to_outcomes(
    error: aiosmtplib.SMTPException, outcome: SendOutcome
) -> None:
    assert classify_smtp_error(error).outcome is outcome


# --- the outbox backend and the factory ----------------------------------------------------------


async def test_outbox_backend_sends_nothing_and_reports_delivered(db) -> None:
    result = await OutboxEmailSender(email_from=EMAIL_FROM).send(await notice())
    assert (result.outcome, result.provider_id) == (SendOutcome.SENT, "outbox")


async def test_outbox_backend_fails_a_mail_that_cannot_be_built(db) -> None:
    message = await notice()
    message.attachments = [{"filename": "logo.png", "data_b64": "not base64!"}]
    result = await OutboxEmailSender(email_from=EMAIL_FROM).send(message)
    assert result.outcome is SendOutcome.FAILED
    assert result.reason == "invalid attachment: attachment 'data_b64' is not base64"


def test_build_notifier_follows_email_backend(db_url: str) -> None:
    default = build_notifier(settings_for(db_url).notifier_config())
    assert isinstance(default.senders[Channel.EMAIL], OutboxEmailSender)
    assert set(default.senders) == {Channel.EMAIL, Channel.SMS}

    smtp = build_notifier(
        settings_for(
            db_url,
            email_backend="smtp",
            smtp_host="mail.example.com",
            smtp_port=465,
            smtp_security="ssl",
            smtp_username="u",
            smtp_password="p",
        ).notifier_config()
    )
    sender = smtp.senders[Channel.EMAIL]
    assert isinstance(sender, SmtpEmailSender)
    assert (sender.host, sender.port, sender.security, sender.username) == (
        "mail.example.com",
        465,
        "ssl",
        "u",
    )


def test_a_from_address_without_an_address_is_refused() -> None:
    with pytest.raises(ValueError, match="EMAIL_FROM"):
        OutboxEmailSender(email_from="Conserjería")


# --- rendering -----------------------------------------------------------------------------------


def test_render_email_escapes_everything_and_keeps_text_and_html_alike() -> None:
    text, page = render_email(
        'Aviso <b>"importante"</b>',
        ["Hola <script>alert(1)</script>", "  ", "Línea 1\nLínea 2 & más"],
        logo_cid='logo" onerror="x',
        contact=EmailContact("Ana & Cía", email="ana@example.com"),
        administration="Administradora <Sur> & Cía",
    )
    # The letterhead first (the administración, then the contact block), then the message.
    assert text.startswith(
        "Administradora <Sur> & Cía\n\n"
        "Contacto de la comunidad\nAna & Cía\nCorreo: ana@example.com\n\n"
        'Aviso <b>"importante"</b>\n\nHola <script>alert(1)</script>\n\n'
    )
    assert "Línea 1\nLínea 2 & más" in text
    assert "Teléfono" not in text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Aviso &lt;b&gt;&quot;importante&quot;&lt;/b&gt;</title>" in page
    assert "Línea 1<br>Línea 2 &amp; más" in page
    assert 'src="cid:logo&quot; onerror=&quot;x"' in page
    assert "Ana &amp; Cía" in page
    assert "Administradora &lt;Sur&gt; &amp; Cía" in page
    assert "<Sur>" not in page
    # Logo, then the administración, then the contact block, then the message.
    assert (
        page.index("cid:")
        < page.index("Administradora &lt;Sur")
        < page.index("Contacto de la comunidad")
        < page.index("Hola &lt;script")
    )
    # the administración, two paragraphs, the contact title and the contact lines
    assert page.count("<p ") == 5


def test_render_email_without_logo_or_contact() -> None:
    text, page = render_email("Aviso", ["Hola"])
    assert "<img" not in page
    assert "Contacto" not in page
    assert "Contacto" not in text
    assert text.endswith("no lo respondas.\n")
