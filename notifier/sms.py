"""The SMS channel: kept in the outbox (sandbox), or sent through Twilio's official async client.

Two backends, chosen by `SMS_BACKEND`:

- `outbox` (the default): nothing leaves the machine. The notice is marked SENT with provider id
  "outbox" and stays in the database, where the sandbox's SMS pane shows it.
- `twilio`: `messages.create_async` with `StatusCallback` = ``PUBLIC_BASE_URL`` +
  ``TWILIO_STATUS_CALLBACK_PATH`` + ``?outbox=<id>`` (see `notifier.twilio_callback`).

Twilio's create has no idempotency key, so this sender never resends blindly:

- The notice is persisted before the call (the outbox worker claims the row first).
- Any outcome that may hide an accepted message — a 5xx, a read timeout, a dropped connection
  after the request left — is IN_DOUBT. So is a worker that died mid-call (its lease expires).
- `reconcile` then lists the recipient's messages at Twilio (To, From and DateSent, plus the
  newest ones without a date, since a message still queued at Twilio has no send date yet) and
  looks for this body: found → SENT with its SID (FAILED if Twilio itself failed it); not found
  → RETRY, but only when the list call worked and at least `SETTLE` has passed since the
  attempt; otherwise it asks again later. A status callback for the row settles it too.
- What surely never reached Twilio (connection refused, connect timeout, 429) is RETRY.

The SMS balance was spent when the notice was enqueued (reference = its idempotency key). A
permanent rejection (21211 invalid number, 21614 not a mobile, 21408 region, any other 4xx)
is FAILED and refunds it through `models.sms.refund`, which is idempotent per reference. So does
giving up after the worker's last attempt and Twilio failing it. Refusals of our own
configuration (credentials, sender number, wrong account) RETRY instead, so the operator can
fix them before the attempts run out.

Rate: one `RateLimiter` per sender spaces every create at least 1 / `SMS_RATE_PER_SECOND` apart
(per process; two bot instances each get the whole rate). Logs name notices by outbox id only:
no phone numbers, no bodies (Twilio's own request logging, which prints query parameters, is
bypassed).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from pydantic import SecretStr
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from models import sms as ledger
from models.clock import SYSTEM_CLOCK, Clock
from models.outbox import OutboxMessage
from notifier.base import SendResult, attempt_mark, attempt_time
from notifier.outbox import MAX_ATTEMPTS, redact
from notifier.twilio_callback import status_callback_url

if TYPE_CHECKING:
    from twilio.rest.api.v2010.account.message import MessageInstance

    from notifier.config import TwilioConfig

log = logging.getLogger(__name__)

OUTBOX_PROVIDER_ID = "outbox"

DEFAULT_TIMEOUT = 30.0
"""Seconds per request to Twilio; well under the worker's send timeout."""
CONNECT_TIMEOUT = 10.0
MAX_RATE_WAIT = 60.0
"""Seconds a send may wait for its turn; a longer queue gives RETRY (the turn is not kept)."""
SETTLE = timedelta(minutes=2)
"""An attempt younger than this may still be on its way into Twilio's list: ask again later."""
MATCH_SKEW = timedelta(minutes=10)
"""Tolerance between our clock and Twilio's when matching a message to an attempt."""
DATED_LIMIT = 200
RECENT_LIMIT = 50

# Twilio error codes (https://www.twilio.com/docs/api/errors).
INVALID_TO = 21211
NOT_MOBILE = 21614
REGION_NOT_ALLOWED = 21408
TOO_MANY_REQUESTS = 20429
CONFIGURATION_CODES = frozenset(
    {
        20003,  # authentication failed
        20005,  # account not active
        21212,  # invalid 'From' number
        21603,  # 'From' missing
        21606,  # 'From' is not a message-capable number of this account
    }
)
CONFIGURATION_STATUSES = frozenset({401, 403, 404})
"""Wrong credentials or account SID (404 on the account's URL): every message would fail."""
PROVIDER_FAILED = frozenset({"failed", "canceled"})
"""Twilio's own final refusals of an accepted message; not charged, so the SMS is refunded."""

