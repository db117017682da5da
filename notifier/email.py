"""The e-mail channel: rendered notices, kept in the outbox or sent by SMTP.

Two backends, chosen by `EMAIL_BACKEND`:

- `outbox` (the embedded default): nothing leaves the machine. The message is built exactly as
  for SMTP (so a notice that could not be sent fails here too) and marked SENT, "delivered to
  the outbox"; its content stays in the database, where the sandbox shows it.
- `smtp`: aiosmtplib, one connection per message, STARTTLS / implicit TLS / plain.

SMTP has no idempotency key. Every message carries a `Message-ID` derived from its outbox
idempotency key, so when the outcome of an attempt is unknown (the connection died after the
message data was sent, or the worker crashed before recording) the worker sends it again with
the *same* Message-ID: a duplicate is possible but recognisable, and most mailbox providers fold
two messages with one Message-ID into one. Losing a notice silently would be worse.

Attachments: `OutboxMessage.attachments` is a JSON list of specs; an `AttachmentLoader` turns
each spec into bytes. The default loader, `load_attachment`, understands two kinds:

- self-contained ``{"filename": "x.png", "content_type": "image/png", "data_b64": "...",
  "cid": "x"}``;
- a stored logo named by its checksum, ``{"kind": "logo", "sha256": ..., "cid": ...,
  "filename": ..., "content_type": ...}`` (`models.logos.NoticeLogo.email_attachment`), read
  when the e-mail is sent. If that image was replaced meanwhile, the e-mail goes without it
  (and without its ``<img>``): a notice is never held back for its decoration.

A spec with a `cid` is attached inline (related to the HTML part, shown by
``<img src="cid:x">``, see `notifier.notices.layout.render_email(logo_cid=...)`), any other as
a regular attachment.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import logging
import re
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING, Any

import aiosmtplib
from pydantic import SecretStr

from models.logos import LOGO_ATTACHMENT, logo_by_checksum
from models.outbox import OutboxMessage
from notifier.base import SendResult
from notifier.config import SmtpSecurity

if TYPE_CHECKING:
    from notifier.config import SmtpConfig

log = logging.getLogger(__name__)


OUTBOX_PROVIDER_ID = "outbox"
DEFAULT_SMTP_TIMEOUT = 30.0
"""Seconds per SMTP step; well under the worker's send timeout and lease."""

_FALLBACK_DOMAIN = "conserjeria.invalid"


# --- building the MIME message -----------------------------------------------------------------


