"""Twilio's status callbacks: delivered, undelivered and failed recorded on the outbox row.

`TwilioSmsSender` gives every message ``StatusCallback = PUBLIC_BASE_URL +
TWILIO_STATUS_CALLBACK_PATH + "?outbox=<id>"``; Twilio POSTs the message's status there
(form-encoded, signed in ``X-Twilio-Signature``). The signature covers the exact URL Twilio
called, so it is checked against the *public* URL rebuilt from the settings (not the one this
server sees behind a proxy): a bad or missing signature is a 403 and changes nothing.

Callbacks may repeat or arrive out of order; they only move a notice forward:
``pending / sending / in doubt < sent < delivered``, and ``undelivered`` / ``failed`` are final
(both recorded as FAILED, Twilio's status in `last_error`). A callback for a row still in doubt
settles it as well (Twilio has the message: it must never be sent again). A callback whose
MessageSid differs from the SID recorded on the row is ignored.

Refunds: Twilio does not charge for ``failed`` (or ``canceled``) messages, so those give the
community its SMS back (`models.sms.refund`, once per reference). ``undelivered`` messages were
handed to the carrier and are charged by Twilio, so they are *not* refunded.

Mounting: `add_twilio_routes(app, settings)` on the webhook server, or
`start_callback_server(settings)` on LISTEN_HOST:LISTEN_PORT in long-polling mode.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from aiohttp import web
from tortoise.expressions import Q
from tortoise.transactions import in_transaction
from twilio.request_validator import RequestValidator

from models import sms as ledger
from models.clock import SYSTEM_CLOCK, Clock
from models.outbox import Channel, OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from notifier.config import TwilioConfig

log = logging.getLogger(__name__)

OUTBOX_PARAM = "outbox"
SIGNATURE_HEADER = "X-Twilio-Signature"

PROGRESS = frozenset({"accepted", "scheduled", "queued", "sending", "sent"})
DELIVERED = frozenset({"delivered", "read"})
UNDELIVERED = frozenset({"undelivered"})
NOT_CHARGED = frozenset({"failed", "canceled"})

OPEN = frozenset({OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.IN_DOUBT})
"""Rows whose outcome is not known yet: a callback proves Twilio has the message."""
FINAL = frozenset({OutboxStatus.DELIVERED, OutboxStatus.FAILED, OutboxStatus.SKIPPED})

MAX_RACES = 5


def status_callback_url(public_base_url: str, path: str, outbox_id: int) -> str:
    """The StatusCallback URL of one outbox message (what Twilio signs)."""
    return f"{public_base_url.rstrip('/')}{path}?{OUTBOX_PARAM}={outbox_id}"


def signed_url(public_base_url: str, path: str, raw_query: str) -> str:
    """The public URL Twilio called, rebuilt from the settings and the query it sent."""
    url = f"{public_base_url.rstrip('/')}{path}"
    return f"{url}?{raw_query}" if raw_query else url


def _target(current: OutboxStatus, twilio_status: str) -> tuple[OutboxStatus, bool] | None:
    """Where a callback moves a row in `current`, and whether it refunds; None: nowhere."""
    if current in FINAL:
        return None
    if twilio_status in PROGRESS:
        return (OutboxStatus.SENT, False) if current in OPEN else None
    if twilio_status in DELIVERED:
        return OutboxStatus.DELIVERED, False
    if twilio_status in UNDELIVERED:
        return OutboxStatus.FAILED, False
    if twilio_status in NOT_CHARGED:
        return OutboxStatus.FAILED, True
    return None


async def record_status(
    outbox_id: int,
    message_sid: str,
    twilio_status: str,
    *,
    error_code: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> OutboxStatus | None:
    """Apply one status callback; the row's new status, or None when nothing changed."""
    twilio_status = twilio_status.strip().lower()
    for _race in range(MAX_RACES):
        row = await OutboxMessage.get_or_none(id=outbox_id, channel=Channel.SMS)
        if row is None:
            log.info("twilio callback: no SMS outbox #%s; ignored", outbox_id)
            return None
        if row.provider_id and row.provider_id != message_sid:
            log.warning(
                "twilio callback: sms #%s is %s, not %s; ignored",
                row.id,
                row.provider_id,
                message_sid,
            )
            return None
        target = _target(row.status, twilio_status)
        if target is None:
            log.info(
                "twilio callback: sms #%s stays %s (%s)", row.id, row.status.value, twilio_status
            )
            return None
        status, refund = target
        now = clock.now()
        values: dict[str, Any] = {
            "status": status,
            "provider_id": message_sid,
            "next_attempt_at": None,
        }
        if status is OutboxStatus.FAILED:
            values["last_error"] = f"Twilio: {twilio_status} (error {error_code or 'none'})"
        elif row.sent_at is None:
            values["sent_at"] = now
        same_sid = (
            Q(provider_id=row.provider_id) if row.provider_id else Q(provider_id__isnull=True)
        )
        async with in_transaction():
            changed = (
                await OutboxMessage.filter(id=row.id, status=row.status, attempts=row.attempts)
                .filter(same_sid)
                .update(**values)
            )
            if changed and refund and row.community_id is not None:
                await ledger.refund(row.idempotency_key, clock=clock)
        if changed:
            log.info(
                "twilio callback: sms #%s %s → %s (%s)%s",
                row.id,
                row.status.value,
                status.value,
                twilio_status,
                "; SMS refunded" if refund else "",
            )
            return status
    log.warning("twilio callback: sms #%s kept changing; callback dropped", outbox_id)
    return None


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def build_status_handler(config: TwilioConfig, *, clock: Clock = SYSTEM_CLOCK) -> Handler:
    """The aiohttp handler of TWILIO_STATUS_CALLBACK_PATH for this account."""
    if not config.public_base_url:
        raise ValueError("status callbacks need PUBLIC_BASE_URL")
    validator = RequestValidator(config.auth_token.get_secret_value())
    public_base_url = config.public_base_url
    path = config.status_callback_path

    async def twilio_status(request: web.Request) -> web.Response:
        form = await request.post()
        signature = request.headers.get(SIGNATURE_HEADER, "")
        url = signed_url(public_base_url, path, request.rel_url.raw_query_string)
        if not signature or not validator.validate(url, form, signature):
            log.warning("twilio callback with a bad signature from %s: refused", request.remote)
            return web.Response(status=403)
        raw_id = request.query.get(OUTBOX_PARAM, "")
        sid = str(form.get("MessageSid") or form.get("SmsSid") or "")
        status = str(form.get("MessageStatus") or form.get("SmsStatus") or "")
        if not raw_id.isdigit() or not sid or not status:
            log.warning("twilio callback without outbox id, SID or status: ignored")
            return web.Response(status=200)
        error = form.get("ErrorCode")
        await record_status(
            int(raw_id), sid, status, error_code=str(error) if error else None, clock=clock
        )
        return web.Response(status=200)

    return twilio_status


