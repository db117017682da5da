"""The Bot API, served at `/bot<token>/<method>` and `/file/bot<token>/<path>` as Telegram does.

Method names and their required parameters come from the official method list shipped beside
this module (`api.min.json`, MIT licence in `API_SPEC_LICENSE`): like Telegram, an unknown method
is 404 and a missing required parameter 400. Methods the bot never needs answer `true`. This
module also holds the methods about the bot itself (updates, webhook, commands, menu button,
names); `sandbox.messages` holds those about messages.
"""

from __future__ import annotations

import asyncio
import json
import pathlib
import time
from typing import Any

from aiohttp import web

from sandbox.calls import Call, as_int, error_response, not_found, read_params
from sandbox.files import file_response
from sandbox.limits import (
    BOT_COMMAND_RE,
    MAX_POLL_SECONDS,
    MISSING_PARAM,
    TOKEN_RE,
    ApiError,
    JSONDict,
)
from sandbox.messages import MESSAGE_METHODS, Method, chat_id_of
from sandbox.state import SandboxState, ScopeKey

SPEC_FILE = pathlib.Path(__file__).with_name("api.min.json")


def load_methods() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Lower-cased method name → (its spelling, its required parameters), from the spec."""
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    return {
        name.lower(): (
            name,
            tuple(f["name"] for f in method.get("fields", ()) if f.get("required")),
        )
        for name, method in spec["methods"].items()
    }


class BotApi:
    """Serves the Bot API over one `SandboxState`."""

    def __init__(self, state: SandboxState) -> None:
        self._state = state
        self._methods = load_methods()

    async def handle(self, request: web.Request) -> web.Response:
        """`/bot<token>/<method>`: one Bot API call."""
        state = self._state
        if not TOKEN_RE.match(request.match_info["token"]):
            return not_found()
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return not_found()
        name, required = entry
        try:
            params, files = await read_params(request)
        except ValueError:
            return error_response(ApiError("Bad Request: can't parse JSON body"))
        state.api_calls[name] += 1
        if name != "getUpdates":
            state.last_activity = time.monotonic()
        call = Call(params, files)
        try:
            for param in required:
                if not call.has(param):
                    raise ApiError(MISSING_PARAM.get(param, f"Bad Request: {param} is required"))
            if name == "getUpdates":
                result: Any = await get_updates(state, call)
            else:
                handler = METHODS.get(name)
                result = handler(state, call) if handler is not None else True
        except ApiError as exc:
            return error_response(exc)
        return web.json_response({"ok": True, "result": result})

    async def handle_file(self, request: web.Request) -> web.Response:
        """`/file/bot<token>/<path>`: download a file getFile pointed to."""
        if not TOKEN_RE.match(request.match_info["token"]):
            return not_found()
        stored = self._state.files.by_path.get(request.match_info["path"])
        if stored is None:
            return not_found()
        return await file_response(stored)


# --- the bot and its updates ---------------------------------------------------------------


def get_me(state: SandboxState, call: Call) -> JSONDict:
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


async def get_updates(state: SandboxState, call: Call) -> list[JSONDict]:
    """Long polling: confirm by offset, then wait up to `timeout` for new updates."""
    if state.webhook_url:
        raise ApiError(
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
            409,
        )
    offset = call.get_int("offset", "Bad Request: invalid offset specified") or 0
    limit = call.get_int("limit", "Bad Request: invalid limit specified") or 100
    limit = min(max(limit, 1), 100)
    timeout = min(max(call.get_float("timeout") or 0.0, 0.0), MAX_POLL_SECONDS)
    state.confirm(offset)
    batch = state.take(limit)
    if batch or timeout <= 0:
        return batch
    deadline = time.monotonic() + timeout
    while not batch and not state.closing:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        state.new_update.clear()
        try:
            async with asyncio.timeout(remaining):
                await state.new_update.wait()
        except TimeoutError:
            break
        batch = state.take(limit)
    return batch


def _drop_pending_if_asked(state: SandboxState, call: Call) -> None:
    if call.get_bool("drop_pending_updates"):
        state.pending.clear()
        state.redeliveries.clear()


def delete_webhook(state: SandboxState, call: Call) -> bool:
    state.webhook_url = ""
    _drop_pending_if_asked(state, call)
    return True


def set_webhook(state: SandboxState, call: Call) -> bool:
    state.webhook_url = call.get_str("url") or ""
    _drop_pending_if_asked(state, call)
    return True


def get_webhook_info(state: SandboxState, call: Call) -> JSONDict:
    return {
        "url": state.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.pending) + len(state.redeliveries),
    }


# --- commands, menu button, names ----------------------------------------------------------


def _scope_key(call: Call) -> ScopeKey:
    scope = call.get_json("scope", "Bad Request: can't parse BotCommandScope JSON object")
    if scope is None:
        return ("default", None, None)
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise ApiError("Bad Request: can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
        return (kind, None, None)
    if kind not in ("chat", "chat_administrators", "chat_member"):
        raise ApiError("Bad Request: unsupported BotCommandScope type")
    try:
        chat_id = as_int(scope.get("chat_id"), "chat_id")
        user_id = as_int(scope["user_id"], "user_id") if kind == "chat_member" else None
    except (KeyError, ValueError):
        raise ApiError("Bad Request: chat not found") from None
    return (kind, chat_id, user_id)


def set_my_commands(state: SandboxState, call: Call) -> bool:
    commands = call.get_json("commands", "Bad Request: can't parse commands JSON object")
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError("Bad Request: can't parse commands JSON object")
    clean: list[JSONDict] = []
    for item in commands:
        if not isinstance(item, dict):
            raise ApiError("Bad Request: can't parse commands JSON object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not BOT_COMMAND_RE.fullmatch(command):
            raise ApiError("Bad Request: BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise ApiError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        clean.append({"command": command, "description": description})
    key = _scope_key(call)
    if clean:
        state.commands[key] = clean
    else:
        state.commands.pop(key, None)
    return True


def get_my_commands(state: SandboxState, call: Call) -> list[JSONDict]:
    return [dict(c) for c in state.commands.get(_scope_key(call), ())]


def delete_my_commands(state: SandboxState, call: Call) -> bool:
    state.commands.pop(_scope_key(call), None)
    return True


def set_chat_menu_button(state: SandboxState, call: Call) -> bool:
    chat_id = chat_id_of(state, call, check_blocked=False) if call.has("chat_id") else None
    button = call.get_json("menu_button", "Bad Request: can't parse menu button JSON object")
    if button is None:
        state.menu_buttons.pop(chat_id, None)
        return True
    if not isinstance(button, dict) or button.get("type") not in (
        "commands",
        "web_app",
        "default",
    ):
        raise ApiError("Bad Request: can't parse menu button JSON object")
    state.menu_buttons[chat_id] = button
    return True


def get_chat_menu_button(state: SandboxState, call: Call) -> JSONDict:
    chat_id = chat_id_of(state, call, check_blocked=False) if call.has("chat_id") else None
    button = state.menu_buttons.get(chat_id) or state.menu_buttons.get(None)
    return dict(button) if button else {"type": "default"}


def set_bot_text(key: str) -> Method:
    """setMyName, setMyDescription or setMyShortDescription."""

    def handler(state: SandboxState, call: Call) -> bool:
        state.bot_texts[key] = call.get_str(key) or ""
        return True

    return handler


def get_bot_text(key: str) -> Method:
    """getMyName, getMyDescription or getMyShortDescription."""

    def handler(state: SandboxState, call: Call) -> JSONDict:
        default = state.bot_user["first_name"] if key == "name" else ""
        return {key: state.bot_texts.get(key) or default}

    return handler


def get_chat(state: SandboxState, call: Call) -> JSONDict:
    _, chat = state.user(chat_id_of(state, call, check_blocked=False))
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


# getUpdates is async and served apart, in `BotApi.handle`.
METHODS: dict[str, Method] = {
    "getMe": get_me,
    "deleteWebhook": delete_webhook,
    "setWebhook": set_webhook,
    "getWebhookInfo": get_webhook_info,
    **MESSAGE_METHODS,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "setMyName": set_bot_text("name"),
    "setMyDescription": set_bot_text("description"),
    "setMyShortDescription": set_bot_text("short_description"),
    "getMyName": get_bot_text("name"),
    "getMyDescription": get_bot_text("description"),
    "getMyShortDescription": get_bot_text("short_description"),
    "getChat": get_chat,
}
