"""Local Telegram Bot API emulator plus the sandbox simulator API, as one aiohttp application.

Everything is in memory and lives in a `BotApiEmulator` instance. The bot talks to
`/bot<token>/<method>` and `/file/bot<token>/<path>` exactly as it would talk to Telegram;
people and tests play the users through `/sandbox/api/...` (see SANDBOX.md).
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import html
import io
import itertools
import json
import math
import mimetypes
import pathlib
import re
import secrets
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, quote

from aiohttp import BodyPartReader, web
from PIL import Image

JSONDict = dict[str, Any]
SimHandler = Callable[[web.Request], Awaitable[JSONDict]]

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SUFFIX_RE = re.compile(r"\.[a-z0-9]{1,8}")
_SPEC_FILE = pathlib.Path(__file__).with_name("api.min.json")

_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_CALLBACK_BYTES = 64
_MAX_DOWNLOAD = 20 * 1024 * 1024
_QUIET_SECONDS = 0.2
_MAX_POLL_SECONDS = 50.0
_MAX_CHANGES_WAIT = 30.0

_MSG_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_MSG_QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_MSG_BLOCKED = "Forbidden: bot was blocked by the user"
_MSG_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
_MSG_BAD_MARKUP = "Bad Request: can't parse reply keyboard markup JSON object"
_MSG_WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
_MISSING_PARAM = {
    "chat_id": "Bad Request: chat_id is empty",
    "text": "Bad Request: message text is empty",
    "photo": "Bad Request: there is no photo in the request",
    "document": "Bad Request: there is no document in the request",
    "message_id": "Bad Request: message identifier is not specified",
    "callback_query_id": _MSG_QUERY_INVALID,
    "file_id": "Bad Request: invalid file_id",
}
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# --- Telegram-flavoured HTML -------------------------------------------------------------------

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ALL_TAGS = frozenset({*_SIMPLE_TAGS, "a", "span", "tg-emoji"})
_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*>"
)
_ATTR_RE = re.compile(
    r"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?"
)
_HTML_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,6}));")
_SPECIAL_RE = re.compile(r"[<&]")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_TO_TAG = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "spoiler": "tg-spoiler",
    "code": "code",
    "blockquote": "blockquote",
}


class HtmlParseError(ValueError):
    """Telegram would refuse this HTML with "can't parse entities"."""


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED_ENTITIES.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


@dataclass(slots=True)
class _OpenTag:
    name: str
    start: int
    extra: JSONDict


def _parse_attributes(raw: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), "")
        attributes[name.lower()] = html.unescape(value)
    return attributes


def _open_tag(name: str, attributes: dict[str, str], where: int) -> JSONDict:
    """Validate a start tag and return the extra fields of the entity it opens."""
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
    if name == "a":
        href = attributes.get("href", "")
        return {"type": "text_link", "url": href} if href else {}
    if name == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id} if emoji_id else {}
    if name == "blockquote" and "expandable" in attributes:
        return {"type": "expandable_blockquote"}
    if name == "span":
        return {"type": "spoiler"}
    extra: JSONDict = {"type": _SIMPLE_TAGS[name]}
    language = attributes.get("class", "")
    if name == "code" and language.startswith("language-"):
        extra["language"] = language.removeprefix("language-")
    return extra


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into plain text and entities (offsets in UTF-16 code units)."""
    out: list[str] = []
    entities: list[JSONDict] = []
    stack: list[_OpenTag] = []
    pos16 = 0
    index = 0
    size = len(source)
    while index < size:
        special = _SPECIAL_RE.search(source, index)
        end = special.start() if special else size
        if end > index:
            chunk = source[index:end]
            out.append(chunk)
            pos16 += utf16_len(chunk)
        if special is None:
            break
        index = end
        if source[index] == "&":
            entity = _HTML_ENTITY_RE.match(source, index)
            char = _decode_entity(entity) if entity else None
            if entity is None or char is None:
                out.append("&")
                pos16 += 1
                index += 1
            else:
                out.append(char)
                pos16 += utf16_len(char)
                index = entity.end()
            continue
        tag = _TAG_RE.match(source, index)
        where = _byte_offset(source, index)
        if tag is None:
            rest = source[index + 1 :]
            if rest.startswith("/"):
                raise HtmlParseError(f"Unexpected end tag at byte offset {where}")
            word = re.match(r"[^\s<>/]*", rest)
            name = word.group() if word else ""
            if name.lower() in _ALL_TAGS:
                raise HtmlParseError(f"Unclosed start tag at byte offset {where}")
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {where}')
        index = tag.end()
        name = tag.group(2).lower()
        if tag.group(1):
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {where}")
            top = stack.pop()
            if top.name != name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {where}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            _close_tag(top, stack, pos16, entities)
            continue
        if name not in _ALL_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {where}')
        extra = _open_tag(name, _parse_attributes(tag.group(3)), where)
        stack.append(_OpenTag(name=name, start=pos16, extra=extra))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out), entities


def _close_tag(top: _OpenTag, stack: list[_OpenTag], pos16: int, entities: list[JSONDict]) -> None:
    """Turn a closed tag into an entity (a <code> inside <pre> only sets the language)."""
    if not top.extra:
        return
    parent = stack[-1] if stack else None
    if top.name == "code" and parent is not None and parent.name == "pre":
        if "language" in top.extra:
            parent.extra["language"] = top.extra["language"]
        return
    length = pos16 - top.start
    if length <= 0:
        return
    entity: JSONDict = {"type": top.extra["type"], "offset": top.start, "length": length}
    entity.update((k, v) for k, v in top.extra.items() if k != "type")
    if entity["type"] != "pre":
        entity.pop("language", None)
    entities.append(entity)