class AttachmentError(ValueError):
    """An attachment spec that can never be turned into bytes (the message fails for good)."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"
    cid: str | None = None
    """Set for an inline part referenced from the HTML as ``cid:<cid>``."""


AttachmentLoader = Callable[[Mapping[str, Any]], Awaitable[Attachment | None]]
"""Turns one spec into its part; None leaves an optional part (a logo gone) out."""


async def load_inline_data(spec: Mapping[str, Any]) -> Attachment:
    """The default loader: a self-contained spec with its bytes in base64 (`data_b64`)."""
    data = spec.get("data_b64")
    filename = spec.get("filename")
    if not isinstance(data, str) or not isinstance(filename, str) or not filename:
        raise AttachmentError("attachment spec needs 'filename' and 'data_b64'")
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise AttachmentError("attachment 'data_b64' is not base64") from exc
    content_type = spec.get("content_type") or "application/octet-stream"
    cid = spec.get("cid")
    if not isinstance(content_type, str) or "/" not in content_type:
        raise AttachmentError("attachment 'content_type' must look like 'image/png'")
    if cid is not None and not isinstance(cid, str):
        raise AttachmentError("attachment 'cid' must be text")
    return Attachment(filename=filename, content=content, content_type=content_type, cid=cid)


async def load_logo(spec: Mapping[str, Any]) -> Attachment | None:
    """A stored logo named by checksum; None if it was replaced since the e-mail was queued."""
    sha256, cid = spec.get("sha256"), spec.get("cid")
    if not isinstance(sha256, str) or not sha256 or not isinstance(cid, str) or not cid:
        raise AttachmentError("a logo attachment needs 'sha256' and 'cid'")
    logo = await logo_by_checksum(sha256)
    if logo is None:
        return None
    return Attachment(
        filename=str(spec.get("filename") or "logo.jpg"),
        content=bytes(logo.jpeg),
        content_type=str(spec.get("content_type") or "image/jpeg"),
        cid=cid,
    )


async def load_attachment(spec: Mapping[str, Any]) -> Attachment | None:
    """The default loader: a stored logo, or a self-contained spec (module docstring)."""
    if spec.get("kind") == LOGO_ATTACHMENT:
        return await load_logo(spec)
    return await load_inline_data(spec)


def sender_address(email_from: str) -> str:
    """The bare address of `EMAIL_FROM` (`Conserjería <a@b.cl>` → `a@b.cl`)."""
    _, address = parseaddr(email_from)
    if "@" not in address:
        raise ValueError(
            "EMAIL_FROM needs an address, e.g. 'Conserjería <no-responder@dominio.cl>'"
        )
    return address


def message_id_for(idempotency_key: str, email_from: str) -> str:
    """A stable Message-ID for one outbox message: every resend of it carries the same one.

    Hashed, because idempotency keys may contain recipients' addresses.
    """
    _, address = parseaddr(email_from)
    domain = address.rpartition("@")[2] or _FALLBACK_DOMAIN
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
    return f"<outbox.{digest}@{domain}>"


def build_email_message(
    message: OutboxMessage,
    *,
    email_from: str,
    attachments: Sequence[Attachment] = (),
    html_body: str | None = None,
) -> EmailMessage:
    """The MIME message for an outbox e-mail: text, or text + HTML alternatives, plus parts.

    `html_body` replaces the stored HTML (e.g. without the image of a part that is gone).
    """
    page = html_body if html_body is not None else message.html
    mail = EmailMessage(policy=SMTP_POLICY)
    mail["From"] = email_from
    mail["To"] = message.recipient
    if message.subject:
        mail["Subject"] = message.subject
    created = message.created_at or datetime.now(UTC)
    mail["Date"] = format_datetime(created.astimezone(UTC))
    mail["Message-ID"] = message_id_for(message.idempotency_key, email_from)
    mail["Auto-Submitted"] = "auto-generated"
    # Quoted-printable keeps the accents intact through relays without 8BITMIME.
    mail.set_content(message.body, subtype="plain", charset="utf-8", cte="quoted-printable")
    inline = [a for a in attachments if a.cid]
    regular = [a for a in attachments if not a.cid]
    if page:
        mail.add_alternative(page, subtype="html", charset="utf-8", cte="quoted-printable")
        html_part = mail.get_body(preferencelist=("html",))
        assert html_part is not None
        for item in inline:
            maintype, _, subtype = item.content_type.partition("/")
            html_part.add_related(
                item.content,
                maintype=maintype,
                subtype=subtype,
                cid=f"<{item.cid}>",
                filename=item.filename,
                disposition="inline",
            )
    else:
        regular = [*inline, *regular]
    for item in regular:
        maintype, _, subtype = item.content_type.partition("/")
        mail.add_attachment(
            item.content, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return mail


async def _load_attachments(
    message: OutboxMessage, loader: AttachmentLoader
) -> tuple[list[Attachment], list[str]]:
    """The parts loaded, and the Content-IDs of inline parts that are gone."""
    specs = message.attachments or []
    if not isinstance(specs, list):
        raise AttachmentError("attachments must be a list of specs")
    loaded, missing = [], []
    for spec in specs:
        if not isinstance(spec, Mapping):
            raise AttachmentError("each attachment spec must be an object")
        part = await loader(spec)
        if part is not None:
            loaded.append(part)
        elif isinstance(spec.get("cid"), str):
            missing.append(spec["cid"])
    return loaded, missing


def without_inline_images(page: str, cids: Sequence[str]) -> str:
    """The HTML without the ``<img src="cid:…">`` of these parts (no broken image shown)."""
    for cid in cids:
        quoted = re.escape(html.escape(cid, quote=True))
        page = re.sub(rf"<img\b[^>]*\bsrc=\"cid:{quoted}\"[^>]*>", "", page)
    return page


async def _prepare(
    message: OutboxMessage, *, email_from: str, loader: AttachmentLoader
) -> EmailMessage | SendResult:
    """The MIME message, or the permanent failure that prevents building it."""
    try:
        attachments, missing = await _load_attachments(message, loader)
        page = message.html
        if missing and page:
            log.info("e-mail #%s: inline image gone, sent without it", message.id)
            page = without_inline_images(page, missing)
        return build_email_message(
            message, email_from=email_from, attachments=attachments, html_body=page
        )
    except AttachmentError as exc:
        return SendResult.failed(f"invalid attachment: {exc}")
    except (ValueError, TypeError) as exc:
        return SendResult.failed(f"cannot build the e-mail: {exc}")


# --- backends ----------------------------------------------------------------------------------


class OutboxEmailSender:
    """`EMAIL_BACKEND=outbox`: builds the e-mail, sends nothing, records it as delivered here.

    The outbox is the developer's mailbox: what was "sent" stays readable, invitation links
    included (`notifier.base.keeps_content`).
    """

    keeps_content = True

    def __init__(
        self, *, email_from: str, attachment_loader: AttachmentLoader = load_attachment
    ) -> None:
        sender_address(email_from)
        self.email_from = email_from
        self.attachment_loader = attachment_loader

    async def send(self, message: OutboxMessage) -> SendResult:
        prepared = await _prepare(
            message, email_from=self.email_from, loader=self.attachment_loader
        )
        if isinstance(prepared, SendResult):
            return prepared
        return SendResult.sent(OUTBOX_PROVIDER_ID)


class SmtpEmailSender:
    """`EMAIL_BACKEND=smtp`: one SMTP conversation per message, errors mapped to outcomes.

    4xx answers, timeouts and connection problems → RETRY; a 5xx refusal of the recipient or of
    the content → FAILED. Refusals of our own credentials or sender address are configuration
    problems, so they RETRY (the operator can fix them before the attempts run out).
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        email_from: str,
        security: SmtpSecurity = "starttls",
        username: str | None = None,
        password: SecretStr | None = None,
        timeout: float = DEFAULT_SMTP_TIMEOUT,
        tls_context: ssl.SSLContext | None = None,
        attachment_loader: AttachmentLoader = load_attachment,
    ) -> None:
        if security not in ("starttls", "ssl", "none"):
            raise ValueError(f"unknown SMTP security {security!r}")
        self.host = host
        self.port = port
        self.email_from = email_from
        self.envelope_from = sender_address(email_from)
        self.security: SmtpSecurity = security
        self.username = username
        self._password = password
        self.timeout = timeout
        self.tls_context = tls_context
        self.attachment_loader = attachment_loader

    @classmethod
    def from_config(
        cls, config: SmtpConfig, *, email_from: str, **overrides: Any
    ) -> SmtpEmailSender:
        values: dict[str, Any] = {
            "host": config.host,
            "port": config.port,
            "email_from": email_from,
            "security": config.security,
            "username": config.username,
            "password": config.password,
        }
        values.update(overrides)
        return cls(**values)

    def _connection_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "hostname": self.host,
            "port": self.port,
            "timeout": self.timeout,
            "use_tls": self.security == "ssl",
            "start_tls": self.security == "starttls",
        }
        if self.tls_context is not None:
            options["tls_context"] = self.tls_context
        if self.username:
            options["username"] = self.username
            options["password"] = (
                self._password.get_secret_value() if self._password is not None else ""
            )
        return options

    async def send(self, message: OutboxMessage) -> SendResult:
        prepared = await _prepare(
            message, email_from=self.email_from, loader=self.attachment_loader
        )
        if isinstance(prepared, SendResult):
            return prepared
        try:
            _, reply = await aiosmtplib.send(
                prepared,
                sender=self.envelope_from,
                recipients=[message.recipient],
                **self._connection_options(),
            )
        except aiosmtplib.SMTPException as exc:
            return classify_smtp_error(exc)
        except OSError as exc:  # refused, unreachable, TLS handshake: the server may come back
            return SendResult.retry(f"SMTP connection: {type(exc).__name__}: {exc}")
        return SendResult.sent(_provider_id(reply))

    async def aclose(self) -> None:
        """Nothing held between messages (one connection per message)."""


