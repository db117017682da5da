"""Calls to the emulator over real HTTP, shared by the sandbox's tests."""

from __future__ import annotations

import io
import json
from typing import Any

import aiohttp
from PIL import Image

from sandbox import BotApiEmulator

TOKEN = "123456:sandbox"


USER = 1003


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


async def bot_api(
    http: aiohttp.ClientSession,
    emu: BotApiEmulator,
    method: str,
    *,
    data: Any = None,
    json_body: Any = None,
    token: str = TOKEN,
) -> tuple[int, dict[str, Any]]:
    """POST one Bot API call; returns (HTTP status, JSON body)."""
    async with http.post(f"{emu.base_url}{token}/{method}", data=data, json=json_body) as resp:
        return resp.status, await resp.json()


async def sim(
    http: aiohttp.ClientSession,
    emu: BotApiEmulator,
    path: str,
    body: Any = None,
    *,
    data: Any = None,
) -> tuple[int, Any]:
    """Call the simulator API (GET when no body is given)."""
    url = f"{emu.root_url}/sandbox/api/{path}"
    if body is None and data is None:
        async with http.get(url) as resp:
            return resp.status, await resp.json()
    async with http.post(url, json=body, data=data) as resp:
        return resp.status, await resp.json()


async def send_bot_message(
    http: aiohttp.ClientSession, emu: BotApiEmulator, text: str, **extra: Any
) -> dict[str, Any]:
    status, body = await bot_api(
        http, emu, "sendMessage", data={"chat_id": str(USER), "text": text, **extra}
    )
    assert status == 200, body
    return body["result"]


def keyboard(*buttons: tuple[str, str]) -> str:
    rows = [[{"text": text, "callback_data": data}] for text, data in buttons]
    return json.dumps({"inline_keyboard": rows})


async def download(http: aiohttp.ClientSession, url: str) -> tuple[int, bytes, str]:
    async with http.get(url) as resp:
        return resp.status, await resp.read(), resp.content_type


async def changes(
    http: aiohttp.ClientSession, emu: BotApiEmulator, **query: Any
) -> dict[str, Any]:
    params = {k: str(v) for k, v in {"user_id": USER, **query}.items()}
    async with http.get(f"{emu.root_url}/sandbox/api/changes", params=params) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()