def _entity_tags(entity: JSONDict) -> tuple[str, str] | None:
    kind = entity.get("type")
    if kind in _ENTITY_TO_TAG:
        tag = _ENTITY_TO_TAG[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "pre":
        language = entity.get("language")
        if language:
            return f'<pre><code class="language-{html.escape(language)}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link":
        return f'<a href="{html.escape(str(entity.get("url", "")))}">', "</a>"
    if kind == "text_mention":
        user = entity.get("user") or {}
        return f'<a href="tg://user?id={user.get("id", "")}">', "</a>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "custom_emoji":
        emoji_id = html.escape(str(entity.get("custom_emoji_id", "")))
        return f'<tg-emoji emoji-id="{emoji_id}">', "</tg-emoji>"
    return None


def entities_to_html(text: str, entities: list[JSONDict] | None) -> str:
    """Render plain text plus entities as Telegram HTML (best effort, for the web chat)."""
    spans: list[tuple[int, int, str, str]] = []
    for entity in entities or ():
        tags = _entity_tags(entity)
        offset, length = entity.get("offset"), entity.get("length")
        if tags and isinstance(offset, int) and isinstance(length, int) and length > 0:
            spans.append((offset, offset + length, *tags))
    if not spans:
        return html.escape(text, quote=False)
    data = text.encode("utf-16-le")
    total = len(data) // 2
    spans.sort(key=lambda span: (span[0], -span[1]))
    points = sorted({0, total} | {min(max(p, 0), total) for s in spans for p in s[:2]})
    out: list[str] = []
    stack: list[tuple[int, int, str, str]] = []
    next_span = 0
    for number, point in enumerate(points):
        closing = [i for i, span in enumerate(stack) if span[1] <= point]
        if closing:
            reopen = []
            while len(stack) > closing[0]:
                span = stack.pop()
                out.append(span[3])
                if span[1] > point:
                    reopen.append(span)
            for span in reversed(reopen):
                out.append(span[2])
                stack.append(span)
        while next_span < len(spans) and spans[next_span][0] <= point:
            span = spans[next_span]
            next_span += 1
            if span[1] > point:
                out.append(span[2])
                stack.append(span)
        if number + 1 < len(points):
            chunk = data[2 * point : 2 * points[number + 1]].decode("utf-16-le", errors="replace")
            out.append(html.escape(chunk, quote=False))
    out.extend(span[3] for span in reversed(stack))
    return "".join(out)


def _command_entity(text: str) -> JSONDict | None:
    if not text.startswith("/"):
        return None
    word = text.split(maxsplit=1)[0]
    if not _COMMAND_RE.fullmatch(word):
        return None
    return {"type": "bot_command", "offset": 0, "length": utf16_len(word)}


# --- storage ---------------------------------------------------------------------------------


class _ApiError(Exception):
    """A refusal answered in Telegram's error shape."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code


@dataclass(slots=True)
class _Upload:
    data: bytes
    filename: str
    content_type: str | None


@dataclass(slots=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str
    mime_type: str
    file_path: str
    kind: str
    width: int = 0
    height: int = 0

    def photo_size(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": len(self.data),
        }

    def document(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }


@dataclass(slots=True)
class _Msg:
    api: JSONDict
    from_bot: bool
    html: str | None = None
    caption_html: str | None = None
    markup: JSONDict | None = None
    edited: bool = False
    deleted: bool = False
    revision: int = 0


@dataclass(slots=True)
class _Chat:
    ids: list[int] = field(default_factory=list)
    messages: dict[int, _Msg] = field(default_factory=dict)


class _Call:
    """The parameters of one Bot API call, whatever the body encoding."""

    __slots__ = ("files", "params")

    def __init__(self, params: JSONDict, files: dict[str, _Upload]) -> None:
        self.params = params
        self.files = files

    def has(self, name: str) -> bool:
        value = self.params.get(name)
        return (value is not None and value != "") or name in self.files

    def get_str(self, name: str) -> str | None:
        value = self.params.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else str(value)

    def get_int(self, name: str, error: str) -> int | None:
        value = self.params.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise _ApiError(error)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise _ApiError(error) from None

    def get_float(self, name: str) -> float | None:
        value = self.params.get(name)
        if value is None or value == "" or isinstance(value, bool):
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _ApiError(f"Bad Request: invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        value = self.params.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return value is True or value == 1

    def get_json(self, name: str, error: str) -> Any:
        value = self.params.get(name)
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise _ApiError(error) from None
        return value


async def _read_params(request: web.Request) -> tuple[JSONDict, dict[str, _Upload]]:
    """Query string plus a JSON, urlencoded or multipart body; raises ValueError on bad JSON."""
    params: JSONDict = dict(request.query) if request.query_string else {}
    files: dict[str, _Upload] = {}
    if not request.can_read_body:
        return params, files
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("the JSON body must be an object")
        params.update(body)
    elif content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or not part.name:
                continue
            if part.filename is not None:
                files[part.name] = _Upload(
                    data=bytes(await part.read(decode=True)),
                    filename=part.filename,
                    content_type=part.headers.get("Content-Type"),
                )
            else:
                params[part.name] = await part.text()
    else:
        raw = (await request.read()).decode("utf-8", errors="replace")
        if raw.lstrip().startswith("{"):
            # A JSON object sent without its content type (e.g. `curl -d '{...}'`).
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            params.update(body)
        else:
            params.update(parse_qsl(raw, keep_blank_values=True))
    return params, files


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{name} must be an integer")


def _error(exc: _ApiError) -> web.Response:
    body = {"ok": False, "error_code": exc.code, "description": exc.description}
    return web.json_response(body, status=exc.code)


def _not_found() -> web.Response:
    return _error(_ApiError("Not Found", 404))


def _image_info(data: bytes) -> tuple[int, int, str | None]:
    """Width, height and MIME type of an image (0, 0, None when Pillow cannot read it)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                mime = Image.MIME.get(image.format or "")
                return int(width), int(height), mime
    except (OSError, ValueError, Image.DecompressionBombError):
        return 0, 0, None


def _clean_mime(content_type: str | None, filename: str, default: str) -> str:
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime != "application/octet-stream":
        return mime
    return mimetypes.guess_type(filename)[0] or mime or default


# The web chat's Content-Security-Policy: nothing leaves 127.0.0.1.
WEB_CHAT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


_NOT_BUILT_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Conserjería sandbox</title></head><body>"
    "<h1>Conserjería sandbox</h1><p>The web chat is not built. The simulator API is at "
    "<code>/sandbox/api/</code> (see SANDBOX.md).</p></body></html>"
)


