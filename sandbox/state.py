"""Everything the emulator remembers: people, private chats, the update queue, files, revisions.

All of it is in memory and lives as long as one `BotApiEmulator`. The Bot API methods, the
simulated people and the simulator's views all read and change this one `SandboxState`.
"""

from __future__ import annotations

import asyncio
import collections
import copy
import itertools
import secrets
import time
from dataclasses import dataclass, field

from sandbox.files import FileStore
from sandbox.limits import JSONDict

QUIET_SECONDS = 0.2

# A `setMyCommands` scope: (type, chat_id, user_id).
ScopeKey = tuple[str, int | None, int | None]


@dataclass(slots=True)
class Msg:
    """One message of a private chat: its Bot API form and what the web chat shows of it."""

    api: JSONDict
    from_bot: bool
    html: str | None = None
    caption_html: str | None = None
    markup: JSONDict | None = None
    edited: bool = False
    deleted: bool = False
    revision: int = 0


@dataclass(slots=True)
class Chat:
    ids: list[int] = field(default_factory=list)
    messages: dict[int, Msg] = field(default_factory=dict)


class SandboxState:
    """The emulator's memory, shared by the Bot API, the simulated people and the simulator."""

    def __init__(self, bot_user: JSONDict, *, first_update_id: int = 1) -> None:
        self.bot_user = bot_user
        self.users: dict[int, tuple[JSONDict, JSONDict]] = {}
        self.personas: dict[int, JSONDict] = {}
        self.chats: dict[int, Chat] = {}
        self.files = FileStore()
        self.updates: dict[int, JSONDict] = {}
        self.pending: collections.deque[JSONDict] = collections.deque()
        self.redeliveries: collections.deque[JSONDict] = collections.deque()
        self.taken_upto = 0
        self.update_ids = itertools.count(max(first_update_id, 1))
        self.message_ids = itertools.count(1)
        self.query_numbers = itertools.count(1)
        self.open_queries: dict[str, int] = {}
        # What the bot answered to button presses (toasts and alerts), per user.
        self.callback_answers: collections.defaultdict[int, list[JSONDict]] = (
            collections.defaultdict(list)
        )
        # Live view for the web chat: every change to a chat (or a new button answer) gets the
        # next revision; `/sandbox/api/changes` long-polls on it. The epoch tells the page that
        # the emulator restarted (revisions start again).
        self.epoch = secrets.token_hex(6)
        self.revision = 0
        self.changed = asyncio.Event()
        self.changes_waiting = 0  # `changes` requests holding a wait now (tests wait on it)
        self.answer_log: list[tuple[int, int, int]] = []  # (revision, user_id, answer index)
        self.blocked: set[int] = set()
        self.commands: dict[ScopeKey, list[JSONDict]] = {}
        self.menu_buttons: dict[int | None, JSONDict] = {}
        self.bot_texts: dict[str, str] = {}
        self.webhook_url = ""
        self.new_update = asyncio.Event()
        self.closing = False
        self.last_activity = time.monotonic()
        self.api_calls: collections.Counter[str] = collections.Counter()

    # --- people --------------------------------------------------------------------------------

    def register_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> None:
        """Set the names used in the `from` and `chat` of this user's updates."""
        user: JSONDict = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "es",
        }
        chat: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            user["last_name"] = chat["last_name"] = last_name
        if username:
            user["username"] = chat["username"] = username
        self.users[user_id] = (user, chat)

    def register_persona(
        self, user_id: int, name: str, profile: str, email: str | None, communities: str
    ) -> None:
        """Register a demo persona (listed by /sandbox/api/personas) and its Telegram user."""
        first, _, last = name.strip().partition(" ")
        self.register_user(user_id, first or name, last or None)
        self.personas[user_id] = {
            "user_id": user_id,
            "name": name,
            "profile": profile,
            "email": email,
            "communities": communities,
        }

    def user(self, user_id: int) -> tuple[JSONDict, JSONDict]:
        """The user and private chat objects of this id (a default name for strangers)."""
        entry = self.users.get(user_id)
        if entry is None:
            self.register_user(user_id, f"Usuario {user_id}")
            entry = self.users[user_id]
        return entry

    # --- updates -------------------------------------------------------------------------------

    def enqueue(self, payload: JSONDict) -> int:
        """Queue a new update for the bot; returns its update_id."""
        update_id = next(self.update_ids)
        # A snapshot, as Telegram keeps it: a redelivery is the same update even after the bot
        # edited the message a button press carries.
        update = {"update_id": update_id, **copy.deepcopy(payload)}
        self.updates[update_id] = update
        self.pending.append(update)
        self.new_update.set()
        return update_id

    def confirm(self, offset: int) -> None:
        """Forget the updates getUpdates' `offset` confirms (a negative one keeps the last N)."""
        pending = self.pending
        if offset > 0:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        elif offset < 0:
            while len(pending) > -offset:
                pending.popleft()

    def take(self, limit: int) -> list[JSONDict]:
        """Up to `limit` updates for getUpdates: redeliveries first, then unconfirmed ones."""
        batch: list[JSONDict] = []
        while self.redeliveries and len(batch) < limit:
            batch.append(self.redeliveries.popleft())
        fresh = list(itertools.islice(self.pending, limit - len(batch)))
        if fresh:
            self.taken_upto = max(self.taken_upto, fresh[-1]["update_id"])
            batch.extend(fresh)
        if batch:
            self.last_activity = time.monotonic()
        return batch

    def all_taken(self) -> bool:
        if self.redeliveries:
            return False
        return not self.pending or self.pending[-1]["update_id"] <= self.taken_upto

    async def settle(self, timeout: float = 10.0) -> bool:
        """Wait until every update was taken by the bot and the Bot API was quiet for 200 ms."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if self.all_taken() and now - self.last_activity >= QUIET_SECONDS:
                return True
            if now >= deadline:
                return False
            await asyncio.sleep(min(0.02, deadline - now))

    # --- messages ------------------------------------------------------------------------------

    def touch(self, msg: Msg | None = None) -> int:
        """Record a change for the live view and wake the pages waiting for one."""
        self.revision += 1
        if msg is not None:
            msg.revision = self.revision
        changed, self.changed = self.changed, asyncio.Event()
        changed.set()
        return self.revision

    def store(self, chat_id: int, msg: Msg) -> None:
        """Append a new message to a private chat."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = Chat()
        message_id = msg.api["message_id"]
        chat.ids.append(message_id)
        chat.messages[message_id] = msg
        self.touch(msg)

    def find(self, chat_id: int, message_id: int) -> Msg | None:
        """A message of a private chat, unless it does not exist or was deleted."""
        chat = self.chats.get(chat_id)
        msg = chat.messages.get(message_id) if chat else None
        return None if msg is None or msg.deleted else msg
