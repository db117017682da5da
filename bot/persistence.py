"""python-telegram-bot persistence stored in the project's database (no pickle files).

Concierges are interrupted mid-flow; a restart must not lose where they were. Conversation
states and user data are written as JSON rows of `PersistedState`.
"""

from __future__ import annotations

import json
import logging
from copy import deepcopy
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from models.runtime import PersistedState

log = logging.getLogger(__name__)

USER_DATA = "user_data"
CHAT_DATA = "chat_data"
CONVERSATION = "conversation"


def _conversation_key(name: str, key: ConversationKey) -> str:
    return f"{name}:{json.dumps(list(key))}"


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """User data, chat data and conversation states in `persisted_state`; bot data is not kept."""

    def __init__(self, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )

    async def _load(self, kind: str) -> dict[int, dict[str, Any]]:
        rows = await PersistedState.filter(kind=kind).values_list("key", "data")
        return {int(key): data for key, data in rows}

    async def _save(self, kind: str, key: str, data: Any) -> None:
        updated = await PersistedState.filter(kind=kind, key=key).update(data=data)
        if not updated:
            await PersistedState.update_or_create(kind=kind, key=key, defaults={"data": data})

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return await self._load(USER_DATA)

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return await self._load(CHAT_DATA)

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        prefix = f"{name}:"
        rows = await PersistedState.filter(kind=CONVERSATION, key__startswith=prefix).values_list(
            "key", "data"
        )
        return {tuple(json.loads(key[len(prefix) :])): data["state"] for key, data in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        row_key = _conversation_key(name, key)
        if new_state is None:
            await PersistedState.filter(kind=CONVERSATION, key=row_key).delete()
        else:
            await self._save(CONVERSATION, row_key, {"state": new_state})

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        await self._save(USER_DATA, str(user_id), _jsonable(data))

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        await self._save(CHAT_DATA, str(chat_id), _jsonable(data))

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        await PersistedState.filter(kind=CHAT_DATA, key=str(chat_id)).delete()

    async def drop_user_data(self, user_id: int) -> None:
        await PersistedState.filter(kind=USER_DATA, key=str(user_id)).delete()

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """Flows keep only JSON values in user data; anything else is dropped with a log line."""
    try:
        json.dumps(data)
        return deepcopy(data)
    except TypeError:
        clean: dict[str, Any] = {}
        for key, value in data.items():
            try:
                json.dumps(value)
            except TypeError:
                log.error("user data key %s is not JSON; not persisted", key)
                continue
            clean[key] = value
        return clean
