"""What the simulator shows of a chat: its messages, the button answers, the live changes."""

from __future__ import annotations

import asyncio
import bisect
import time
from urllib.parse import quote

from sandbox.limits import JSONDict
from sandbox.state import Msg, SandboxState
from sandbox.telegram_html import entities_to_html

MAX_CHANGES_WAIT = 30.0


def messages(state: SandboxState, user_id: int, after: int = 0) -> list[JSONDict]:
    """The private chat's messages with message_id > after, as the simulator shows them."""
    chat = state.chats.get(user_id)
    if chat is None:
        return []
    start = bisect.bisect_right(chat.ids, after)
    views = []
    for message_id in chat.ids[start:]:
        msg = chat.messages[message_id]
        if not msg.deleted:
            views.append(message_view(msg))
    return views


def alerts(state: SandboxState, user_id: int, after: int = 0) -> list[JSONDict]:
    """The bot's answers to this user's button presses with id > after (ids count from 1)."""
    answers = state.callback_answers.get(user_id, [])
    return [
        {"id": number, "text": answer["text"], "show_alert": answer["show_alert"]}
        for number, answer in enumerate(answers, start=1)
        if number > after
    ]


def changes(state: SandboxState, user_id: int, since: int = 0) -> JSONDict:
    """What changed in this chat after revision `since`, for the web chat's live view.

    Messages (new, edited or deleted, with `deleted` set) come in message order, followed by
    the button answers given since then. A `since` from another epoch or from the future
    (the emulator restarted) counts as 0; the answer's `reset` then tells the page.
    """
    reset = since > state.revision
    if reset or since < 0:
        since = 0
    chat = state.chats.get(user_id)
    found = []
    if chat is not None:
        for message_id in chat.ids:
            msg = chat.messages[message_id]
            if msg.revision > since and not (since == 0 and msg.deleted):
                found.append(message_view(msg))
    answers = state.callback_answers.get(user_id, [])
    answered = [
        {"id": number, **answers[number - 1]}
        for revision, who, number in state.answer_log
        if who == user_id and revision > since
    ]
    return {
        "epoch": state.epoch,
        "revision": state.revision,
        "reset": reset,
        "messages": found,
        "alerts": answered,
    }


async def wait_changes(
    state: SandboxState, user_id: int, since: int = 0, timeout: float = 0.0
) -> JSONDict:
    """`changes`, waiting up to `timeout` seconds for something to change in this chat."""
    deadline = time.monotonic() + min(max(timeout, 0.0), MAX_CHANGES_WAIT)
    while True:
        result = changes(state, user_id, since)
        remaining = deadline - time.monotonic()
        if result["messages"] or result["alerts"] or result["reset"] or remaining <= 0:
            return result
        if state.closing:
            return result
        changed = state.changed
        state.changes_waiting += 1
        try:
            async with asyncio.timeout(remaining):
                await changed.wait()
        except TimeoutError:
            return changes(state, user_id, since)
        finally:
            state.changes_waiting -= 1


def commands_for(state: SandboxState, user_id: int) -> list[JSONDict]:
    """Commands visible in this private chat (chat scope, all private chats, default)."""
    for key in (("chat", user_id, None), ("all_private_chats", None, None)):
        if commands := state.commands.get(key):
            return [dict(c) for c in commands]
    return [dict(c) for c in state.commands.get(("default", None, None), ())]


def message_view(msg: Msg) -> JSONDict:
    """One message as `/sandbox/api/messages` and the web chat show it."""
    api = msg.api
    text = api.get("text")
    caption = api.get("caption")
    view: JSONDict = {
        "message_id": api["message_id"],
        "from": "bot" if msg.from_bot else "user",
        "date": api["date"],
        "text": text,
        "html": None,
        "caption": caption,
        "caption_html": None,
        "photo": None,
        "document": None,
        "buttons": [],
        "reply_keyboard": None,
        "edited": msg.edited,
        "deleted": msg.deleted,
    }
    if text is not None:
        view["html"] = (
            msg.html if msg.html is not None else entities_to_html(text, api.get("entities"))
        )
    if caption is not None:
        view["caption_html"] = (
            msg.caption_html
            if msg.caption_html is not None
            else entities_to_html(caption, api.get("caption_entities"))
        )
    if api.get("photo"):
        largest = max(api["photo"], key=lambda s: (s["width"] * s["height"], s["file_size"]))
        view["photo"] = {
            "file_id": largest["file_id"],
            "url": f"/sandbox/api/files/{quote(largest['file_id'])}",
            "width": largest["width"],
            "height": largest["height"],
        }
    if api.get("document"):
        doc = api["document"]
        view["document"] = {
            "file_id": doc["file_id"],
            "url": f"/sandbox/api/files/{quote(doc['file_id'])}",
            "file_name": doc.get("file_name"),
            "mime_type": doc.get("mime_type"),
            "file_size": doc.get("file_size"),
        }
    inline = api.get("reply_markup")
    if inline:
        view["buttons"] = [
            [
                {
                    "text": b.get("text"),
                    "callback_data": b.get("callback_data"),
                    "url": b.get("url"),
                }
                for b in row
            ]
            for row in inline["inline_keyboard"]
        ]
    if msg.markup and "keyboard" in msg.markup:
        view["reply_keyboard"] = [
            b if isinstance(b, str) else b.get("text")
            for row in msg.markup["keyboard"]
            for b in row
        ]
    return view