class BotApiEmulator:
    """In-memory Telegram Bot API emulator plus the sandbox simulator API."""

    def __init__(
        self,
        *,
        bot_username: str = "conserjeria_demo_bot",
        bot_first_name: str = "Conserjería",
        bot_id: int = 123456,
        static_dir: pathlib.Path | None = None,
        sms_source: Callable[[], Awaitable[list[dict]]] | None = None,
        emails_source: Callable[[], Awaitable[list[dict]]] | None = None,
        email_image_source: Callable[[str], Awaitable[tuple[bytes, str] | None]] | None = None,
    ) -> None:
        self._bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self._static_dir = static_dir
        self._sms_source = sms_source
        self._emails_source = emails_source
        self._email_image_source = email_image_source
        spec = json.loads(_SPEC_FILE.read_text(encoding="utf-8"))
        self._methods: dict[str, tuple[str, tuple[str, ...]]] = {
            name.lower(): (
                name,
                tuple(f["name"] for f in method.get("fields", ()) if f.get("required")),
            )
            for name, method in spec["methods"].items()
        }
        self._handlers: dict[str, Callable[[_Call], Any]] = {
            "getMe": self._api_get_me,
            "deleteWebhook": self._api_delete_webhook,
            "setWebhook": self._api_set_webhook,
            "getWebhookInfo": self._api_get_webhook_info,
            "sendMessage": self._api_send_message,
            "editMessageText": self._api_edit_message_text,
            "editMessageReplyMarkup": self._api_edit_message_reply_markup,
            "editMessageCaption": self._api_edit_message_caption,
            "deleteMessage": self._api_delete_message,
            "deleteMessages": self._api_delete_messages,
            "answerCallbackQuery": self._api_answer_callback_query,
            "sendPhoto": self._api_send_photo,
            "sendDocument": self._api_send_document,
            "sendChatAction": self._api_send_chat_action,
            "getFile": self._api_get_file,
            "setMyCommands": self._api_set_my_commands,
            "getMyCommands": self._api_get_my_commands,
            "deleteMyCommands": self._api_delete_my_commands,
            "setChatMenuButton": self._api_set_chat_menu_button,
            "getChatMenuButton": self._api_get_chat_menu_button,
            "setMyName": self._api_set_bot_text("name"),
            "setMyDescription": self._api_set_bot_text("description"),
            "setMyShortDescription": self._api_set_bot_text("short_description"),
            "getMyName": self._api_get_bot_text("name"),
            "getMyDescription": self._api_get_bot_text("description"),
            "getMyShortDescription": self._api_get_bot_text("short_description"),
            "getChat": self._api_get_chat,
        }
        self._users: dict[int, tuple[JSONDict, JSONDict]] = {}
        self._personas: dict[int, JSONDict] = {}
        self._chats: dict[int, _Chat] = {}
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._updates: dict[int, JSONDict] = {}
        self._pending: collections.deque[JSONDict] = collections.deque()
        self._redeliveries: collections.deque[JSONDict] = collections.deque()
        self._taken_upto = 0
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._query_numbers = itertools.count(1)
        self._open_queries: dict[str, int] = {}
        # What the bot answered to button presses (toasts and alerts), per user.
        self.callback_answers: collections.defaultdict[int, list[JSONDict]] = (
            collections.defaultdict(list)
        )
        # Live view for the web chat: every change to a chat (or a new button answer) gets the
        # next revision; `/sandbox/api/changes` long-polls on it. The epoch tells the page that
        # the emulator restarted (revisions start again).
        self._epoch = secrets.token_hex(6)
        self._revision = 0
        self._changed = asyncio.Event()
        self._answer_log: list[tuple[int, int, int]] = []  # (revision, user_id, answer index)
        self._blocked: set[int] = set()
        self._commands: dict[tuple[str, int | None, int | None], list[JSONDict]] = {}
        self._menu_buttons: dict[int | None, JSONDict] = {}
        self._bot_texts: dict[str, str] = {}
        self._webhook_url = ""
        self._new_update = asyncio.Event()
        self._closing = False
        self._last_activity = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
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
        self._users[user_id] = (user, chat)

    def register_persona(
        self, user_id: int, name: str, profile: str, email: str | None, communities: str
    ) -> None:
        """Register a demo persona (listed by /sandbox/api/personas) and its Telegram user."""
        first, _, last = name.strip().partition(" ")
        self.register_user(user_id, first or name, last or None)
        self._personas[user_id] = {
            "user_id": user_id,
            "name": name,
            "profile": profile,
            "email": email,
            "communities": communities,
        }

    def _user(self, user_id: int) -> tuple[JSONDict, JSONDict]:
        entry = self._users.get(user_id)
        if entry is None:
            self.register_user(user_id, f"Usuario {user_id}")
            entry = self._users[user_id]
        return entry

    # --- server --------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        """Build the aiohttp application serving the Bot API and the simulator API."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        router = app.router
        router.add_route("*", "/bot{token}/{method:[^/]*}", self._handle_bot_api)
        router.add_get("/file/bot{token}/{path:.+}", self._handle_bot_file)
        sim: dict[str, tuple[str, SimHandler]] = {
            "send": ("POST", self._sim_send),
            "send_photo": ("POST", self._sim_send_photo),
            "send_document": ("POST", self._sim_send_document),
            "click": ("POST", self._sim_click),
            "messages": ("GET", self._sim_messages),
            "settle": ("POST", self._sim_settle),
            "sms": ("GET", self._sim_sms),
            "emails": ("GET", self._sim_emails),
            "personas": ("GET", self._sim_personas),
            "commands": ("GET", self._sim_commands),
            "alerts": ("GET", self._sim_alerts),
            "changes": ("GET", self._sim_changes),
            "redeliver": ("POST", self._sim_redeliver),
            "block": ("POST", self._sim_block),
            "health": ("GET", self._sim_health),
        }
        for name, (method, handler) in sim.items():
            router.add_route(method, f"/sandbox/api/{name}", self._sim_route(handler))
        router.add_get("/sandbox/api/files/{file_id}", self._handle_sim_file)
        router.add_get("/sandbox/api/email_images/{name}", self._handle_email_image)
        router.add_get("/", self._handle_index)
        router.add_get("/static/{path:.*}", self._handle_static)
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
        return self._port

    async def stop(self) -> None:
        """Stop serving (pending long polls return at once)."""
        runner, self._runner = self._runner, None
        self._closing = True
        self._new_update.set()
        if runner is not None:
            await runner.cleanup()
        self._port = None

    async def _on_startup(self, app: web.Application) -> None:
        self._closing = False
        self._new_update = asyncio.Event()

    async def _on_shutdown(self, app: web.Application) -> None:
        self._closing = True
        self._new_update.set()
        self._changed.set()

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

    # --- updates -------------------------------------------------------------------------------

    def _enqueue(self, payload: JSONDict) -> int:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **payload}
        self._updates[update_id] = update
        self._pending.append(update)
        self._new_update.set()
        return update_id

    def _confirm(self, offset: int) -> None:
        pending = self._pending
        if offset > 0:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        elif offset < 0:
            while len(pending) > -offset:
                pending.popleft()

    def _take(self, limit: int) -> list[JSONDict]:
        batch: list[JSONDict] = []
        while self._redeliveries and len(batch) < limit:
            batch.append(self._redeliveries.popleft())
        fresh = list(itertools.islice(self._pending, limit - len(batch)))
        if fresh:
            self._taken_upto = max(self._taken_upto, fresh[-1]["update_id"])
            batch.extend(fresh)
        if batch:
            self._last_activity = time.monotonic()
        return batch

    def _all_taken(self) -> bool:
        if self._redeliveries:
            return False
        return not self._pending or self._pending[-1]["update_id"] <= self._taken_upto

    async def settle(self, timeout: float = 10.0) -> bool:
        """Wait until every update was taken by the bot and the Bot API was quiet for 200 ms."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if self._all_taken() and now - self._last_activity >= _QUIET_SECONDS:
                return True
            if now >= deadline:
                return False
            await asyncio.sleep(min(0.02, deadline - now))

    # --- messages ------------------------------------------------------------------------------

    def _touch(self, msg: _Msg | None = None) -> int:
        """Record a change for the live view and wake the pages waiting for one."""
        self._revision += 1
        if msg is not None:
            msg.revision = self._revision
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        return self._revision

    def _store(self, chat_id: int, msg: _Msg) -> None:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        message_id = msg.api["message_id"]
        chat.ids.append(message_id)
        chat.messages[message_id] = msg
        self._touch(msg)

    def _find(self, chat_id: int, message_id: int) -> _Msg | None:
        chat = self._chats.get(chat_id)
        msg = chat.messages.get(message_id) if chat else None
        return None if msg is None or msg.deleted else msg

    def _new_user_message(self, user_id: int, content: JSONDict) -> _Msg:
        user, chat = self._user(user_id)
        api = {
            "message_id": next(self._message_ids),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        msg = _Msg(api=api, from_bot=False)
        self._store(user_id, msg)
        return msg

    @staticmethod
    def _check_user_id(user_id: Any) -> int:
        value = _as_int(user_id, "user_id")
        if value <= 0:
            raise ValueError("user_id must be a positive integer")
        return value

    def send_text(self, user_id: int, text: str) -> dict:
        """A user sends a text message; returns {"update_id", "message_id"}."""
        user_id = self._check_user_id(user_id)
        if not isinstance(text, str) or not text.strip():
            raise ValueError("text must be a non-empty string")
        if len(text) > _MAX_TEXT:
            raise ValueError(f"text is longer than {_MAX_TEXT} characters")
        content: JSONDict = {"text": text}
        command = _command_entity(text)
        if command is not None:
            content["entities"] = [command]
        msg = self._new_user_message(user_id, content)
        update_id = self._enqueue({"message": msg.api})
        return {"update_id": update_id, "message_id": msg.api["message_id"]}

    def send_file(
        self,
        user_id: int,
        kind: Literal["photo", "document"],
        data: bytes,
        filename: str,
        caption: str | None,
        mime_type: str | None,
    ) -> dict:
        """A user sends a photo or a document; returns {"update_id", "message_id"}."""
        user_id = self._check_user_id(user_id)
        if kind not in ("photo", "document"):
            raise ValueError("kind must be 'photo' or 'document'")
        if not data:
            raise ValueError("the file is empty")
        if caption is not None and len(caption) > _MAX_CAPTION:
            raise ValueError(f"caption is longer than {_MAX_CAPTION} characters")
        stored = self._store_file(data, filename or kind, mime_type, kind)
        content: JSONDict = (
            {"photo": [stored.photo_size()]}
            if kind == "photo"
            else {"document": stored.document()}
        )
        if caption:
            content["caption"] = caption
        msg = self._new_user_message(user_id, content)
        update_id = self._enqueue({"message": msg.api})
        return {"update_id": update_id, "message_id": msg.api["message_id"]}

    def click(self, user_id: int, message_id: int, button: str) -> dict:
        """A user presses an inline button (by text, else callback_data); returns {"update_id"}."""
        user_id = self._check_user_id(user_id)
        msg = self._find(user_id, _as_int(message_id, "message_id"))
        if msg is None or not msg.from_bot:
            raise LookupError(f"no bot message {message_id} in the chat with {user_id}")
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
        return self.forge_click(user_id, message_id, data)

    def forge_click(self, user_id: int, message_id: int, data: str) -> dict:
        """A callback query with any data on a bot message: a stale or tampered client.

        Telegram does not verify callback data either, so the bot must not trust it; tests use
        this to prove the server-side re-checks. Not exposed over HTTP.
        """
        user_id = self._check_user_id(user_id)
        msg = self._find(user_id, _as_int(message_id, "message_id"))
        if msg is None or not msg.from_bot:
            raise LookupError(f"no bot message {message_id} in the chat with {user_id}")
        query_id = str(4_000_000_000_000_000 + next(self._query_numbers))
        self._open_queries[query_id] = user_id
        user, _ = self._user(user_id)
        query = {
            "id": query_id,
            "from": user,
            "message": msg.api,
            "chat_instance": str(-user_id - self._bot_user["id"]),
            "data": data,
        }
        return {"update_id": self._enqueue({"callback_query": query})}

    def redeliver(self, update_id: int) -> dict:
        """Queue an already-created update again with the same update_id."""
        update = self._updates.get(_as_int(update_id, "update_id"))
        if update is None:
            raise LookupError(f"no update {update_id}")
        self._redeliveries.append(update)
        self._new_update.set()
        return {"update_id": update["update_id"]}

    def block(self, user_id: int, blocked: bool = True) -> None:
        """Make the user block (or unblock) the bot."""
        user_id = self._check_user_id(user_id)
        if blocked:
            self._blocked.add(user_id)
        else:
            self._blocked.discard(user_id)

    def messages(self, user_id: int, after: int = 0) -> list[dict]:
        """The private chat's messages with message_id > after, as the simulator shows them."""
        chat = self._chats.get(user_id)
        if chat is None:
            return []
        start = bisect.bisect_right(chat.ids, after)
        views = []
        for message_id in chat.ids[start:]:
            msg = chat.messages[message_id]
            if not msg.deleted:
                views.append(self._view(msg))
        return views

    def alerts(self, user_id: int, after: int = 0) -> list[dict]:
        """The bot's answers to this user's button presses with id > after (ids count from 1)."""
        answers = self.callback_answers.get(user_id, [])
        return [
            {"id": number, "text": answer["text"], "show_alert": answer["show_alert"]}
            for number, answer in enumerate(answers, start=1)
            if number > after
        ]

    def changes(self, user_id: int, since: int = 0) -> dict:
        """What changed in this chat after revision `since`, for the web chat's live view.

        Messages (new, edited or deleted, with `deleted` set) come in message order, followed by
        the button answers given since then. A `since` from another epoch or from the future
        (the emulator restarted) counts as 0; the answer's `reset` then tells the page.
        """
        reset = since > self._revision
        if reset or since < 0:
            since = 0
        chat = self._chats.get(user_id)
        messages = []
        if chat is not None:
            for message_id in chat.ids:
                msg = chat.messages[message_id]
                if msg.revision > since and not (since == 0 and msg.deleted):
                    messages.append(self._view(msg))
        answers = self.callback_answers.get(user_id, [])
        alerts = [
            {"id": number, **answers[number - 1]}
            for revision, who, number in self._answer_log
            if who == user_id and revision > since
        ]
        return {
            "epoch": self._epoch,
            "revision": self._revision,
            "reset": reset,
            "messages": messages,
            "alerts": alerts,
        }

    async def wait_changes(self, user_id: int, since: int = 0, timeout: float = 0.0) -> dict:
        """`changes`, waiting up to `timeout` seconds for something to change in this chat."""
        deadline = time.monotonic() + min(max(timeout, 0.0), _MAX_CHANGES_WAIT)
        while True:
            result = self.changes(user_id, since)
            remaining = deadline - time.monotonic()
            if result["messages"] or result["alerts"] or result["reset"] or remaining <= 0:
                return result
            if self._closing:
                return result
            changed = self._changed
            try:
                async with asyncio.timeout(remaining):
                    await changed.wait()
            except TimeoutError:
                return self.changes(user_id, since)

    def commands_for(self, user_id: int) -> list[dict]:
        """Commands visible in this private chat (chat scope, all private chats, default)."""
        for key in (("chat", user_id, None), ("all_private_chats", None, None)):
            if commands := self._commands.get(key):
                return [dict(c) for c in commands]
        return [dict(c) for c in self._commands.get(("default", None, None), ())]

    def _view(self, msg: _Msg) -> JSONDict:
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

    # --- files ---------------------------------------------------------------------------------

    def _store_file(
        self, data: bytes, filename: str, content_type: str | None, kind: str
    ) -> _StoredFile:
        number = next(self._file_numbers)
        width, height, image_mime = _image_info(data) if kind == "photo" else (0, 0, None)
        default_mime = "image/jpeg" if kind == "photo" else "application/octet-stream"
        mime = image_mime or _clean_mime(content_type, filename, default_mime)
        suffix = pathlib.PurePosixPath(filename).suffix.lower()
        if image_mime is not None or not _SUFFIX_RE.fullmatch(suffix):
            suffix = mimetypes.guess_extension(mime) or ""
        folder = "photos" if kind == "photo" else "documents"
        prefix = "AgAC" if kind == "photo" else "BQAC"
        stored = _StoredFile(
            file_id=f"{prefix}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
            data=data,
            file_name=pathlib.PurePosixPath(filename.replace("\\", "/")).name or f"file_{number}",
            mime_type=mime,
            file_path=f"{folder}/file_{number}{suffix}",
            kind=kind,
            width=width,
            height=height,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    def _input_file(self, call: _Call, name: str) -> _StoredFile:
        upload = call.files.get(name)
        if upload is None:
            value = call.params.get(name)
            if not isinstance(value, str) or not value:
                raise _ApiError(f"Bad Request: there is no {name} in the request")
            if value.startswith("attach://"):
                upload = call.files.get(value.removeprefix("attach://"))
                if upload is None:
                    raise _ApiError(f"Bad Request: there is no {name} in the request")
            else:
                existing = self._files.get(value.strip())
                if existing is None:
                    raise _ApiError(_MSG_WRONG_FILE)
                if existing.kind != name:
                    raise _ApiError("Bad Request: type of file mismatch")
                return existing
        if not upload.data:
            raise _ApiError("Bad Request: file must be non-empty")
        return self._store_file(upload.data, upload.filename, upload.content_type, name)

    # --- Bot API -------------------------------------------------------------------------------

    async def _handle_bot_api(self, request: web.Request) -> web.Response:
        if not _TOKEN_RE.match(request.match_info["token"]):
            return _not_found()
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return _not_found()
        name, required = entry
        try:
            params, files = await _read_params(request)
        except ValueError:
            return _error(_ApiError("Bad Request: can't parse JSON body"))
        self.api_calls[name] += 1
        if name != "getUpdates":
            self._last_activity = time.monotonic()
        call = _Call(params, files)
        try:
            for param in required:
                if not call.has(param):
                    raise _ApiError(_MISSING_PARAM.get(param, f"Bad Request: {param} is required"))
            if name == "getUpdates":
                result: Any = await self._api_get_updates(call)
            else:
                handler = self._handlers.get(name)
                result = handler(call) if handler is not None else True
        except _ApiError as exc:
            return _error(exc)
        return web.json_response({"ok": True, "result": result})

    async def _handle_bot_file(self, request: web.Request) -> web.Response:
        if not _TOKEN_RE.match(request.match_info["token"]):
            return _not_found()
        stored = self._file_paths.get(request.match_info["path"])
        if stored is None:
            return _not_found()
        return web.Response(body=stored.data, content_type=stored.mime_type)

    def _chat_id(self, call: _Call, *, check_blocked: bool = True) -> int:
        if not call.has("chat_id"):
            raise _ApiError(_MISSING_PARAM["chat_id"])
        chat_id = call.get_int("chat_id", "Bad Request: chat not found")
        assert chat_id is not None
        if check_blocked and chat_id in self._blocked:
            raise _ApiError(_MSG_BLOCKED, 403)
        return chat_id

    def _text(
        self, call: _Call, text_key: str, entities_key: str, *, is_caption: bool
    ) -> tuple[str, list[JSONDict], str | None]:
        """Parse text (or caption) with parse_mode/entities; returns text, entities and HTML."""
        raw = call.get_str(text_key) or ""
        explicit = call.get_json(entities_key, "Bad Request: can't parse entities JSON object")
        parse_mode = (call.get_str("parse_mode") or "").strip().lower()
        source: str | None = None
        if explicit is not None:
            if not isinstance(explicit, list) or not all(
                isinstance(e, dict)
                and isinstance(e.get("type"), str)
                and isinstance(e.get("offset"), int)
                and isinstance(e.get("length"), int)
                for e in explicit
            ):
                raise _ApiError("Bad Request: can't parse entities JSON object")
            text, entities = raw, [dict(e) for e in explicit]
        elif parse_mode == "html":
            try:
                text, entities = parse_html(raw)
            except HtmlParseError as exc:
                raise _ApiError(f"Bad Request: can't parse entities: {exc}") from None
            source = raw
        elif parse_mode in ("", "markdown", "markdownv2"):
            text, entities = raw, []
        else:
            raise _ApiError("Bad Request: unsupported parse_mode")
        if is_caption:
            if len(text) > _MAX_CAPTION:
                raise _ApiError("Bad Request: message caption is too long")
        else:
            if not text.strip():
                raise _ApiError("Bad Request: message text is empty")
            if len(text) > _MAX_TEXT:
                raise _ApiError("Bad Request: message is too long")
        return text, entities, source

    @staticmethod
    def _markup(call: _Call) -> JSONDict | None:
        """Validate reply_markup; inline keyboards are normalised to {"inline_keyboard": rows}."""
        value = call.get_json("reply_markup", _MSG_BAD_MARKUP)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _ApiError(_MSG_BAD_MARKUP)
        if "inline_keyboard" in value:
            rows = value["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _ApiError(_MSG_BAD_MARKUP)
            clean = [[_check_button(button) for button in row] for row in rows]
            return {"inline_keyboard": [row for row in clean if row]}
        if "keyboard" in value:
            rows = value["keyboard"]
            if not isinstance(rows, list) or not all(
                isinstance(row, list)
                and all(isinstance(b, str) or (isinstance(b, dict) and "text" in b) for b in row)
                for row in rows
            ):
                raise _ApiError(_MSG_BAD_MARKUP)
            return value
        if value.get("remove_keyboard") or value.get("force_reply"):
            return value
        raise _ApiError(_MSG_BAD_MARKUP)

    def _new_bot_message(
        self,
        chat_id: int,
        call: _Call,
        content: JSONDict,
        markup: JSONDict | None,
        *,
        html_source: str | None = None,
        caption_html: str | None = None,
    ) -> _Msg:
        _, chat = self._user(chat_id)
        api: JSONDict = {
            "message_id": next(self._message_ids),
            "from": self._bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        reply_to = self._reply_target(chat_id, call)
        if reply_to is not None:
            api["reply_to_message"] = reply_to
        api.update(content)
        if markup and markup.get("inline_keyboard"):
            api["reply_markup"] = markup
        msg = _Msg(
            api=api, from_bot=True, html=html_source, caption_html=caption_html, markup=markup
        )
        self._store(chat_id, msg)
        return msg

    def _reply_target(self, chat_id: int, call: _Call) -> JSONDict | None:
        parameters = call.get_json("reply_parameters", "Bad Request: can't parse reply parameters")
        target: Any = None
        if isinstance(parameters, dict):
            target = parameters.get("message_id")
        if target is None:
            target = call.params.get("reply_to_message_id")
        if target is None or target == "":
            return None
        try:
            message_id = _as_int(target, "message_id")
        except ValueError:
            return None
        msg = self._find(chat_id, message_id)
        if msg is None:
            return None
        return {k: v for k, v in msg.api.items() if k != "reply_to_message"}

    def _api_get_me(self, call: _Call) -> JSONDict:
        return {
            **self._bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_get_updates(self, call: _Call) -> list[JSONDict]:
        if self._webhook_url:
            raise _ApiError(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                409,
            )
        offset = call.get_int("offset", "Bad Request: invalid offset specified") or 0
        limit = call.get_int("limit", "Bad Request: invalid limit specified") or 100
        limit = min(max(limit, 1), 100)
        timeout = min(max(call.get_float("timeout") or 0.0, 0.0), _MAX_POLL_SECONDS)
        self._confirm(offset)
        batch = self._take(limit)
        if batch or timeout <= 0:
            return batch
        deadline = time.monotonic() + timeout
        while not batch and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._new_update.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self._new_update.wait()
            except TimeoutError:
                break
            batch = self._take(limit)
        return batch

    def _api_delete_webhook(self, call: _Call) -> bool:
        self._webhook_url = ""
        if call.get_bool("drop_pending_updates"):
            self._pending.clear()
            self._redeliveries.clear()
        return True

    def _api_set_webhook(self, call: _Call) -> bool:
        self._webhook_url = call.get_str("url") or ""
        if call.get_bool("drop_pending_updates"):
            self._pending.clear()
            self._redeliveries.clear()
        return True

    def _api_get_webhook_info(self, call: _Call) -> JSONDict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending) + len(self._redeliveries),
        }

    def _api_send_message(self, call: _Call) -> JSONDict:
        chat_id = self._chat_id(call)
        text, entities, source = self._text(call, "text", "entities", is_caption=False)
        markup = self._markup(call)
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._new_bot_message(chat_id, call, content, markup, html_source=source).api

    def _send_media(self, call: _Call, kind: str) -> JSONDict:
        chat_id = self._chat_id(call)
        caption, entities, source = self._text(
            call, "caption", "caption_entities", is_caption=True
        )
        markup = self._markup(call)
        stored = self._input_file(call, kind)
        content: JSONDict = (
            {"photo": [stored.photo_size()]}
            if kind == "photo"
            else {"document": stored.document()}
        )
        if caption:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        msg = self._new_bot_message(
            chat_id, call, content, markup, caption_html=source if caption else None
        )
        return msg.api

    def _api_send_photo(self, call: _Call) -> JSONDict:
        return self._send_media(call, "photo")

    def _api_send_document(self, call: _Call) -> JSONDict:
        return self._send_media(call, "document")

    def _edit_markup(self, call: _Call) -> JSONDict | None:
        """Edits take inline keyboards only."""
        markup = self._markup(call)
        if markup is not None and "inline_keyboard" not in markup:
            raise _ApiError(_MSG_BAD_MARKUP)
        return markup

    def _editable(self, call: _Call) -> tuple[int, _Msg]:
        if call.has("inline_message_id"):
            raise _ApiError(_MSG_EDIT_NOT_FOUND)
        chat_id = self._chat_id(call)
        message_id = call.get_int("message_id", _MSG_EDIT_NOT_FOUND)
        if message_id is None:
            raise _ApiError(_MISSING_PARAM["message_id"])
        msg = self._find(chat_id, message_id)
        if msg is None or not msg.from_bot:
            raise _ApiError(_MSG_EDIT_NOT_FOUND)
        return chat_id, msg

    def _replace(self, msg: _Msg, changes: JSONDict, markup: JSONDict | None) -> JSONDict:
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
        self._touch(msg)
        return api

    @staticmethod
    def _inline(markup: JSONDict | None) -> JSONDict | None:
        return markup if markup and markup.get("inline_keyboard") else None

    def _api_edit_message_text(self, call: _Call) -> JSONDict:
        _, msg = self._editable(call)
        if "text" not in msg.api:
            raise _ApiError("Bad Request: there is no text in the message to edit")
        text, entities, source = self._text(call, "text", "entities", is_caption=False)
        markup = self._edit_markup(call)
        old = msg.api
        if (
            old["text"] == text
            and old.get("entities", []) == entities
            and old.get("reply_markup") == self._inline(markup)
        ):
            raise _ApiError(_MSG_NOT_MODIFIED)
        api = self._replace(msg, {"text": text, "entities": entities}, markup)
        msg.html = source
        return api

    def _api_edit_message_caption(self, call: _Call) -> JSONDict:
        _, msg = self._editable(call)
        if "photo" not in msg.api and "document" not in msg.api:
            raise _ApiError("Bad Request: there is no caption in the message to edit")
        caption, entities, source = self._text(
            call, "caption", "caption_entities", is_caption=True
        )
        markup = self._edit_markup(call)
        old = msg.api
        if (
            old.get("caption", "") == caption
            and old.get("caption_entities", []) == entities
            and old.get("reply_markup") == self._inline(markup)
        ):
            raise _ApiError(_MSG_NOT_MODIFIED)
        api = self._replace(msg, {"caption": caption, "caption_entities": entities}, markup)
        msg.caption_html = source if caption else None
        return api

    def _api_edit_message_reply_markup(self, call: _Call) -> JSONDict:
        _, msg = self._editable(call)
        markup = self._edit_markup(call)
        if msg.api.get("reply_markup") == self._inline(markup):
            raise _ApiError(_MSG_NOT_MODIFIED)
        return self._replace(msg, {}, markup)

    def _api_delete_message(self, call: _Call) -> bool:
        chat_id = self._chat_id(call, check_blocked=False)
        message_id = call.get_int("message_id", "Bad Request: message to delete not found")
        msg = self._find(chat_id, message_id or 0)
        if msg is None:
            raise _ApiError("Bad Request: message to delete not found")
        msg.deleted = True
        self._touch(msg)
        return True

    def _api_delete_messages(self, call: _Call) -> bool:
        chat_id = self._chat_id(call, check_blocked=False)
        ids = call.get_json("message_ids", "Bad Request: can't parse message identifiers")
        if not isinstance(ids, list) or not ids:
            raise _ApiError("Bad Request: message identifiers are not specified")
        for value in ids:
            msg = self._find(chat_id, value) if isinstance(value, int) else None
            if msg is not None:
                msg.deleted = True
                self._touch(msg)
        return True

    def _api_answer_callback_query(self, call: _Call) -> bool:
        query_id = call.get_str("callback_query_id") or ""
        user_id = self._open_queries.pop(query_id, None)
        if user_id is None:
            raise _ApiError(_MSG_QUERY_INVALID)
        text = call.get_str("text")
        if text:
            answers = self.callback_answers[user_id]
            answers.append(
                {"text": text, "show_alert": str(call.params.get("show_alert")).lower() == "true"}
            )
            self._answer_log.append((self._touch(), user_id, len(answers)))
        return True

    def _api_send_chat_action(self, call: _Call) -> bool:
        self._chat_id(call)
        if call.get_str("action") not in _CHAT_ACTIONS:
            raise _ApiError("Bad Request: wrong parameter action in request")
        return True

    def _api_get_file(self, call: _Call) -> JSONDict:
        stored = self._files.get((call.get_str("file_id") or "").strip())
        if stored is None:
            raise _ApiError("Bad Request: invalid file_id")
        if len(stored.data) > _MAX_DOWNLOAD:
            raise _ApiError("Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    @staticmethod
    def _scope_key(call: _Call) -> tuple[str, int | None, int | None]:
        scope = call.get_json("scope", "Bad Request: can't parse BotCommandScope JSON object")
        if scope is None:
            return ("default", None, None)
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise _ApiError("Bad Request: can't parse BotCommandScope JSON object")
        kind = scope["type"]
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return (kind, None, None)
        if kind not in ("chat", "chat_administrators", "chat_member"):
            raise _ApiError("Bad Request: unsupported BotCommandScope type")
        try:
            chat_id = _as_int(scope.get("chat_id"), "chat_id")
            user_id = _as_int(scope["user_id"], "user_id") if kind == "chat_member" else None
        except (KeyError, ValueError):
            raise _ApiError("Bad Request: chat not found") from None
        return (kind, chat_id, user_id)

    def _api_set_my_commands(self, call: _Call) -> bool:
        commands = call.get_json("commands", "Bad Request: can't parse commands JSON object")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError("Bad Request: can't parse commands JSON object")
        clean: list[JSONDict] = []
        for item in commands:
            if not isinstance(item, dict):
                raise _ApiError("Bad Request: can't parse commands JSON object")
            command, description = item.get("command"), item.get("description")
            if not isinstance(command, str) or not _BOT_COMMAND_RE.fullmatch(command):
                raise _ApiError("Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _ApiError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": command, "description": description})
        key = self._scope_key(call)
        if clean:
            self._commands[key] = clean
        else:
            self._commands.pop(key, None)
        return True

    def _api_get_my_commands(self, call: _Call) -> list[JSONDict]:
        return [dict(c) for c in self._commands.get(self._scope_key(call), ())]

    def _api_delete_my_commands(self, call: _Call) -> bool:
        self._commands.pop(self._scope_key(call), None)
        return True

    def _api_set_chat_menu_button(self, call: _Call) -> bool:
        chat_id = self._chat_id(call, check_blocked=False) if call.has("chat_id") else None
        button = call.get_json("menu_button", "Bad Request: can't parse menu button JSON object")
        if button is None:
            self._menu_buttons.pop(chat_id, None)
            return True
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise _ApiError("Bad Request: can't parse menu button JSON object")
        self._menu_buttons[chat_id] = button
        return True

    def _api_get_chat_menu_button(self, call: _Call) -> JSONDict:
        chat_id = self._chat_id(call, check_blocked=False) if call.has("chat_id") else None
        button = self._menu_buttons.get(chat_id) or self._menu_buttons.get(None)
        return dict(button) if button else {"type": "default"}

    def _api_set_bot_text(self, key: str) -> Callable[[_Call], bool]:
        def handler(call: _Call) -> bool:
            self._bot_texts[key] = call.get_str(key) or ""
            return True

        return handler

    def _api_get_bot_text(self, key: str) -> Callable[[_Call], JSONDict]:
        def handler(call: _Call) -> JSONDict:
            default = self._bot_user["first_name"] if key == "name" else ""
            return {key: self._bot_texts.get(key) or default}

        return handler

    def _api_get_chat(self, call: _Call) -> JSONDict:
        _, chat = self._user(self._chat_id(call, check_blocked=False))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # --- simulator API -------------------------------------------------------------------------

    @staticmethod
    def _sim_route(handler: SimHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def route(request: web.Request) -> web.Response:
            try:
                body = await handler(request)
            except LookupError as exc:
                return web.json_response({"error": str(exc).strip("'\"")}, status=404)
            except ValueError as exc:
                return web.json_response({"error": str(exc)}, status=400)
            return web.json_response(body)

        return route

    async def _sim_send(self, request: web.Request) -> JSONDict:
        params, _ = await _read_params(request)
        text = params.get("text")
        if not isinstance(text, str):
            raise ValueError("text must be a non-empty string")
        return self.send_text(params.get("user_id"), text)  # type: ignore[arg-type]

    async def _sim_upload(self, request: web.Request, kind: Literal["photo", "document"]) -> dict:
        params, files = await _read_params(request)
        upload = files.get("file")
        if upload is None:
            raise ValueError("a multipart 'file' part is required")
        caption = params.get("caption")
        return self.send_file(
            params.get("user_id"),  # type: ignore[arg-type]
            kind,
            upload.data,
            upload.filename,
            caption if isinstance(caption, str) and caption else None,
            upload.content_type,
        )

    async def _sim_send_photo(self, request: web.Request) -> JSONDict:
        return await self._sim_upload(request, "photo")

    async def _sim_send_document(self, request: web.Request) -> JSONDict:
        return await self._sim_upload(request, "document")

    async def _sim_click(self, request: web.Request) -> JSONDict:
        params, _ = await _read_params(request)
        button = params.get("button")
        if not isinstance(button, str) or not button:
            raise ValueError("button must be a non-empty string")
        return self.click(
            params.get("user_id"),  # type: ignore[arg-type]
            _as_int(params.get("message_id"), "message_id"),
            button,
        )

    async def _sim_messages(self, request: web.Request) -> JSONDict:
        user_id = _as_int(request.query.get("user_id"), "user_id")
        after = _as_int(request.query.get("after", "0"), "after")
        return {"messages": self.messages(user_id, after)}

    async def _sim_settle(self, request: web.Request) -> JSONDict:
        params, _ = await _read_params(request)
        raw = params.get("timeout", 10)
        try:
            timeout = float(raw)
        except (TypeError, ValueError):
            raise ValueError("timeout must be a number") from None
        return {"settled": await self.settle(min(max(timeout, 0.0), 300.0))}

    async def _sim_sms(self, request: web.Request) -> JSONDict:
        return {"sms": await self._sms_source() if self._sms_source else []}

    async def _sim_emails(self, request: web.Request) -> JSONDict:
        return {"emails": await self._emails_source() if self._emails_source else []}

    async def _sim_personas(self, request: web.Request) -> JSONDict:
        return {"personas": [dict(p) for p in self._personas.values()]}

    async def _sim_commands(self, request: web.Request) -> JSONDict:
        return {"commands": self.commands_for(_as_int(request.query.get("user_id"), "user_id"))}

    async def _sim_alerts(self, request: web.Request) -> JSONDict:
        user_id = _as_int(request.query.get("user_id"), "user_id")
        after = _as_int(request.query.get("after", "0"), "after")
        return {"alerts": self.alerts(user_id, after)}

    async def _sim_changes(self, request: web.Request) -> JSONDict:
        user_id = _as_int(request.query.get("user_id"), "user_id")
        since = _as_int(request.query.get("since", "0"), "since")
        epoch = request.query.get("epoch")
        if epoch and epoch != self._epoch:
            since = self._revision + 1  # the page saw another run of the emulator: start over
        raw = request.query.get("timeout", "0")
        try:
            timeout = float(raw)
        except ValueError:
            timeout = math.nan
        if not math.isfinite(timeout):
            raise ValueError("timeout must be a number of seconds")
        return await self.wait_changes(user_id, since, timeout)

    async def _sim_redeliver(self, request: web.Request) -> JSONDict:
        params, _ = await _read_params(request)
        return self.redeliver(_as_int(params.get("update_id"), "update_id"))

    async def _sim_block(self, request: web.Request) -> JSONDict:
        params, _ = await _read_params(request)
        blocked = params.get("blocked", True)
        if isinstance(blocked, str):
            blocked = blocked.strip().lower() in ("true", "1", "yes")
        user_id = self._check_user_id(params.get("user_id"))
        self.block(user_id, bool(blocked))
        return {"user_id": user_id, "blocked": bool(blocked)}

    async def _sim_health(self, request: web.Request) -> JSONDict:
        return {"ok": True}

    async def _handle_sim_file(self, request: web.Request) -> web.Response:
        stored = self._files.get(request.match_info["file_id"])
        if stored is None:
            return web.json_response({"error": "no such file"}, status=404)
        disposition = f"inline; filename*=UTF-8''{quote(stored.file_name)}"
        return web.Response(
            body=stored.data,
            content_type=stored.mime_type,
            headers={"Content-Disposition": disposition},
        )

    async def _handle_email_image(self, request: web.Request) -> web.Response:
        """An inline image of an e-mail (its `images` map names these URLs)."""
        found = None
        if self._email_image_source is not None:
            found = await self._email_image_source(request.match_info["name"])
        if found is None:
            return web.json_response({"error": "no such image"}, status=404)
        data, mime_type = found
        return web.Response(body=data, content_type=mime_type)

    # --- web chat ------------------------------------------------------------------------------

    def _static_file(self, relative: str) -> pathlib.Path | None:
        """Resolve a path inside static_dir (None if outside it or not a file)."""
        if self._static_dir is None:
            return None
        root = self._static_dir.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return target

    async def _handle_index(self, request: web.Request) -> web.StreamResponse:
        index = await asyncio.to_thread(self._static_file, "index.html")
        if index is None:
            return web.Response(text=_NOT_BUILT_PAGE, content_type="text/html")
        # As a header, not only the page's <meta>: it is then in force before the first byte is
        # parsed, and the sandboxed e-mail previews (srcdoc frames) inherit it.
        return web.FileResponse(index, headers={"Content-Security-Policy": WEB_CHAT_CSP})

    async def _handle_static(self, request: web.Request) -> web.StreamResponse:
        relative = request.match_info["path"]
        if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
            raise web.HTTPNotFound()
        target = await asyncio.to_thread(self._static_file, relative)
        if target is None:
            raise web.HTTPNotFound()
        return web.FileResponse(target)


def _check_button(button: Any) -> JSONDict:
    """Validate one inline keyboard button like Telegram does."""
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise _ApiError(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise _ApiError(prefix + 'Field "text" must be of type String')
    clean = {k: v for k, v in button.items() if v is not None}
    if not any(action in clean for action in _BUTTON_ACTIONS):
        raise _ApiError(prefix + "Text buttons are unallowed in the inline keyboard")
    if "callback_data" in clean:
        data = clean["callback_data"]
        if not isinstance(data, str) or not data:
            raise _ApiError("Bad Request: BUTTON_DATA_INVALID")
        if len(data.encode("utf-8")) > _MAX_CALLBACK_BYTES:
            raise _ApiError("Bad Request: BUTTON_DATA_INVALID")
    if "url" in clean and (not isinstance(clean["url"], str) or not clean["url"].strip()):
        raise _ApiError("Bad Request: BUTTON_URL_INVALID")
    return clean
