"""`BotApiEmulator`: the Bot API, the simulator API and the web chat as one aiohttp application.

Everything is in memory and lives in one `BotApiEmulator`. The bot talks to `/bot<token>/<method>`
and `/file/bot<token>/<path>` exactly as it would talk to Telegram; people and tests play the
users through `/sandbox/api/*` or the methods below (docs/sandbox.md).
"""

from __future__ import annotations

import asyncio
import collections
import pathlib
from typing import Literal

from aiohttp import web

from sandbox import people, views
from sandbox.botapi import BotApi
from sandbox.guard import guard_middleware, own_hosts
from sandbox.limits import JSONDict
from sandbox.simulator import ImageSource, OutboxSource, Simulator, TimeControls
from sandbox.state import SandboxState
from sandbox.web import WebChat


class BotApiEmulator:
    """In-memory Telegram Bot API emulator plus the sandbox simulator API."""

    def __init__(
        self,
        *,
        bot_username: str = "conserjeria_demo_bot",
        bot_first_name: str = "Conserjería",
        bot_id: int = 123456,
        static_dir: pathlib.Path | None = None,
        sms_source: OutboxSource | None = None,
        emails_source: OutboxSource | None = None,
        email_image_source: ImageSource | None = None,
        first_update_id: int = 1,
    ) -> None:
        """`first_update_id`: where update ids start, as Telegram continues after the highest id
        it ever gave this bot (the composition root knows it from the bot's database)."""
        bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self._state = SandboxState(bot_user, first_update_id=first_update_id)
        self._bot_api = BotApi(self._state)
        self._simulator = Simulator(
            self._state,
            sms_source=sms_source,
            emails_source=emails_source,
            email_image_source=email_image_source,
        )
        self._web = WebChat(static_dir)
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        self._hosts: frozenset[str] = frozenset()

    @property
    def callback_answers(self) -> collections.defaultdict[int, list[JSONDict]]:
        """What the bot answered to button presses (toasts and alerts), per user."""
        return self._state.callback_answers

    @property
    def api_calls(self) -> collections.Counter[str]:
        """How many times the bot called each Bot API method."""
        return self._state.api_calls

    @property
    def changes_waiting(self) -> int:
        """How many `changes` requests are waiting for something to change right now."""
        return self._state.changes_waiting

    # --- people --------------------------------------------------------------------------------

    def register_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> None:
        """Set the names used in the `from` and `chat` of this user's updates."""
        self._state.register_user(user_id, first_name, last_name, username)

    def set_time_controls(self, controls: TimeControls | None) -> None:
        """Serve the bot's clock and jobs (None while no bot runs)."""
        self._simulator.time = controls

    def register_persona(
        self, user_id: int, name: str, profile: str, email: str | None, communities: str
    ) -> None:
        """Register a demo persona (listed by /sandbox/api/personas) and its Telegram user."""
        self._state.register_persona(user_id, name, profile, email, communities)

    # --- server --------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        """Build the aiohttp application serving the Bot API and the simulator API."""
        app = web.Application(
            client_max_size=64 * 1024 * 1024, middlewares=[guard_middleware(lambda: self._hosts)]
        )
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        router = app.router
        router.add_route("*", "/bot{token}/{method:[^/]*}", self._bot_api.handle)
        router.add_get("/file/bot{token}/{path:.+}", self._bot_api.handle_file)
        self._simulator.add_routes(router)
        self._web.add_routes(router)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Serve the application on host:port (0 = a free port) and return the bound port."""
        if self._runner is not None:
            raise RuntimeError("the emulator is already running")
        runner = web.AppRunner(self.build_app(), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        self._port = int(runner.addresses[0][1])
        self._hosts = own_hosts(self._host, self._port)
        return self._port

    async def stop(self) -> None:
        """Stop serving (pending long polls return at once)."""
        runner, self._runner = self._runner, None
        self._state.closing = True
        self._state.new_update.set()
        if runner is not None:
            await runner.cleanup()
        self._port = None

    async def _on_startup(self, app: web.Application) -> None:
        self._state.closing = False
        self._state.new_update = asyncio.Event()

    async def _on_shutdown(self, app: web.Application) -> None:
        self._state.closing = True
        self._state.new_update.set()
        self._state.changed.set()

    @property
    def root_url(self) -> str:
        """Base address of the running server, e.g. http://127.0.0.1:8080."""
        if self._port is None:
            raise RuntimeError("the emulator is not running")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}"

    @property
    def base_url(self) -> str:
        """Bot API base URL for python-telegram-bot's `base_url`."""
        return f"{self.root_url}/bot"

    @property
    def file_url(self) -> str:
        """Bot API file base URL for python-telegram-bot's `base_file_url`."""
        return f"{self.root_url}/file/bot"

    async def settle(self, timeout: float = 10.0) -> bool:
        """Wait until every update was taken by the bot and the Bot API was quiet for 200 ms."""
        return await self._state.settle(timeout)

    # --- what people do (sandbox.people) -------------------------------------------------------

    def send_text(self, user_id: int, text: str) -> JSONDict:
        """A user sends a text message; returns {"update_id", "message_id"}."""
        return people.send_text(self._state, user_id, text)

    def send_file(
        self,
        user_id: int,
        kind: Literal["photo", "document"],
        data: bytes,
        filename: str,
        caption: str | None,
        mime_type: str | None,
    ) -> JSONDict:
        """A user sends a photo or a document; returns {"update_id", "message_id"}."""
        return people.send_file(self._state, user_id, kind, data, filename, caption, mime_type)

    def click(self, user_id: int, message_id: int, button: str) -> JSONDict:
        """A user presses an inline button (by text, else callback_data); returns {"update_id"}."""
        return people.click(self._state, user_id, message_id, button)

    def forge_click(self, user_id: int, message_id: int, data: str) -> JSONDict:
        """A callback query with any data on a bot message: a stale or tampered client.

        Telegram does not verify callback data either, so the bot must not trust it; tests use
        this to prove the server-side re-checks. Not exposed over HTTP.
        """
        return people.forge_click(self._state, user_id, message_id, data)

    def redeliver(self, update_id: int) -> JSONDict:
        """Queue an already-created update again with the same update_id."""
        return people.redeliver(self._state, update_id)

    def block(self, user_id: int, blocked: bool = True) -> None:
        """Make the user block (or unblock) the bot."""
        people.block(self._state, user_id, blocked)

    # --- what the simulator shows (sandbox.views) ----------------------------------------------

    def messages(self, user_id: int, after: int = 0) -> list[JSONDict]:
        """The private chat's messages with message_id > after, as the simulator shows them."""
        return views.messages(self._state, user_id, after)

    def alerts(self, user_id: int, after: int = 0) -> list[JSONDict]:
        """The bot's answers to this user's button presses with id > after (ids count from 1)."""
        return views.alerts(self._state, user_id, after)

    def changes(self, user_id: int, since: int = 0) -> JSONDict:
        """What changed in this chat after revision `since`, for the web chat's live view."""
        return views.changes(self._state, user_id, since)

    async def wait_changes(self, user_id: int, since: int = 0, timeout: float = 0.0) -> JSONDict:
        """`changes`, waiting up to `timeout` seconds for something to change in this chat."""
        return await views.wait_changes(self._state, user_id, since, timeout)

    def commands_for(self, user_id: int) -> list[JSONDict]:
        """Commands visible in this private chat (chat scope, all private chats, default)."""
        return views.commands_for(self._state, user_id)