def _provider_id(reply: str) -> str | None:
    """The server's acceptance line (usually has its queue id), trimmed to the column."""
    reply = " ".join(reply.split())
    return reply[:64] or None


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


def classify_smtp_error(exc: aiosmtplib.SMTPException) -> SendResult:
    """Map an aiosmtplib error to RETRY or FAILED (see `SmtpEmailSender`)."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        refusals = exc.recipients
        code = refusals[0].code if refusals else 0
        detail = refusals[0].message if refusals else str(exc)
        if _is_permanent(code):
            return SendResult.failed(f"recipient refused: {code} {detail}")
        return SendResult.retry(f"recipient deferred: {code} {detail}")
    if isinstance(exc, aiosmtplib.SMTPRecipientRefused):
        if _is_permanent(exc.code):
            return SendResult.failed(f"recipient refused: {exc.code} {exc.message}")
        return SendResult.retry(f"recipient deferred: {exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        if exc.code == 552:  # exceeds the server's size limit: this message never will fit
            return SendResult.failed(f"message too large: {exc.code} {exc.message}")
        log.error("SMTP server refused EMAIL_FROM (%s): check the configuration", exc.code)
        return SendResult.retry(f"sender refused: {exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        log.error("SMTP authentication failed (%s): check SMTP_USERNAME/PASSWORD", exc.code)
        return SendResult.retry(f"SMTP authentication: {exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPDataError):
        if _is_permanent(exc.code):
            return SendResult.failed(f"content refused: {exc.code} {exc.message}")
        return SendResult.retry(f"content deferred: {exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return SendResult.retry(f"SMTP reply {exc.code}: {exc.message}")
    # Disconnected, timed out, connection refused, no STARTTLS: worth trying again later.
    return SendResult.retry(f"SMTP: {type(exc).__name__}: {exc}")
