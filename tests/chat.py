"""Chat with the bot through the sandbox's simulator API, as a person would.

carla = sim.person(1003)
replies = await carla.send("/start")
await carla.click(replies[-1], "Edificio Los Aromos")
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from typing import Any

import aiohttp

Message = dict[str, Any]


class Simulator:
    """A thin client of `/sandbox/api/*`; every call goes over HTTP like the web page's."""

    def __init__(
        self, root_url: str, session: aiohttp.ClientSession, app: Any | None = None
    ) -> None:
        self.root = root_url.rstrip("/")
        self.session = session
        self.app = app

    async def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        async with self.session.post(f"{self.root}{path}", json=payload) as response:
            body = await response.json()
            if response.status >= 400:
                raise AssertionError(f"{path} → {response.status}: {body}")
            return body

    async def _get(self, path: str, **params: Any) -> dict[str, Any]:
        async with self.session.get(f"{self.root}{path}", params=params) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until the bot took every update and finished handling them.

        The emulator's settle only sees Bot API traffic (quiet for 200 ms); on a loaded machine
        a handler can be busy with the database for longer. When the application runs in this
        process, also wait until its update queue is empty and no update is being processed.
        """
        result = await self._post("/sandbox/api/settle", {"timeout": timeout})
        assert result.get("settled"), "the bot did not go quiet in time"
        if self.app is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        idle_since: float | None = None
        while loop.time() < deadline:
            busy = (
                not self.app.update_queue.empty()
                or self.app.update_processor.current_concurrent_updates > 0
            )
            now = loop.time()
            if busy:
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= 0.05:
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the bot was still busy after the timeout")
        result = await self._post("/sandbox/api/settle", {"timeout": timeout})
        assert result.get("settled"), "the bot did not go quiet in time"

    async def messages(self, user_id: int, after: int = 0) -> list[Message]:
        return (await self._get("/sandbox/api/messages", user_id=user_id, after=after))["messages"]

    async def sms(self) -> list[dict[str, Any]]:
        return (await self._get("/sandbox/api/sms"))["sms"]

    async def emails(self) -> list[dict[str, Any]]:
        return (await self._get("/sandbox/api/emails"))["emails"]

    async def commands(self, user_id: int) -> list[str]:
        result = await self._get("/sandbox/api/commands", user_id=user_id)
        return [c["command"] for c in result["commands"]]

    def person(self, user_id: int) -> Person:
        return Person(self, user_id)


@dataclass
class Person:
    sim: Simulator
    user_id: int
    seen: int = 0
    history: list[Message] = field(default_factory=list)

    async def _new_bot_messages(self, also: int | None = None) -> list[Message]:
        await self.sim.settle()
        every = await self.sim.messages(self.user_id)
        fresh = [
            m
            for m in every
            if m["from"] == "bot" and (m["message_id"] > self.seen or m["message_id"] == also)
        ]
        if every:
            self.seen = max(self.seen, max(m["message_id"] for m in every))
        self.history.extend(fresh)
        return fresh

    async def send(self, text: str) -> list[Message]:
        """Type a message; returns what the bot answered (new or edited messages)."""
        await self.sim._post("/sandbox/api/send", {"user_id": self.user_id, "text": text})
        return await self._new_bot_messages()

    async def click(self, message: Message | int, button: str) -> list[Message]:
        """Press a button (by its text, else its callback data) on one of the bot's messages."""
        message_id = message if isinstance(message, int) else message["message_id"]
        await self.sim._post(
            "/sandbox/api/click",
            {"user_id": self.user_id, "message_id": message_id, "button": button},
        )
        return await self._new_bot_messages(also=message_id)

    async def send_file(
        self, kind: str, data: bytes | io.BytesIO, filename: str, caption: str | None = None
    ) -> list[Message]:
        form = aiohttp.FormData()
        form.add_field("user_id", str(self.user_id))
        # A file object, not raw bytes: aiohttp warns about large raw byte payloads.
        payload = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        form.add_field("file", payload, filename=filename)
        if caption:
            form.add_field("caption", caption)
        url = f"{self.sim.root}/sandbox/api/send_{kind}"
        async with self.sim.session.post(url, data=form) as response:
            assert response.status == 200, await response.text()
        return await self._new_bot_messages()


def text_of(messages: list[Message]) -> str:
    """All the text of these messages, for `in` checks."""
    return "\n".join((m.get("text") or m.get("caption") or "") for m in messages)


def buttons_of(message: Message) -> list[str]:
    return [b["text"] for row in message.get("buttons") or [] for b in row]
