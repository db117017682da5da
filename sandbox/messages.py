"""The Bot API methods on a chat's messages: send, edit, delete, answer button presses.

Each method is a function of the emulator's state and one call; it returns the `result` Telegram
would return, or raises `ApiError` with Telegram's own refusal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sandbox.calls import Call, Upload, as_int, parse_markup, parse_text
from sandbox.files import StoredFile
from sandbox.limits import (
    CHAT_ACTIONS,
    MAX_DOWNLOAD,
    MISSING_PARAM,
    MSG_BAD_MARKUP,
    MSG_BAD_MEDIA,
    MSG_BLOCKED,
    MSG_EDIT_NOT_FOUND,
    MSG_NOT_MODIFIED,
    MSG_QUERY_INVALID,
    MSG_WRONG_FILE,
    ApiError,
    JSONDict,
)
from sandbox.state import Msg, SandboxState

Method = Callable[[SandboxState, Call], Any]


def chat_id_of(state: SandboxState, call: Call, *, check_blocked: bool = True) -> int:
    """The call's private chat; 403 when that person blocked the bot."""
    if not call.has("chat_id"):
        raise ApiError(MISSING_PARAM["chat_id"])
    chat_id = call.get_int("chat_id", "Bad Request: chat not found")
    assert chat_id is not None
    if check_blocked and chat_id in state.blocked:
        raise ApiError(MSG_BLOCKED, 403)
    return chat_id


def _new_bot_message(
    state: SandboxState,
    chat_id: int,
    call: Call,
    content: JSONDict,
    markup: JSONDict | None,
    *,
    html_source: str | None = None,
    caption_html: str | None = None,
) -> Msg:
    _, chat = state.user(chat_id)
    api: JSONDict = {
        "message_id": next(state.message_ids),
        "from": state.bot_user,
        "chat": chat,
        "date": int(time.time()),
    }
    reply_to = _reply_target(state, chat_id, call)
    if reply_to is not None:
        api["reply_to_message"] = reply_to
    api.update(content)
    if markup and markup.get("inline_keyboard"):
        api["reply_markup"] = markup
    msg = Msg(api=api, from_bot=True, html=html_source, caption_html=caption_html, markup=markup)
    state.store(chat_id, msg)
    return msg


def _reply_target(state: SandboxState, chat_id: int, call: Call) -> JSONDict | None:
    parameters = call.get_json("reply_parameters", "Bad Request: can't parse reply parameters")
    target: Any = None
    if isinstance(parameters, dict):
        target = parameters.get("message_id")
    if target is None:
        target = call.params.get("reply_to_message_id")
    if target is None or target == "":
        return None
    try:
        message_id = as_int(target, "message_id")
    except ValueError:
        return None
    msg = state.find(chat_id, message_id)
    if msg is None:
        return None
    return {k: v for k, v in msg.api.items() if k != "reply_to_message"}


def send_message(state: SandboxState, call: Call) -> JSONDict:
    chat_id = chat_id_of(state, call)
    text, entities, source = parse_text(call, "text", "entities", is_caption=False)
    markup = parse_markup(call)
    content: JSONDict = {"text": text}
    if entities:
        content["entities"] = entities
    return _new_bot_message(state, chat_id, call, content, markup, html_source=source).api


def _input_file(state: SandboxState, call: Call, name: str) -> StoredFile:
    """The file to send: an upload, an `attach://` part, or the file_id of a stored one."""
    upload = call.files.get(name)
    if upload is not None:
        return _store_upload(state, upload, name)
    return _file_named(state, call, call.params.get(name), name, name)


def _file_named(state: SandboxState, call: Call, value: Any, kind: str, name: str) -> StoredFile:
    """The file a parameter (or an `InputMedia`'s `media`) names: an `attach://` part or the
    file_id of a stored file of the same kind."""
    if not isinstance(value, str) or not value:
        raise ApiError(f"Bad Request: there is no {name} in the request")
    if value.startswith("attach://"):
        upload = call.files.get(value.removeprefix("attach://"))
        if upload is None:
            raise ApiError(f"Bad Request: there is no {name} in the request")
        return _store_upload(state, upload, kind)
    existing = state.files.by_id.get(value.strip())
    if existing is None:
        raise ApiError(MSG_WRONG_FILE)
    if existing.kind != kind:
        raise ApiError("Bad Request: type of file mismatch")
    return existing


