"""The simulator API, `/sandbox/api/*`: play the people, read the chats and the outboxes.

JSON over HTTP on the emulator's port (docs/sandbox.md lists every endpoint). Bad input is 400
with `{"error": ...}`, an unknown user, message, button, update or file 404.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from aiohttp import web

from sandbox import people, views
from sandbox.calls import UnsupportedBody, as_int, read_json_body, read_upload_form
from sandbox.files import file_response
from sandbox.limits import JSONDict
from sandbox.state import SandboxState

SimHandler = Callable[[web.Request], Awaitable[JSONDict]]
OutboxSource = Callable[[], Awaitable[list[JSONDict]]]
ImageSource = Callable[[str], Awaitable[tuple[bytes, str] | None]]


@dataclass(frozen=True)
class TimeControls:
    """The bot's clock and scheduled jobs, for `/sandbox/api/clock`, `jobs` and `run_job`.

    The composition root passes these coroutines once the bot exists: `move_clock` takes the
    request's JSON (`advance_seconds` or `to`) and raises ValueError for a bad or backwards
    move; `run_job` raises LookupError for an unknown name.
    """

    read_clock: Callable[[], Awaitable[JSONDict]]
    move_clock: Callable[[JSONDict], Awaitable[JSONDict]]
    list_jobs: Callable[[], Awaitable[list[JSONDict]]]
    run_job: Callable[[str], Awaitable[JSONDict]]


API = "/sandbox/api"


def _json_route(handler: SimHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Answer a handler's dict as JSON: LookupError as 404, ValueError as 400 and a body of
    another type than the call accepts as 415."""

    async def route(request: web.Request) -> web.Response:
        try:
            body = await handler(request)
        except UnsupportedBody as exc:
            return web.json_response({"error": str(exc)}, status=415)
        except LookupError as exc:
            return web.json_response({"error": str(exc).strip("'\"")}, status=404)
        except ValueError as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response(body)

    return route


