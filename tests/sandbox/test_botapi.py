"""The Bot API over real HTTP: methods, bodies, long polling, commands, and PTB against it."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from sandbox import BotApiEmulator
from tests.sandbox.helpers import (
    TOKEN,
    USER,
    bot_api,
    download,
    keyboard,
    png_bytes,
    send_bot_message,
    sim,
)

# --- basics ---------------------------------------------------------------------------------


async def test_get_me_describes_the_bot(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{emu.base_url}{TOKEN}/getMe") as resp:
        body = await resp.json()
    assert resp.status == 200
    assert body["ok"] is True
    me = body["result"]
    assert me["id"] == 123456
    assert me["is_bot"] is True
    assert me["username"] == "conserjeria_demo_bot"
    assert {"first_name", "can_join_groups", "supports_inline_queries"} <= me.keys()
    assert emu.api_calls["getMe"] == 1


async def test_method_names_are_case_insensitive(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    status, body = await bot_api(http, emu, "GETME")
    assert status == 200
    assert body["result"]["is_bot"] is True


@pytest.mark.parametrize(
    ("token", "method"),
    [(TOKEN, "sendNothing"), ("not-a-token", "getMe"), ("abc:def", "getMe"), (TOKEN, "")],
)
async def test_unknown_method_or_bad_token_is_404(
    emu: BotApiEmulator, http: aiohttp.ClientSession, token: str, method: str
) -> None:
    status, body = await bot_api(http, emu, method, token=token)
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_other_spec_methods_answer_true(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    status, body = await bot_api(http, emu, "setMyDefaultAdministratorRights")
    assert (status, body) == (200, {"ok": True, "result": True})


async def test_unknown_users_get_a_default_name(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    emu.send_text(777, "hola")
    _, body = await bot_api(http, emu, "getUpdates")
    message = body["result"][0]["message"]
    assert message["from"]["first_name"] == "Usuario 777"
    assert message["chat"] == {"id": 777, "type": "private", "first_name": "Usuario 777"}


# --- request bodies -------------------------------------------------------------------------


async def test_form_body_with_json_strings(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    message = await send_bot_message(
        http, emu, "Elige", reply_markup=keyboard(("Sí", "yes"), ("No", "no"))
    )
    assert message["chat"] == {
        "id": USER,
        "type": "private",
        "first_name": "Carla",
        "last_name": "Conserje",
    }
    assert message["from"]["is_bot"] is True
    assert isinstance(message["date"], int)
    assert message["reply_markup"]["inline_keyboard"][1][0]["callback_data"] == "no"
    [view] = emu.messages(USER)
    assert view["buttons"] == [
        [{"text": "Sí", "callback_data": "yes", "url": None}],
        [{"text": "No", "callback_data": "no", "url": None}],
    ]


async def test_json_body(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    markup = {"inline_keyboard": [[{"text": "Web", "url": "https://example.com"}]]}
    status, body = await bot_api(
        http,
        emu,
        "sendMessage",
        json_body={"chat_id": USER, "text": "hola", "reply_markup": markup},
    )
    assert status == 200
    assert body["result"]["text"] == "hola"
    assert emu.messages(USER)[0]["buttons"] == [
        [{"text": "Web", "callback_data": None, "url": "https://example.com"}]
    ]


async def test_multipart_body_without_files(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    form = aiohttp.FormData(default_to_multipart=True)
    form.add_field("chat_id", str(USER))
    form.add_field("text", "por multipart ñandú")
    status, body = await bot_api(http, emu, "sendMessage", data=form)
    assert status == 200
    assert body["result"]["text"] == "por multipart ñandú"


async def test_query_string_parameters(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    url = f"{emu.base_url}{TOKEN}/sendMessage"
    async with http.get(url, params={"chat_id": str(USER), "text": "por GET"}) as resp:
        body = await resp.json()
    assert body["ok"] is True
    assert emu.messages(USER)[0]["text"] == "por GET"


async def test_reply_keyboard_is_stored(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    markup = json.dumps({"keyboard": [["Sí", {"text": "No"}]], "one_time_keyboard": True})
    message = await send_bot_message(http, emu, "¿Confirmas?", reply_markup=markup)
    assert "reply_markup" not in message  # Telegram only echoes inline keyboards
    [view] = emu.messages(USER)
    assert view["reply_keyboard"] == ["Sí", "No"]
    assert view["buttons"] == []


# --- getUpdates -----------------------------------------------------------------------------


async def _until_polling(emu: BotApiEmulator, poll: asyncio.Task[Any]) -> None:
    """Return once the emulator holds `poll` waiting (it counts the call, then waits)."""
    while not emu.api_calls["getUpdates"]:
        assert not poll.done()
        await asyncio.sleep(0.01)


async def test_long_poll_returns_when_an_update_arrives(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    # A 60 s long poll that answered within the guard below was woken by the update; no
    # timing is asserted beyond that (a loaded machine may be slow, never 60 s slow).
    poll = asyncio.create_task(bot_api(http, emu, "getUpdates", data={"timeout": "60"}))
    await _until_polling(emu, poll)
    assert not poll.done()
    _, sent = await sim(http, emu, "send", {"user_id": USER, "text": "despierta"})
    status, body = await asyncio.wait_for(poll, 30)
    assert status == 200
    assert [u["update_id"] for u in body["result"]] == [sent["update_id"]]


async def test_long_poll_times_out_empty(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    started = time.monotonic()
    status, body = await bot_api(http, emu, "getUpdates", data={"timeout": "1"})
    assert (status, body["result"]) == (200, [])
    # It waited its timeout: a lower bound only, which load can never break.
    assert time.monotonic() - started >= 0.9


async def test_stop_releases_a_pending_long_poll(http: aiohttp.ClientSession) -> None:
    emulator = BotApiEmulator()
    await emulator.start()
    poll = asyncio.create_task(bot_api(http, emulator, "getUpdates", data={"timeout": "60"}))
    await _until_polling(emulator, poll)
    await asyncio.wait_for(emulator.stop(), 30)
    status, body = await asyncio.wait_for(poll, 30)
    assert (status, body) == (200, {"ok": True, "result": []})


async def test_offset_confirms_earlier_updates(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    ids = [emu.send_text(USER, f"m{i}")["update_id"] for i in range(3)]
    _, body = await bot_api(http, emu, "getUpdates", data={"limit": "2"})
    assert [u["update_id"] for u in body["result"]] == ids[:2]
    # unconfirmed updates come back
    _, body = await bot_api(http, emu, "getUpdates")
    assert [u["update_id"] for u in body["result"]] == ids
    _, body = await bot_api(http, emu, "getUpdates", data={"offset": str(ids[1])})
    assert [u["update_id"] for u in body["result"]] == ids[1:]
    _, body = await bot_api(http, emu, "getUpdates")
    assert [u["update_id"] for u in body["result"]] == ids[1:]
    _, body = await bot_api(http, emu, "getUpdates", data={"offset": str(ids[-1] + 1)})
    assert body["result"] == []
    _, info = await bot_api(http, emu, "getWebhookInfo")
    assert info["result"]["pending_update_count"] == 0


async def test_redeliver_reuses_the_update_id(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    sent = emu.send_text(USER, "una vez")
    _, first = await bot_api(http, emu, "getUpdates")
    _, confirmed = await bot_api(
        http, emu, "getUpdates", data={"offset": str(sent["update_id"] + 1)}
    )
    assert confirmed["result"] == []
    status, answer = await sim(http, emu, "redeliver", {"update_id": sent["update_id"]})
    assert (status, answer) == (200, {"update_id": sent["update_id"]})
    newer = emu.send_text(USER, "otra")
    _, again = await bot_api(http, emu, "getUpdates", data={"offset": str(sent["update_id"] + 1)})
    # the duplicate comes first, so the bot's next offset still confirms the newer update
    assert [u["update_id"] for u in again["result"]] == [sent["update_id"], newer["update_id"]]
    assert again["result"][0] == first["result"][0]
    _, done = await bot_api(http, emu, "getUpdates", data={"offset": str(newer["update_id"] + 1)})
    assert done["result"] == []
    assert (await sim(http, emu, "redeliver", {"update_id": 9999}))[0] == 404


async def test_webhook_blocks_get_updates(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    await bot_api(http, emu, "setWebhook", data={"url": "https://example.com/hook"})
    _, info = await bot_api(http, emu, "getWebhookInfo")
    assert info["result"]["url"] == "https://example.com/hook"
    status, body = await bot_api(http, emu, "getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict:")
    emu.send_text(USER, "hola")
    await bot_api(http, emu, "deleteWebhook", data={"drop_pending_updates": "true"})
    status, body = await bot_api(http, emu, "getUpdates")
    assert (status, body["result"]) == (200, [])


async def test_settle(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    sent = emu.send_text(USER, "hola")
    assert await emu.settle(0.3) is False  # nobody took the update
    await bot_api(http, emu, "getUpdates")
    started = time.monotonic()
    status, body = await sim(http, emu, "settle", {"timeout": 5})
    assert (status, body) == (200, {"settled": True})
    assert time.monotonic() - started >= 0.15  # waited for a quiet period
    await bot_api(http, emu, "getUpdates", data={"offset": str(sent["update_id"] + 1)})
    assert await emu.settle(2) is True


# --- commands -------------------------------------------------------------------------------


async def test_commands_per_scope(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    def commands(*names: str) -> str:
        return json.dumps([{"command": n, "description": f"Comando {n}"} for n in names])

    assert emu.commands_for(USER) == []
    await bot_api(http, emu, "setMyCommands", data={"commands": commands("start")})
    assert [c["command"] for c in emu.commands_for(USER)] == ["start"]
    await bot_api(
        http,
        emu,
        "setMyCommands",
        data={"commands": commands("start", "ayuda"), "scope": '{"type": "all_private_chats"}'},
    )
    scope = json.dumps({"type": "chat", "chat_id": str(USER)})
    status, body = await bot_api(
        http, emu, "setMyCommands", data={"commands": commands("conserje"), "scope": scope}
    )
    assert status == 200
    assert [c["command"] for c in emu.commands_for(USER)] == ["conserje"]
    assert [c["command"] for c in emu.commands_for(1002)] == ["start", "ayuda"]
    status, listed = await sim(http, emu, f"commands?user_id={USER}")
    assert listed == {"commands": [{"command": "conserje", "description": "Comando conserje"}]}
    _, got = await bot_api(http, emu, "getMyCommands", data={"scope": scope})
    assert got["result"] == [{"command": "conserje", "description": "Comando conserje"}]
    await bot_api(http, emu, "deleteMyCommands", data={"scope": scope})
    assert [c["command"] for c in emu.commands_for(USER)] == ["start", "ayuda"]
    status, body = await bot_api(
        http, emu, "setMyCommands", data={"commands": commands("Mal Comando")}
    )
    assert (status, body["description"]) == (400, "Bad Request: BOT_COMMAND_INVALID")


# --- python-telegram-bot end to end ---------------------------------------------------------


async def test_python_telegram_bot_end_to_end(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        CommandHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        button = InlineKeyboardButton("Comprar", callback_data="buy:bolsa100")
        await update.message.reply_text(
            f"<b>Hola</b> {update.message.from_user.first_name}",
            parse_mode="HTML",
            reply_markup=InlineKeyboardMarkup([[button]]),
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.text is not None
        await update.message.reply_text(update.message.text)

    async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        file = await update.message.photo[-1].get_file()
        data = bytes(await file.download_as_bytearray())
        await update.message.reply_photo(data, caption=f"Recibí {len(data)} bytes")

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Listo")
        await query.edit_message_text(f"Elegiste {query.data}")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(emu.base_url)
        .base_file_url(emu.file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    app.add_handler(CallbackQueryHandler(button))
    image = png_bytes(32, 32)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            _, started = await sim(http, emu, "send", {"user_id": USER, "text": "/start"})
            await sim(http, emu, "send", {"user_id": USER, "text": "eco ñandú"})
            form = aiohttp.FormData()
            form.add_field("user_id", str(USER))
            form.add_field("file", image, filename="foto.png", content_type="image/png")
            await sim(http, emu, "send_photo", data=form)
            assert await emu.settle(10) is True
            _, listing = await sim(http, emu, f"messages?user_id={USER}")
            bot_views = [v for v in listing["messages"] if v["from"] == "bot"]
            assert [v["text"] or v["caption"] for v in bot_views] == [
                "Hola Carla",
                "eco ñandú",
                f"Recibí {len(image)} bytes",
            ]
            welcome = bot_views[0]
            assert welcome["message_id"] > started["message_id"]
            assert welcome["html"] == "<b>Hola</b> Carla"
            assert welcome["buttons"][0][0]["callback_data"] == "buy:bolsa100"
            assert bot_views[2]["photo"]["width"] == 32
            # PTB uploads raw bytes as "application.octet-stream"; the emulator sniffs the image
            status, data, content_type = await download(
                http, emu.root_url + bot_views[2]["photo"]["url"]
            )
            assert (status, data, content_type) == (200, image, "image/png")
            status, _ = await sim(
                http,
                emu,
                "click",
                {"user_id": USER, "message_id": welcome["message_id"], "button": "Comprar"},
            )
            assert status == 200
            assert await emu.settle(10) is True
            edited = next(
                m for m in emu.messages(USER) if m["message_id"] == welcome["message_id"]
            )
            assert (edited["text"], edited["edited"], edited["buttons"]) == (
                "Elegiste buy:bolsa100",
                True,
                [],
            )
            assert emu.api_calls["answerCallbackQuery"] == 1
            assert emu.api_calls["getMe"] >= 1
        finally:
            await app.updater.stop()
            await app.stop()
