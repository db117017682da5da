"""A local fake of Twilio's Messages REST API, for the real `twilio` client (never the internet).

    async with FakeTwilio(clock=clock) as fake:
        sender = TwilioSmsSender(..., api_base_url=fake.base_url)
        fake.fail_next(Fault.ERROR_AFTER_STORE)       # a 500, but the message was kept
        fake.invalid_numbers.add("+56961234567")      # → 400, error 21211

Routes, as Twilio's: ``POST /2010-04-01/Accounts/{sid}/Messages.json`` (Basic auth, form
``To``, ``From`` or ``MessagingServiceSid``, ``Body``, ``StatusCallback``) → 201 with the
message's JSON (SID ``SM…``, status ``queued``), and ``GET`` on the same path: the messages
filtered by ``To``, ``From``, ``DateSent`` / ``DateSent>`` / ``DateSent<`` (GMT days), newest
first, paged by ``PageSize`` / ``Page``. Every request is recorded with its arrival time
(`time.perf_counter`), so tests can check the sending rate from the server's side.

Programmable faults (`fail_next`) for creates: a rejection with a Twilio error code, a 500
before or after storing, a hang before or after storing (released on `stop`), and a dropped
connection before or after storing. `send_status_callback` posts a signed status callback to a
message's StatusCallback URL, as Twilio does.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from enum import StrEnum
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-twilio-auth-token"
FROM_NUMBER = "+15005550006"
API_VERSION = "2010-04-01"

_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


class Fault(StrEnum):
    REJECT = "reject"
    """An error answer (default 400 / 21211) before anything is stored."""
    ERROR = "error"
    """A 500 before anything is stored: Twilio never got it."""
    ERROR_AFTER_STORE = "error_after_store"
    """The message is stored (and will go out), but the answer is a 500."""
    HANG = "hang"
    """No answer, nothing stored, until the server stops."""
    HANG_AFTER_STORE = "hang_after_store"
    """Stored, then no answer until the server stops (a crash with the response in flight)."""
    DROP = "drop"
    """The connection is closed without an answer; nothing stored."""
    DROP_AFTER_STORE = "drop_after_store"
    """Stored, then the connection is closed without an answer ("accept but crash")."""


@dataclass(frozen=True)
class Planned:
    fault: Fault
    status: int = 400
    code: int | None = 21211
    message: str = "The 'To' number is not a valid phone number."


@dataclass
class FakeMessage:
    sid: str
    to: str
    from_: str | None
    messaging_service_sid: str | None
    body: str
    status_callback: str | None
    date_created: datetime
    received_at: float
    status: str = "queued"
    date_sent: datetime | None = None
    error_code: int | None = None

    def as_json(self, account_sid: str) -> dict[str, Any]:
        uri = f"/{API_VERSION}/Accounts/{account_sid}/Messages/{self.sid}.json"
        return {
            "account_sid": account_sid,
            "api_version": API_VERSION,
            "body": self.body,
            "date_created": _rfc2822(self.date_created),
            "date_sent": _rfc2822(self.date_sent) if self.date_sent else None,
            "date_updated": _rfc2822(self.date_sent or self.date_created),
            "direction": "outbound-api",
            "error_code": self.error_code,
            "error_message": None,
            "from": self.from_,
            "messaging_service_sid": self.messaging_service_sid,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": self.sid,
            "status": self.status,
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": self.to,
            "uri": uri,
        }


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    authorized: bool
    received_at: float
    """`time.perf_counter()` when the request reached the handler."""


@dataclass
class FakeTwilio:
    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    clock: Callable[[], datetime] | None = None
    """Twilio's notion of now (a test's `FrozenClock.now`); the real time by default."""
    send_immediately: bool = True
    """Stored messages count as sent at once (status sent, DateSent set) in lists; when False
    they stay queued, with no send date, as in a busy Twilio queue."""

    messages: list[FakeMessage] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    invalid_numbers: set[str] = field(default_factory=set)
    """Numbers refused with 400 / 21211."""
    list_failures: int = 0
    """The next this-many list calls answer 500."""

    def __post_init__(self) -> None:
        self._planned: deque[Planned] = deque()
        self._sids = itertools.count(1)
        self._release = asyncio.Event()
        self._stored = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.base_url = ""

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        path = f"/{API_VERSION}/Accounts/{{account_sid}}/Messages.json"
        app.router.add_post(path, self._create)
        app.router.add_get(path, self._list)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound}"
        self._session = aiohttp.ClientSession()
        return self.base_url

    async def stop(self) -> None:
        self._release.set()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTwilio:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- programming and inspection --------------------------------------------------------

    def fail_next(
        self,
        fault: Fault,
        *,
        times: int = 1,
        status: int | None = None,
        code: int | None = None,
        message: str | None = None,
    ) -> None:
        """The next `times` creates meet `fault` (queued after any already planned)."""
        default_status = 400 if fault is Fault.REJECT else 500
        planned = Planned(
            fault,
            status=status or default_status,
            code=code if code is not None else (21211 if fault is Fault.REJECT else None),
            message=message or (Planned.message if fault is Fault.REJECT else "Invalid request"),
        )
        self._planned.extend([planned] * times)

    def messages_to(self, number: str) -> list[FakeMessage]:
        return [m for m in self.messages if m.to == number]

    @property
    def creates(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "POST"]

    @property
    def lists(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "GET"]

    async def wait_for_messages(self, count: int, timeout: float = 10.0) -> None:
        """Until at least `count` messages are stored."""
        async with asyncio.timeout(timeout), self._stored:
            await self._stored.wait_for(lambda: len(self.messages) >= count)

    def now(self) -> datetime:
        return self.clock() if self.clock is not None else datetime.now(UTC)

    def set_status(self, sid: str, status: str, error_code: int | None = None) -> FakeMessage:
        message = next(m for m in self.messages if m.sid == sid)
        message.status = status
        message.error_code = error_code
        return message

    def sign(self, url: str, params: dict[str, str]) -> str:
        return RequestValidator(self.auth_token).compute_signature(url, params)

    async def send_status_callback(
        self,
        sid: str,
        status: str,
        *,
        error_code: int | None = None,
        signature: str | None = None,
    ) -> int:
        """POST a status callback for message `sid`, signed unless `signature` is given."""
        message = self.set_status(sid, status, error_code)
        assert message.status_callback, "no StatusCallback to call"
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": API_VERSION,
            "From": message.from_ or FROM_NUMBER,
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": message.to,
        }
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        header = signature if signature is not None else self.sign(message.status_callback, params)
        assert self._session is not None
        async with self._session.post(
            message.status_callback, data=params, headers={"X-Twilio-Signature": header}
        ) as response:
            await response.read()
            return response.status

    # --- handlers ------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        try:
            auth = aiohttp.BasicAuth.decode(header)
        except ValueError:
            return False
        return (
            auth.login == self.account_sid
            and auth.password == self.auth_token
            and request.match_info["account_sid"] == self.account_sid
        )

    @staticmethod
    def _error(status: int, code: int | None, message: str) -> web.Response:
        payload = {
            "code": code or status,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code or status}",
            "status": status,
        }
        return web.json_response(payload, status=status)

    async def _record(self, request: web.Request, received_at: float) -> RecordedRequest:
        form = await request.post() if request.method == "POST" else {}
        recorded = RecordedRequest(
            method=request.method,
            path=request.path,
            query={k: v for k, v in request.query.items()},
            form={k: str(v) for k, v in form.items()},
            authorized=self._authorized(request),
            received_at=received_at,
        )
        self.requests.append(recorded)
        return recorded

    async def _store(self, form: dict[str, str], received_at: float) -> FakeMessage:
        now = self.now()
        message = FakeMessage(
            sid="SM" + f"{next(self._sids):06d}" + secrets.token_hex(13),
            to=form["To"],
            from_=form.get("From") or (FROM_NUMBER if form.get("MessagingServiceSid") else None),
            messaging_service_sid=form.get("MessagingServiceSid"),
            body=form.get("Body", ""),
            status_callback=form.get("StatusCallback"),
            date_created=now,
            received_at=received_at,
        )
        if self.send_immediately:
            message.status = "sent"
            message.date_sent = now
        async with self._stored:
            self.messages.append(message)
            self._stored.notify_all()
        return message

    async def _create(self, request: web.Request) -> web.StreamResponse:
        received_at = time.perf_counter()
        recorded = await self._record(request, received_at)
        if not recorded.authorized:
            return self._error(401, 20003, "Authenticate")
        form = recorded.form
        planned = self._planned.popleft() if self._planned else None
        if planned is not None and planned.fault is Fault.REJECT:
            return self._error(planned.status, planned.code, planned.message)
        if planned is not None and planned.fault in (Fault.ERROR, Fault.HANG, Fault.DROP):
            return await self._misbehave(request, planned)
        to = form.get("To", "")
        if not to:
            return self._error(400, 21604, "A 'To' phone number is required.")
        if not _E164.match(to) or to in self.invalid_numbers:
            return self._error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return self._error(400, 21603, "A 'From' phone number is required.")
        if not form.get("Body"):
            return self._error(400, 21602, "Message body is required.")
        message = await self._store(form, received_at)
        if planned is not None:
            return await self._misbehave(request, planned)
        answer = message.as_json(self.account_sid)
        answer.update(status="queued", date_sent=None)
        return web.json_response(answer, status=201)

    async def _misbehave(self, request: web.Request, planned: Planned) -> web.StreamResponse:
        if planned.fault in (Fault.ERROR, Fault.ERROR_AFTER_STORE):
            return self._error(planned.status, planned.code, planned.message)
        if planned.fault in (Fault.HANG, Fault.HANG_AFTER_STORE):
            await self._release.wait()
            return self._error(503, None, "Service stopped")
        # DROP / DROP_AFTER_STORE: hang up without a word.
        transport = request.transport
        if transport is not None:
            transport.close()
        raise asyncio.CancelledError

    async def _list(self, request: web.Request) -> web.Response:
        recorded = await self._record(request, time.perf_counter())
        if not recorded.authorized:
            return self._error(401, 20003, "Authenticate")
        if self.list_failures > 0:
            self.list_failures -= 1
            return self._error(500, None, "Internal error")
        query = recorded.query
        found = [m for m in self.messages if _matches(m, query)]
        found.sort(key=lambda m: (m.date_created, m.received_at), reverse=True)
        size = max(1, min(int(query.get("PageSize", "50")), 1000))
        page = max(0, int(query.get("Page", "0")))
        chunk = found[page * size : (page + 1) * size]
        path = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        next_uri = None
        if (page + 1) * size < len(found):
            others = {k: v for k, v in query.items() if k not in ("Page", "PageSize")}
            params = urlencode({"PageSize": size, "Page": page + 1, **others})
            next_uri = f"{path}?{params}"
        return web.json_response(
            {
                "messages": [m.as_json(self.account_sid) for m in chunk],
                "end": page * size + len(chunk) - 1,
                "first_page_uri": f"{path}?PageSize={size}&Page=0",
                "next_page_uri": next_uri,
                "page": page,
                "page_size": size,
                "previous_page_uri": None,
                "start": page * size,
                "uri": f"{path}?PageSize={size}&Page={page}",
            }
        )


def _rfc2822(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC))


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _matches(message: FakeMessage, query: dict[str, str]) -> bool:
    if "To" in query and message.to != query["To"]:
        return False
    if "From" in query and message.from_ != query["From"]:
        return False
    dated = [key for key in ("DateSent", "DateSent>", "DateSent<") if key in query]
    if not dated:
        return True
    if message.date_sent is None:
        return False
    sent = message.date_sent.astimezone(UTC).date()
    if "DateSent" in query and sent != _day(query["DateSent"]):
        return False
    if "DateSent>" in query and sent < _day(query["DateSent>"]):
        return False
    return not ("DateSent<" in query and sent > _day(query["DateSent<"]))


__all__ = [
    "ACCOUNT_SID",
    "AUTH_TOKEN",
    "FROM_NUMBER",
    "FakeMessage",
    "FakeTwilio",
    "Fault",
    "RecordedRequest",
]