class Simulator:
    """The `/sandbox/api/*` endpoints over one `SandboxState` and the product's outboxes.

    The outboxes live in the product's database: the composition root passes coroutines that
    read them (`sms_source`, `emails_source`, `email_image_source`), so the sandbox imports
    nothing of the product.
    """

    def __init__(
        self,
        state: SandboxState,
        *,
        sms_source: OutboxSource | None = None,
        emails_source: OutboxSource | None = None,
        email_image_source: ImageSource | None = None,
    ) -> None:
        self._state = state
        self._sms_source = sms_source
        self._emails_source = emails_source
        self._email_image_source = email_image_source
        self.time: TimeControls | None = None

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Register every simulator endpoint."""
        sim: dict[str, tuple[str, SimHandler]] = {
            "send": ("POST", self.send),
            "send_photo": ("POST", self.send_photo),
            "send_document": ("POST", self.send_document),
            "click": ("POST", self.click),
            "messages": ("GET", self.messages),
            "settle": ("POST", self.settle),
            "sms": ("GET", self.sms),
            "emails": ("GET", self.emails),
            "personas": ("GET", self.personas),
            "commands": ("GET", self.commands),
            "alerts": ("GET", self.alerts),
            "changes": ("GET", self.changes),
            "redeliver": ("POST", self.redeliver),
            "block": ("POST", self.block),
            "health": ("GET", self.health),
            "jobs": ("GET", self.jobs),
            "run_job": ("POST", self.run_job),
        }
        for name, (method, handler) in sim.items():
            router.add_route(method, f"{API}/{name}", _json_route(handler))
        router.add_get(f"{API}/clock", _json_route(self.clock))
        router.add_post(f"{API}/clock", _json_route(self.move_clock))
        router.add_get(API + "/files/{file_id}", self.file)
        router.add_get(API + "/email_images/{name}", self.email_image)

    async def send(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        text = params.get("text")
        if not isinstance(text, str):
            raise ValueError("text must be a non-empty string")
        return people.send_text(self._state, people.check_user_id(params.get("user_id")), text)

    async def _upload(self, request: web.Request, kind: Literal["photo", "document"]) -> JSONDict:
        params, files = await read_upload_form(request)
        upload = files.get("file")
        if upload is None:
            raise ValueError("a multipart 'file' part is required")
        caption = params.get("caption")
        return people.send_file(
            self._state,
            people.check_user_id(params.get("user_id")),
            kind,
            upload.data,
            upload.filename,
            caption if isinstance(caption, str) and caption else None,
            upload.content_type,
        )

    async def send_photo(self, request: web.Request) -> JSONDict:
        return await self._upload(request, "photo")

    async def send_document(self, request: web.Request) -> JSONDict:
        return await self._upload(request, "document")

    async def click(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        button = params.get("button")
        if not isinstance(button, str) or not button:
            raise ValueError("button must be a non-empty string")
        message_id = as_int(params.get("message_id"), "message_id")
        user_id = people.check_user_id(params.get("user_id"))
        return people.click(self._state, user_id, message_id, button)

    async def messages(self, request: web.Request) -> JSONDict:
        user_id = as_int(request.query.get("user_id"), "user_id")
        after = as_int(request.query.get("after", "0"), "after")
        return {"messages": views.messages(self._state, user_id, after)}

    async def settle(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        raw = params.get("timeout", 10)
        try:
            timeout = float(raw)
        except (TypeError, ValueError):
            raise ValueError("timeout must be a number") from None
        return {"settled": await self._state.settle(min(max(timeout, 0.0), 300.0))}

    async def sms(self, request: web.Request) -> JSONDict:
        return {"sms": await self._sms_source() if self._sms_source else []}

    async def emails(self, request: web.Request) -> JSONDict:
        return {"emails": await self._emails_source() if self._emails_source else []}

    async def personas(self, request: web.Request) -> JSONDict:
        return {"personas": [dict(p) for p in self._state.personas.values()]}

    async def commands(self, request: web.Request) -> JSONDict:
        user_id = as_int(request.query.get("user_id"), "user_id")
        return {"commands": views.commands_for(self._state, user_id)}

    async def alerts(self, request: web.Request) -> JSONDict:
        user_id = as_int(request.query.get("user_id"), "user_id")
        after = as_int(request.query.get("after", "0"), "after")
        return {"alerts": views.alerts(self._state, user_id, after)}

    async def changes(self, request: web.Request) -> JSONDict:
        user_id = as_int(request.query.get("user_id"), "user_id")
        since = as_int(request.query.get("since", "0"), "since")
        epoch = request.query.get("epoch")
        if epoch and epoch != self._state.epoch:
            since = self._state.revision + 1  # the page saw another run of the emulator
        raw = request.query.get("timeout", "0")
        try:
            timeout = float(raw)
        except ValueError:
            timeout = math.nan
        if not math.isfinite(timeout):
            raise ValueError("timeout must be a number of seconds")
        return await views.wait_changes(self._state, user_id, since, timeout)

    async def redeliver(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        return people.redeliver(self._state, as_int(params.get("update_id"), "update_id"))

    async def block(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        blocked = params.get("blocked", True)
        if isinstance(blocked, str):
            blocked = blocked.strip().lower() in ("true", "1", "yes")
        user_id = people.check_user_id(params.get("user_id"))
        people.block(self._state, user_id, bool(blocked))
        return {"user_id": user_id, "blocked": bool(blocked)}

    async def health(self, request: web.Request) -> JSONDict:
        return {"ok": True}

    def _time(self) -> TimeControls:
        if self.time is None:
            raise LookupError("the bot is not running: no clock nor jobs yet")
        return self.time

    async def clock(self, request: web.Request) -> JSONDict:
        return await self._time().read_clock()

    async def move_clock(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        return await self._time().move_clock(params)

    async def jobs(self, request: web.Request) -> JSONDict:
        return {"jobs": await self._time().list_jobs()}

    async def run_job(self, request: web.Request) -> JSONDict:
        params = await read_json_body(request)
        name = params.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError("name must be a job's name (see /sandbox/api/jobs)")
        return await self._time().run_job(name)

    async def file(self, request: web.Request) -> web.Response:
        """A photo or document's bytes, for the web chat (only a real picture shows inline)."""
        stored = self._state.files.by_id.get(request.match_info["file_id"])
        if stored is None:
            return web.json_response({"error": "no such file"}, status=404)
        return await file_response(stored)

    async def email_image(self, request: web.Request) -> web.Response:
        """An inline image of an e-mail (its `images` map names these URLs)."""
        found = None
        if self._email_image_source is not None:
            found = await self._email_image_source(request.match_info["name"])
        if found is None:
            return web.json_response({"error": "no such image"}, status=404)
        data, mime_type = found
        return web.Response(
            body=data, content_type=mime_type, headers={"X-Content-Type-Options": "nosniff"}
        )
