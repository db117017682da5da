"""Different chats concurrently, each chat's updates in order, each update_id once."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from models.runtime import claim_updates, same_update

log = logging.getLogger(__name__)


def fingerprint(update: Update) -> str:
    """A digest of the update's content: a redelivery has the same, a reused id another."""
    content = json.dumps(update.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(content.encode()).hexdigest()[:32]


class UpdateDeduplicator:
    """Remembers handled updates: in memory for speed, in the database across restarts.

    An update is dropped only when the very same update was handled: its id *and* its content
    (`fingerprint`), because a Bot API may give an old id to a new update (`ProcessedUpdate`).

    The database claim is a group commit: the processor asks as soon as an update *arrives*
    (`claim`), every update that arrives while a claim is on its way joins the next one, and
    each update waits for the statement that decided it only when its turn comes. So nothing
    is handled before its claim is committed (a redelivery after a crash is refused), yet a
    busy bot writes once per batch of arrivals, while it handles earlier updates.
    """

    def __init__(self, *, memory: int = 10_000, persistent: bool = True) -> None:
        self._recent: OrderedDict[int, str] = OrderedDict()
        self._memory = memory
        self._persistent = persistent
        self._waiting: list[_Claim] = []
        self._writer: asyncio.Task[None] | None = None

    def claim(self, update_id: int, content: str = "") -> asyncio.Future[bool]:
        """Start deciding whether this update is new; the future says it (or raises).

        `content` is the update's `fingerprint` ("" when unknown: then the id alone decides).
        """
        decided: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        if update_id in self._recent and same_update(self._recent[update_id], content):
            decided.set_result(False)
            return decided
        self._recent[update_id] = content
        self._recent.move_to_end(update_id)
        if len(self._recent) > self._memory:
            self._recent.popitem(last=False)
        if not self._persistent:
            decided.set_result(True)
            return decided
        self._waiting.append((update_id, content, decided))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._claim_waiting(), name="claim-updates")
        return decided

    async def first_time(self, update_id: int, content: str = "") -> bool:
        return await self.claim(update_id, content)

    async def _claim_waiting(self) -> None:
        while self._waiting:
            # One row per id and statement: an id reused while its namesake is still being
            # claimed waits for the next statement.
            batch: dict[int, _Claim] = {}
            later: list[_Claim] = []
            for claim in self._waiting:
                if claim[0] in batch:
                    later.append(claim)
                else:
                    batch[claim[0]] = claim
            self._waiting = later
            try:
                claimed = await claim_updates({i: c[1] for i, c in batch.items()})
            except Exception as exc:  # the database is down: each update reports it
                for _, _, decided in batch.values():
                    if not decided.done():
                        decided.set_exception(exc)
                continue
            for update_id, (_, _, decided) in batch.items():
                if not decided.done():
                    decided.set_result(update_id in claimed)


def chat_key(update: object) -> int | None:
    """The chat whose updates must stay in order (the user, for updates without a chat)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs one worker per busy chat; later updates of that chat queue behind it.

    A queued update returns its concurrency slot at once, so one person sending many
    messages never holds the slots that other chats need. Whether an update is new is asked
    when it arrives (see `UpdateDeduplicator`) and awaited when its turn comes.
    """

    def __init__(
        self, max_concurrent_updates: int, deduplicator: UpdateDeduplicator | None = None
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._queues: dict[int, deque[_Queued]] = {}
        self._dedup = deduplicator
        self._idle = asyncio.Event()
        self._idle.set()

    def _claim(self, update: object) -> asyncio.Future[bool] | None:
        if self._dedup is None or not isinstance(update, Update):
            return None
        return self._dedup.claim(update.update_id, fingerprint(update))

    @staticmethod
    async def _is_new(update: object, decided: asyncio.Future[bool] | None) -> bool:
        if decided is None:
            return True
        try:
            return await decided
        except Exception:
            # The database is unreachable: handle it anyway, so the person hears about the
            # outage from the error handler instead of meeting silence.
            log.exception(
                "update %s could not be recorded; handled anyway",
                getattr(update, "update_id", "?"),
            )
            return True

    async def _run_one(self, queued: _Queued) -> None:
        update, coroutine, decided = queued
        if not await self._is_new(update, decided):
            log.info("update %s delivered again; ignored", getattr(update, "update_id", "?"))
            coroutine.close()  # type: ignore[attr-defined]
            return
        try:
            await coroutine
        except Exception:
            # Application.process_update reports errors itself; keep the chat's queue moving.
            log.exception(
                "update %s failed outside the error handlers", getattr(update, "update_id", "?")
            )

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Everything up to the first await happens in arrival order: the claim starts now,
        # and a chat's updates keep their order.
        queued: _Queued = (update, coroutine, self._claim(update))
        key = chat_key(update)
        if key is None:
            await self._run_one(queued)
            return
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(queued)
            return
        queue = self._queues[key] = deque()
        self._idle.clear()
        try:
            await self._run_one(queued)
            while queue:
                await self._run_one(queue.popleft())
        finally:
            del self._queues[key]
            if not self._queues:
                self._idle.set()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        """Let queued updates finish (bounded), then drop what is left without leaking."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout=10)
        except TimeoutError:
            for queue in self._queues.values():
                for _, coroutine, decided in queue:
                    coroutine.close()  # type: ignore[attr-defined]
                    if decided is not None and not decided.cancel():
                        decided.exception()  # already decided: mark any error as seen
                queue.clear()


_Queued = tuple[object, Awaitable[Any], "asyncio.Future[bool] | None"]
_Claim = tuple[int, str, "asyncio.Future[bool]"]
