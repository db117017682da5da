"""One Bot API call: its parameters whatever the body encoding, and Telegram's checks of them.

python-telegram-bot sends form-encoded bodies (nested objects as JSON strings) and multipart for
uploads; curl and tests send JSON. All of them read the same here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, web

from sandbox.limits import (
    BUTTON_ACTIONS,
    MAX_CALLBACK_BYTES,
    MAX_CAPTION,
    MAX_TEXT,
    MSG_BAD_MARKUP,
    ApiError,
    JSONDict,
)
from sandbox.telegram_html import HtmlParseError, parse_html


@dataclass(slots=True)
class Upload:
    data: bytes
    filename: str
    content_type: str | None


class Call:
    """The parameters of one Bot API call, whatever the body encoding."""

    __slots__ = ("files", "params")

    def __init__(self, params: JSONDict, files: dict[str, Upload]) -> None:
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
            raise ApiError(error)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise ApiError(error) from None

    def get_float(self, name: str) -> float | None:
        value = self.params.get(name)
        if value is None or value == "" or isinstance(value, bool):
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ApiError(f"Bad Request: invalid {name} specified") from None

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
                raise ApiError(error) from None
        return value


async def read_params(request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
    """Query string plus a JSON, urlencoded or multipart body; raises ValueError on bad JSON."""
    params: JSONDict = dict(request.query) if request.query_string else {}
    files: dict[str, Upload] = {}
    if not request.can_read_body:
        return params, files
    content_type = request.content_type
    if content_type == "application/json":
        params.update(await _json_object(request))
    elif content_type == "multipart/form-data":
        form, files = await _multipart(request)
        params.update(form)
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


class UnsupportedBody(Exception):
    """A simulator call whose body is not of the one type it accepts (answered 415)."""


async def read_json_body(request: web.Request) -> JSONDict:
    """A simulator call's JSON object: `application/json`, or an empty body (`{}`).

    A web page on another site can send a form or `text/plain` without asking the browser's
    leave, never JSON: so no other body is read, and the query string neither.
    """
    if not request.can_read_body:
        return {}
    if request.content_type != "application/json":
        raise UnsupportedBody("send a JSON body (Content-Type: application/json)")
    return await _json_object(request)


async def read_upload_form(request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
    """A simulator upload's `multipart/form-data` fields and files (nothing else is read)."""
    if request.content_type != "multipart/form-data" or not request.can_read_body:
        raise UnsupportedBody("send the file as multipart/form-data")
    return await _multipart(request)


async def _json_object(request: web.Request) -> JSONDict:
    body = await request.json()
    if not isinstance(body, dict):
        raise ValueError("the JSON body must be an object")
    return body


async def _multipart(request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
    params: JSONDict = {}
    files: dict[str, Upload] = {}
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or not part.name:
            continue
        if part.filename is not None:
            files[part.name] = Upload(
                data=bytes(await part.read(decode=True)),
                filename=part.filename,
                content_type=part.headers.get("Content-Type"),
            )
        else:
            params[part.name] = await part.text()
    return params, files


def as_int(value: Any, name: str) -> int:
    """An integer parameter (an int or its digits); ValueError naming it otherwise."""
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


def error_response(exc: ApiError) -> web.Response:
    """A refusal in Telegram's shape: `{"ok": false, "error_code", "description"}`."""
    body = {"ok": False, "error_code": exc.code, "description": exc.description}
    return web.json_response(body, status=exc.code)


def not_found() -> web.Response:
    """What Telegram answers to an unknown method, token or file path."""
    return error_response(ApiError("Not Found", 404))


def parse_text(
    call: Call, text_key: str, entities_key: str, *, is_caption: bool
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
            raise ApiError("Bad Request: can't parse entities JSON object")
        text, entities = raw, [dict(e) for e in explicit]
    elif parse_mode == "html":
        try:
            text, entities = parse_html(raw)
        except HtmlParseError as exc:
            raise ApiError(f"Bad Request: can't parse entities: {exc}") from None
        source = raw
    elif parse_mode in ("", "markdown", "markdownv2"):
        text, entities = raw, []
    else:
        raise ApiError("Bad Request: unsupported parse_mode")
    if is_caption:
        if len(text) > MAX_CAPTION:
            raise ApiError("Bad Request: message caption is too long")
    else:
        if not text.strip():
            raise ApiError("Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError("Bad Request: message is too long")
    return text, entities, source


def parse_markup(call: Call) -> JSONDict | None:
    """Validate reply_markup; inline keyboards are normalised to {"inline_keyboard": rows}."""
    value = call.get_json("reply_markup", MSG_BAD_MARKUP)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(MSG_BAD_MARKUP)
    if "inline_keyboard" in value:
        rows = value["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(MSG_BAD_MARKUP)
        clean = [[check_button(button) for button in row] for row in rows]
        return {"inline_keyboard": [row for row in clean if row]}
    if "keyboard" in value:
        rows = value["keyboard"]
        if not isinstance(rows, list) or not all(
            isinstance(row, list)
            and all(isinstance(b, str) or (isinstance(b, dict) and "text" in b) for b in row)
            for row in rows
        ):
            raise ApiError(MSG_BAD_MARKUP)
        return value
    if value.get("remove_keyboard") or value.get("force_reply"):
        return value
    raise ApiError(MSG_BAD_MARKUP)


def check_button(button: Any) -> JSONDict:
    """Validate one inline keyboard button like Telegram does."""
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise ApiError(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise ApiError(prefix + 'Field "text" must be of type String')
    clean = {k: v for k, v in button.items() if v is not None}
    if not any(action in clean for action in BUTTON_ACTIONS):
        raise ApiError(prefix + "Text buttons are unallowed in the inline keyboard")
    if "callback_data" in clean:
        data = clean["callback_data"]
        if not isinstance(data, str) or not data:
            raise ApiError("Bad Request: BUTTON_DATA_INVALID")
        if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
            raise ApiError("Bad Request: BUTTON_DATA_INVALID")
    if "url" in clean and (not isinstance(clean["url"], str) or not clean["url"].strip()):
        raise ApiError("Bad Request: BUTTON_URL_INVALID")
    return clean