_TRIAL_PREFIX = "Sent from your Twilio trial account - "


# --- rate ------------------------------------------------------------------------------------


class RateLimiter:
    """A token bucket holding at most one token: grants are at least 1 / rate apart.

    Each call reserves the next free slot before sleeping, so concurrent senders queue up in
    order and never get two grants closer than the interval. A cancelled wait loses its slot
    (errs on the slow side).
    """

    def __init__(
        self,
        rate_per_second: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if not rate_per_second > 0:
            raise ValueError("the rate must be positive")
        self.interval = 1.0 / rate_per_second
        self._monotonic = monotonic
        self._sleep = sleep
        self._next = -math.inf

    async def acquire(self, max_wait: float = math.inf) -> float | None:
        """Wait for this caller's slot; None once granted, or the wait needed if over `max_wait`.

        A refusal reserves nothing.
        """
        now = self._monotonic()
        slot = max(now, self._next)
        wait = slot - now
        if wait > max_wait:
            return wait
        self._next = slot + self.interval
        if wait > 0:
            await self._sleep(wait)
        return None


# --- the sandbox backend ---------------------------------------------------------------------


class OutboxSmsSender:
    """`SMS_BACKEND=outbox`: sends nothing; the notice stays visible in the outbox as delivered."""

    keeps_content = True

    async def send(self, message: OutboxMessage) -> SendResult:
        return SendResult.sent(OUTBOX_PROVIDER_ID)


# --- Twilio ----------------------------------------------------------------------------------


class TwilioHttpClient(AsyncTwilioHttpClient):
    """Twilio's async HTTP client with an aiohttp `ClientTimeout`, an optional base URL.

    `base_url` (``TWILIO_API_BASE_URL``) replaces scheme and host of every request — Twilio's
    region/edge settings cannot point at a local server — keeping the path, so the real client
    talks to a fake over ``http://127.0.0.1:PORT``. Requests are not logged: the query string of
    a list call holds a phone number.
    """

    def __init__(self, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(pool_connections=False, timeout=timeout)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=timeout, connect=min(timeout, CONNECT_TIMEOUT))
        )

    def rebase(self, url: str) -> str:
        if not self.base_url:
            return url
        base = urlsplit(self.base_url)
        target = urlsplit(url)
        path = base.path.rstrip("/") + target.path
        return urlunsplit((base.scheme, base.netloc, path, target.query, target.fragment))

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        if timeout is not None and timeout <= 0:
            raise ValueError(timeout)
        assert self.session is not None
        headers = dict(headers or {})
        if auth:
            headers["Authorization"] = aiohttp.encode_basic_auth(auth[0], auth[1])
        options: dict[str, Any] = {
            "params": params,
            "data": data,
            "headers": headers,
            "allow_redirects": allow_redirects,
        }
        if timeout is not None:
            options["timeout"] = aiohttp.ClientTimeout(
                total=timeout, connect=min(timeout, CONNECT_TIMEOUT)
            )
        async with self.session.request(method.upper(), self.rebase(url), **options) as response:
            text = await response.text()
            return Response(response.status, text, response.headers)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()


def _error_text(exc: TwilioRestException | TwilioServiceException) -> str:
    detail = exc.msg if isinstance(exc, TwilioRestException) else (exc.detail or exc.title)
    return redact(str(detail or ""))[:300]


