"""Different chats concurrently, each chat's updates in order, each update_id once."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor
from tortoise.exceptions import IntegrityError

from models.runtime import ProcessedUpdate

log = logging.getLogger(__name__)


class UpdateDeduplicator:
    """Remembers handled update ids: in memory for speed, in the database across restarts."""

    def __init__(self, *, memory: int = 10_000, persistent: bool = True) -> None:
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._memory = memory
        self._persistent = persistent

    async def first_time(self, update_id: int) -> bool:
        if update_id in self._recent:
            return False
        self._recent[update_id] = None
        if len(self._recent) > self._memory:
            self._recent.popitem(last=False)
        if not self._persistent:
            return True
        try:
            await ProcessedUpdate.create(update_id=update_id)
        except IntegrityError:
            return False
        return True


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
    messages never holds the slots that other chats need.
    """

    def __init__(
        self, max_concurrent_updates: int, deduplicator: UpdateDeduplicator | None = None
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._queues: dict[int, deque[tuple[object, Awaitable[Any]]]] = {}
        self._dedup = deduplicator
        self._idle = asyncio.Event()
        self._idle.set()

    async def _run_one(self, update: object, coroutine: Awaitable[Any]) -> None:
        if (
            self._dedup is not None
            and isinstance(update, Update)
            and not await self._dedup.first_time(update.update_id)
        ):
            log.info("update %s delivered again; ignored", update.update_id)
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
        key = chat_key(update)
        if key is None:
            await self._run_one(update, coroutine)
            return
        queue = self._queues.get(key)
        if queue is not None:
            # Decided before any await, so a chat's updates keep their arrival order.
            queue.append((update, coroutine))
            return
        queue = self._queues[key] = deque()
        self._idle.clear()
        try:
            await self._run_one(update, coroutine)
            while queue:
                await self._run_one(*queue.popleft())
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
                for _, coroutine in queue:
                    coroutine.close()  # type: ignore[attr-defined]
                queue.clear()
