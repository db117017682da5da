"""What the simulated people do: write, send files, press buttons, block the bot.

Each action stores the person's message (if any) and queues the update Telegram would deliver.
Bad input raises ValueError, an unknown message or button LookupError (400 and 404 over HTTP).
"""

from __future__ import annotations

import time
from typing import Any, Literal

from sandbox.calls import as_int
from sandbox.limits import MAX_CAPTION, MAX_TEXT, JSONDict
from sandbox.state import Msg, SandboxState
from sandbox.telegram_html import command_entity


def check_user_id(user_id: Any) -> int:
    """A positive integer Telegram id; ValueError otherwise."""
    value = as_int(user_id, "user_id")
    if value <= 0:
        raise ValueError("user_id must be a positive integer")
    return value


def _new_user_message(state: SandboxState, user_id: int, content: JSONDict) -> Msg:
    user, chat = state.user(user_id)
    api = {
        "message_id": next(state.message_ids),
        "from": user,
        "chat": chat,
        "date": int(time.time()),
        **content,
    }
    msg = Msg(api=api, from_bot=False)
    state.store(user_id, msg)
    return msg


def send_text(state: SandboxState, user_id: int, text: str) -> JSONDict:
    """A user sends a text message; returns {"update_id", "message_id"}."""
    user_id = check_user_id(user_id)
    if not isinstance(text, str) or not text.strip():
        raise ValueError("text must be a non-empty string")
    if len(text) > MAX_TEXT:
        raise ValueError(f"text is longer than {MAX_TEXT} characters")
    content: JSONDict = {"text": text}
    command = command_entity(text)
    if command is not None:
        content["entities"] = [command]
    msg = _new_user_message(state, user_id, content)
    update_id = state.enqueue({"message": msg.api})
    return {"update_id": update_id, "message_id": msg.api["message_id"]}


def send_file(
    state: SandboxState,
    user_id: int,
    kind: Literal["photo", "document"],
    data: bytes,
    filename: str,
    caption: str | None,
    mime_type: str | None,
) -> JSONDict:
    """A user sends a photo or a document; returns {"update_id", "message_id"}."""
    user_id = check_user_id(user_id)
    if kind not in ("photo", "document"):
        raise ValueError("kind must be 'photo' or 'document'")
    if not data:
        raise ValueError("the file is empty")
    if caption is not None and len(caption) > MAX_CAPTION:
        raise ValueError(f"caption is longer than {MAX_CAPTION} characters")
    stored = state.files.store(data, filename or kind, mime_type, kind)
    content: JSONDict = (
        {"photo": [stored.photo_size()]} if kind == "photo" else {"document": stored.document()}
    )
    if caption:
        content["caption"] = caption
    msg = _new_user_message(state, user_id, content)
    update_id = state.enqueue({"message": msg.api})
    return {"update_id": update_id, "message_id": msg.api["message_id"]}


def _bot_message(state: SandboxState, user_id: int, message_id: int) -> Msg:
    msg = state.find(user_id, as_int(message_id, "message_id"))
    if msg is None or not msg.from_bot:
        raise LookupError(f"no bot message {message_id} in the chat with {user_id}")
    return msg


def click(state: SandboxState, user_id: int, message_id: int, button: str) -> JSONDict:
    """A user presses an inline button (by text, else callback_data); returns {"update_id"}."""
    user_id = check_user_id(user_id)
    msg = _bot_message(state, user_id, message_id)
    markup = msg.api.get("reply_markup") or {}
    buttons = [b for row in markup.get("inline_keyboard", ()) for b in row]
    found = next((b for b in buttons if b.get("text") == button), None)
    if found is None:
        found = next((b for b in buttons if b.get("callback_data") == button), None)
    if found is None:
        raise LookupError(f"message {message_id} has no button {button!r}")
    data = found.get("callback_data")
    if data is None:
        raise ValueError(f"button {found.get('text')!r} is not a callback button")
    return forge_click(state, user_id, message_id, data)


def forge_click(state: SandboxState, user_id: int, message_id: int, data: str) -> JSONDict:
    """A callback query with any data on a bot message: a stale or tampered client.

    Telegram does not verify callback data either, so the bot must not trust it; tests use
    this to prove the server-side re-checks. Not exposed over HTTP.
    """
    user_id = check_user_id(user_id)
    msg = _bot_message(state, user_id, message_id)
    query_id = str(4_000_000_000_000_000 + next(state.query_numbers))
    state.open_queries[query_id] = user_id
    user, _ = state.user(user_id)
    query = {
        "id": query_id,
        "from": user,
        "message": msg.api,
        "chat_instance": str(-user_id - state.bot_user["id"]),
        "data": data,
    }
    return {"update_id": state.enqueue({"callback_query": query})}


def redeliver(state: SandboxState, update_id: int) -> JSONDict:
    """Queue an already-created update again with the same update_id."""
    update = state.updates.get(as_int(update_id, "update_id"))
    if update is None:
        raise LookupError(f"no update {update_id}")
    state.redeliveries.append(update)
    state.new_update.set()
    return {"update_id": update["update_id"]}


def block(state: SandboxState, user_id: int, blocked: bool = True) -> None:
    """Make the user block (or unblock) the bot."""
    user_id = check_user_id(user_id)
    if blocked:
        state.blocked.add(user_id)
    else:
        state.blocked.discard(user_id)