class TwilioSmsSender:
    """`SMS_BACKEND=twilio`: Twilio's REST API through the official async client.

    A `notifier.base.ReconcilingSender`: see the module docstring for outcomes and refunds.
    """

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: SecretStr | str,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        api_base_url: str | None = None,
        public_base_url: str | None = None,
        status_callback_path: str = "/twilio/status",
        rate_per_second: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock = SYSTEM_CLOCK,
        settle: timedelta = SETTLE,
        limiter: RateLimiter | None = None,
    ) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("Twilio needs TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID")
        self.account_sid = account_sid
        self._auth_token = (
            auth_token if isinstance(auth_token, SecretStr) else SecretStr(auth_token)
        )
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.api_base_url = api_base_url
        self.public_base_url = public_base_url
        self.status_callback_path = status_callback_path
        self.timeout = timeout
        self.clock = clock
        self.settle = settle
        self.limiter = limiter or RateLimiter(rate_per_second)
        self._client: Client | None = None
        self._http: TwilioHttpClient | None = None
        if not public_base_url:
            log.warning("PUBLIC_BASE_URL unset: no Twilio status callbacks (delivery unknown)")

    @classmethod
    def from_config(
        cls, config: TwilioConfig, *, clock: Clock = SYSTEM_CLOCK, **overrides: Any
    ) -> TwilioSmsSender:
        values: dict[str, Any] = {
            "account_sid": config.account_sid,
            "auth_token": config.auth_token,
            "from_number": config.from_number,
            "messaging_service_sid": config.messaging_service_sid,
            "api_base_url": config.api_base_url,
            "public_base_url": config.public_base_url,
            "status_callback_path": config.status_callback_path,
            "rate_per_second": config.rate_per_second,
            "clock": clock,
        }
        values.update(overrides)
        return cls(**values)

    def client(self) -> Client:
        """The Twilio client, created on first use (its HTTP session needs the running loop)."""
        if self._client is None:
            self._http = TwilioHttpClient(base_url=self.api_base_url, timeout=self.timeout)
            self._client = Client(
                self.account_sid,
                self._auth_token.get_secret_value(),
                account_sid=self.account_sid,
                http_client=self._http,
            )
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP session (a new one is made if the sender is used again)."""
        http, self._http, self._client = self._http, None, None
        if http is not None:
            await http.close()

    # --- sending -----------------------------------------------------------------------------

    def _create_options(self, message: OutboxMessage) -> dict[str, Any]:
        options: dict[str, Any] = {"to": message.recipient, "body": message.body}
        if self.from_number:
            options["from_"] = self.from_number
        if self.messaging_service_sid:
            options["messaging_service_sid"] = self.messaging_service_sid
        if self.public_base_url:
            options["status_callback"] = status_callback_url(
                self.public_base_url, self.status_callback_path, message.id
            )
        return options

    async def send(self, message: OutboxMessage) -> SendResult:
        client = self.client()
        wait = await self.limiter.acquire(MAX_RATE_WAIT)
        if wait is not None:
            return await self._retry(
                message, "sending rate reached", retry_after=timedelta(seconds=wait)
            )
        attempted_at = self.clock.now()
        mark = attempt_mark(attempted_at)
        try:
            created = await client.messages.create_async(**self._create_options(message))
        except (TwilioRestException, TwilioServiceException) as exc:
            return await self._refused(message, exc, mark)
        except aiohttp.ClientConnectorError as exc:
            return await self._retry(message, f"cannot connect to Twilio: {type(exc).__name__}")
        except aiohttp.ConnectionTimeoutError:
            return await self._retry(message, "timed out connecting to Twilio")
        except TimeoutError:
            return SendResult.in_doubt(f"Twilio did not answer in time {mark}")
        except (aiohttp.ClientError, OSError, TwilioException, ValueError) as exc:
            # The request may have reached Twilio (connection dropped, garbled answer).
            return SendResult.in_doubt(f"Twilio answer lost: {type(exc).__name__} {mark}")
        if not created.sid:
            return SendResult.in_doubt(f"Twilio answered without a SID {mark}")
        log.info("sms #%s: accepted by Twilio as %s", message.id, created.sid)
        return SendResult.sent(created.sid)

    async def _refused(
        self,
        message: OutboxMessage,
        exc: TwilioRestException | TwilioServiceException,
        mark: str,
    ) -> SendResult:
        status = int(exc.status or 0)
        code = exc.code
        detail = _error_text(exc)
        reason = f"Twilio {status} error {code}: {detail}"
        if status >= 500:
            return SendResult.in_doubt(f"{reason} {mark}")
        if status == 429 or code == TOO_MANY_REQUESTS:
            return await self._retry(message, reason, retry_after=timedelta(seconds=30))
        if status in CONFIGURATION_STATUSES or code in CONFIGURATION_CODES:
            log.error("Twilio refused our configuration (%s, %s): check TWILIO_*", status, code)
            return await self._retry(message, reason)
        await self._refund(message)
        return SendResult.failed(reason)

    async def _retry(
        self, message: OutboxMessage, reason: str, *, retry_after: timedelta | None = None
    ) -> SendResult:
        """RETRY; on the last attempt the worker fails the notice, so the SMS goes back."""
        if message.attempts >= MAX_ATTEMPTS:
            await self._refund(message)
        return SendResult.retry(reason, retry_after=retry_after)

    async def _refund(self, message: OutboxMessage) -> None:
        if message.community_id is None:
            return
        refunded = await ledger.refund(message.idempotency_key, clock=self.clock)
        log.info(
            "sms #%s: not sent; %s SMS refunded to community %s",
            message.id,
            refunded,
            message.community_id,
        )

    # --- reconciliation ----------------------------------------------------------------------

    async def reconcile(self, message: OutboxMessage) -> SendResult | None:
        client = self.client()
        attempted_at = attempt_time(message)
        # Every attempt of this notice came after it was written: search from there.
        known = [t for t in (message.created_at, attempted_at) if t is not None]
        since = min(known, default=self.clock.now()) - MATCH_SKEW
        filters: dict[str, Any] = {"to": message.recipient}
        if self.from_number:
            filters["from_"] = self.from_number
        try:
            dated = await client.messages.list_async(
                **filters, date_sent_after=since.date(), limit=DATED_LIMIT
            )
            # Still queued at Twilio → no send date yet: the newest messages, undated.
            recent = await client.messages.list_async(**filters, limit=RECENT_LIMIT)
        except (TwilioRestException, TwilioServiceException) as exc:
            log.warning(
                "sms #%s: cannot list Twilio messages (%s, %s)", message.id, exc.status, exc.code
            )
            return None
        except (aiohttp.ClientError, OSError, TimeoutError, TwilioException, ValueError) as exc:
            log.warning("sms #%s: cannot list Twilio messages: %s", message.id, type(exc).__name__)
            return None
        found = await self._match(message, [*dated, *recent], since)
        if found is not None:
            assert found.sid is not None
            if found.status in PROVIDER_FAILED:
                await self._refund(message)
                return SendResult.failed(f"Twilio {found.status} it (error {found.error_code})")
            return SendResult.sent(found.sid)
        if attempted_at is not None and self.clock.now() - attempted_at < self.settle:
            return None
        return await self._retry(message, "not at Twilio after an unknown outcome: sending again")

    async def _match(
        self, message: OutboxMessage, candidates: Iterable[MessageInstance], since: datetime
    ) -> MessageInstance | None:
        """The oldest outbound message of ours with this body not recorded for another notice."""
        unique: dict[str, MessageInstance] = {}
        for item in candidates:
            if item.sid and item.sid not in unique and self._is_ours(message, item, since):
                unique[item.sid] = item
        if not unique:
            return None
        taken = {
            cast(str, sid)
            for sid in await OutboxMessage.filter(provider_id__in=list(unique))
            .exclude(id=message.id)
            .values_list("provider_id", flat=True)
        }
        free = [item for sid, item in unique.items() if sid not in taken]
        if not free:
            return None
        free.sort(key=lambda item: item.date_created or datetime.max.replace(tzinfo=UTC))
        return free[0]

    def _is_ours(self, message: OutboxMessage, item: MessageInstance, since: datetime) -> bool:
        if item.to != message.recipient:
            return False
        if item.direction and not str(item.direction).startswith("outbound"):
            return False
        body = item.body or ""
        if body != message.body and body != _TRIAL_PREFIX + message.body:
            return False
        if item.date_created is not None and item.date_created < since:
            return False
        if self.from_number and item.from_ and item.from_ != self.from_number:
            return False
        return not (
            self.messaging_service_sid
            and not self.from_number
            and item.messaging_service_sid != self.messaging_service_sid
        )


__all__ = [
    "OUTBOX_PROVIDER_ID",
    "OutboxSmsSender",
    "RateLimiter",
    "TwilioHttpClient",
    "TwilioSmsSender",
    "attempt_time",
]