def _store_upload(state: SandboxState, upload: Upload, kind: str) -> StoredFile:
    if not upload.data:
        raise ApiError("Bad Request: file must be non-empty")
    return state.files.store(upload.data, upload.filename, upload.content_type, kind)


def _media_content(stored: StoredFile, kind: str) -> JSONDict:
    return {"photo": [stored.photo_size()]} if kind == "photo" else {"document": stored.document()}


def _send_media(state: SandboxState, call: Call, kind: str) -> JSONDict:
    chat_id = chat_id_of(state, call)
    caption, entities, source = parse_text(call, "caption", "caption_entities", is_caption=True)
    markup = parse_markup(call)
    stored = _input_file(state, call, kind)
    content = _media_content(stored, kind)
    if caption:
        content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
    msg = _new_bot_message(
        state, chat_id, call, content, markup, caption_html=source if caption else None
    )
    return msg.api


def send_photo(state: SandboxState, call: Call) -> JSONDict:
    return _send_media(state, call, "photo")


def send_document(state: SandboxState, call: Call) -> JSONDict:
    return _send_media(state, call, "document")


def _edit_markup(call: Call) -> JSONDict | None:
    """Edits take inline keyboards only."""
    markup = parse_markup(call)
    if markup is not None and "inline_keyboard" not in markup:
        raise ApiError(MSG_BAD_MARKUP)
    return markup


def _editable(state: SandboxState, call: Call) -> Msg:
    if call.has("inline_message_id"):
        raise ApiError(MSG_EDIT_NOT_FOUND)
    chat_id = chat_id_of(state, call)
    message_id = call.get_int("message_id", MSG_EDIT_NOT_FOUND)
    if message_id is None:
        raise ApiError(MISSING_PARAM["message_id"])
    msg = state.find(chat_id, message_id)
    if msg is None or not msg.from_bot:
        raise ApiError(MSG_EDIT_NOT_FOUND)
    return msg


def _replace(
    state: SandboxState, msg: Msg, changes: JSONDict, markup: JSONDict | None
) -> JSONDict:
    """Swap in a new API dict (older snapshots in updates stay as they were)."""
    dropped = {*changes, "reply_markup", "edit_date"}
    api = {k: v for k, v in msg.api.items() if k not in dropped}
    api.update((k, v) for k, v in changes.items() if v)
    api["edit_date"] = int(time.time())
    if markup and markup.get("inline_keyboard"):
        api["reply_markup"] = markup
    msg.api = api
    msg.markup = markup
    msg.edited = True
    state.touch(msg)
    return api


def _inline(markup: JSONDict | None) -> JSONDict | None:
    return markup if markup and markup.get("inline_keyboard") else None


def edit_message_text(state: SandboxState, call: Call) -> JSONDict:
    msg = _editable(state, call)
    if "text" not in msg.api:
        raise ApiError("Bad Request: there is no text in the message to edit")
    text, entities, source = parse_text(call, "text", "entities", is_caption=False)
    markup = _edit_markup(call)
    old = msg.api
    if (
        old["text"] == text
        and old.get("entities", []) == entities
        and old.get("reply_markup") == _inline(markup)
    ):
        raise ApiError(MSG_NOT_MODIFIED)
    api = _replace(state, msg, {"text": text, "entities": entities}, markup)
    msg.html = source
    return api


def edit_message_caption(state: SandboxState, call: Call) -> JSONDict:
    msg = _editable(state, call)
    if "photo" not in msg.api and "document" not in msg.api:
        raise ApiError("Bad Request: there is no caption in the message to edit")
    caption, entities, source = parse_text(call, "caption", "caption_entities", is_caption=True)
    markup = _edit_markup(call)
    old = msg.api
    if (
        old.get("caption", "") == caption
        and old.get("caption_entities", []) == entities
        and old.get("reply_markup") == _inline(markup)
    ):
        raise ApiError(MSG_NOT_MODIFIED)
    api = _replace(state, msg, {"caption": caption, "caption_entities": entities}, markup)
    msg.caption_html = source if caption else None
    return api