def add_twilio_routes(
    app: web.Application, config: TwilioConfig | None, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Mount POST TWILIO_STATUS_CALLBACK_PATH when Twilio sends callbacks to this server."""
    if config is None or not config.callbacks_enabled:
        log.info("Twilio status callbacks off (SMS_BACKEND=twilio and PUBLIC_BASE_URL needed)")
        return
    app.router.add_post(config.status_callback_path, build_status_handler(config, clock=clock))


@asynccontextmanager
async def start_callback_server(
    config: TwilioConfig | None,
    *,
    host: str,
    port: int,
    clock: Clock = SYSTEM_CLOCK,
) -> AsyncIterator[int | None]:
    """For long polling: serve the callbacks on `host:port` (LISTEN_HOST, LISTEN_PORT); yields
    the bound port, or None (listening nowhere) when Twilio sends no callbacks here."""
    if config is None or not config.callbacks_enabled:
        yield None
        return
    app = web.Application(client_max_size=64 * 1024)
    add_twilio_routes(app, config, clock=clock)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else None
        log.info("Twilio status callbacks listening on port %s", bound)
        yield bound
    finally:
        await runner.cleanup()


__all__ = [
    "add_twilio_routes",
    "build_status_handler",
    "record_status",
    "signed_url",
    "start_callback_server",
    "status_callback_url",
]