MEDIA_KINDS = ("photo", "document")
"""What `editMessageMedia` can put in a message here (the bot sends no other media)."""
_MEDIA_REPLACED = ("text", "entities", "photo", "document", "caption", "caption_entities")


def edit_message_media(state: SandboxState, call: Call) -> JSONDict:
    """Replace a message's photo or document (or its text) with a new one, and its caption
    with the media's own: a caption the `InputMedia` leaves out is removed, as on Telegram."""
    msg = _editable(state, call)
    media = call.get_json("media", MSG_BAD_MEDIA)
    if not isinstance(media, dict) or not isinstance(media.get("type"), str):
        raise ApiError(MSG_BAD_MEDIA)
    kind = media["type"]
    if kind not in MEDIA_KINDS:
        raise ApiError(f"Bad Request: unsupported media type {kind!r} in the sandbox")
    caption_call = Call(
        {
            "caption": media.get("caption") or "",
            "caption_entities": media.get("caption_entities"),
            "parse_mode": media.get("parse_mode") or "",
        },
        {},
    )
    caption, entities, source = parse_text(
        caption_call, "caption", "caption_entities", is_caption=True
    )
    markup = _edit_markup(call)
    stored = _file_named(state, call, media.get("media"), kind, "media")
    content = _media_content(stored, kind)
    old = msg.api
    if (
        old.get(kind) == content[kind]
        and old.get("caption", "") == caption
        and old.get("caption_entities", []) == entities
        and old.get("reply_markup") == _inline(markup)
    ):
        raise ApiError(MSG_NOT_MODIFIED)
    changes: JSONDict = dict.fromkeys(_MEDIA_REPLACED)
    changes.update(content, caption=caption, caption_entities=entities)
    api = _replace(state, msg, changes, markup)
    msg.html = None
    msg.caption_html = source if caption else None
    return api


def edit_message_reply_markup(state: SandboxState, call: Call) -> JSONDict:
    msg = _editable(state, call)
    markup = _edit_markup(call)
    if msg.api.get("reply_markup") == _inline(markup):
        raise ApiError(MSG_NOT_MODIFIED)
    return _replace(state, msg, {}, markup)


def delete_message(state: SandboxState, call: Call) -> bool:
    chat_id = chat_id_of(state, call, check_blocked=False)
    message_id = call.get_int("message_id", "Bad Request: message to delete not found")
    msg = state.find(chat_id, message_id or 0)
    if msg is None:
        raise ApiError("Bad Request: message to delete not found")
    msg.deleted = True
    state.touch(msg)
    return True


def delete_messages(state: SandboxState, call: Call) -> bool:
    chat_id = chat_id_of(state, call, check_blocked=False)
    ids = call.get_json("message_ids", "Bad Request: can't parse message identifiers")
    if not isinstance(ids, list) or not ids:
        raise ApiError("Bad Request: message identifiers are not specified")
    for value in ids:
        msg = state.find(chat_id, value) if isinstance(value, int) else None
        if msg is not None:
            msg.deleted = True
            state.touch(msg)
    return True


def answer_callback_query(state: SandboxState, call: Call) -> bool:
    query_id = call.get_str("callback_query_id") or ""
    user_id = state.open_queries.pop(query_id, None)
    if user_id is None:
        raise ApiError(MSG_QUERY_INVALID)
    text = call.get_str("text")
    if text:
        answers = state.callback_answers[user_id]
        answers.append(
            {"text": text, "show_alert": str(call.params.get("show_alert")).lower() == "true"}
        )
        state.answer_log.append((state.touch(), user_id, len(answers)))
    return True


def send_chat_action(state: SandboxState, call: Call) -> bool:
    chat_id_of(state, call)
    if call.get_str("action") not in CHAT_ACTIONS:
        raise ApiError("Bad Request: wrong parameter action in request")
    return True


def get_file(state: SandboxState, call: Call) -> JSONDict:
    stored = state.files.by_id.get((call.get_str("file_id") or "").strip())
    if stored is None:
        raise ApiError("Bad Request: invalid file_id")
    if len(stored.data) > MAX_DOWNLOAD:
        raise ApiError("Bad Request: file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


MESSAGE_METHODS: dict[str, Method] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "editMessageCaption": edit_message_caption,
    "editMessageMedia": edit_message_media,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "answerCallbackQuery": answer_callback_query,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
    "getFile": get_file,
}
