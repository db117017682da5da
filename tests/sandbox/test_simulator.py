"""The simulator API over real HTTP: people writing and clicking, personas, outboxes, live view."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from sandbox import BotApiEmulator
from tests.sandbox.helpers import (
    USER,
    bot_api,
    changes,
    keyboard,
    send_bot_message,
    sim,
)

# --- personas and outboxes ------------------------------------------------------------------


async def test_health_personas_sms_and_emails(http: aiohttp.ClientSession) -> None:
    async def sms() -> list[dict]:
        return [{"to": "+56961234567", "body": "Hola", "status": "sent", "created_at": "x"}]

    emulator = BotApiEmulator(sms_source=sms)
    emulator.register_persona(1001, "Sofía Súper", "Súper Administrador", "sofia@x.cl", "all")
    await emulator.start()
    try:
        assert await sim(http, emulator, "health") == (200, {"ok": True})
        status, body = await sim(http, emulator, "personas")
        assert status == 200
        assert body["personas"] == [
            {
                "user_id": 1001,
                "name": "Sofía Súper",
                "profile": "Súper Administrador",
                "email": "sofia@x.cl",
                "communities": "all",
            }
        ]
        assert (await sim(http, emulator, "sms"))[1]["sms"][0]["body"] == "Hola"
        assert await sim(http, emulator, "emails") == (200, {"emails": []})
        # the persona's name is split into first and last name in updates
        emulator.send_text(1001, "hola")
        status, body = await bot_api(http, emulator, "getUpdates")
        sender = body["result"][0]["message"]["from"]
        assert (sender["first_name"], sender["last_name"]) == ("Sofía", "Súper")
    finally:
        await emulator.stop()


# --- users and clicks -----------------------------------------------------------------------


async def test_user_text_and_commands(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    status, first = await sim(
        http, emu, "send", {"user_id": USER, "text": "/start@conserjeria_demo_bot x"}
    )
    assert status == 200
    status, second = await sim(http, emu, "send", {"user_id": str(USER), "text": "hola /start"})
    assert status == 200
    assert second["update_id"] > first["update_id"]
    assert second["message_id"] > first["message_id"]
    _, body = await bot_api(http, emu, "getUpdates")
    one, two = (u["message"] for u in body["result"])
    assert one["entities"] == [
        {"type": "bot_command", "offset": 0, "length": len("/start@conserjeria_demo_bot")}
    ]
    assert "entities" not in two
    assert one["chat"]["id"] == one["from"]["id"] == USER
    views = emu.messages(USER)
    assert [(v["from"], v["text"]) for v in views] == [
        ("user", "/start@conserjeria_demo_bot x"),
        ("user", "hola /start"),
    ]


@pytest.mark.parametrize(
    "body",
    [{"user_id": "x", "text": "hola"}, {"user_id": USER, "text": ""}, {"user_id": USER}, {}],
)
async def test_send_rejects_bad_input(
    emu: BotApiEmulator, http: aiohttp.ClientSession, body: dict[str, Any]
) -> None:
    status, answer = await sim(http, emu, "send", body)
    assert status == 400
    assert answer["error"]
    assert emu.messages(USER) == []


async def test_click_by_text_and_by_callback_data(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    message = await send_bot_message(
        http, emu, "Elige", reply_markup=keyboard(("Comprar", "buy:1"), ("Cancelar", "cancel"))
    )
    message_id = message["message_id"]
    status, by_text = await sim(
        http, emu, "click", {"user_id": USER, "message_id": message_id, "button": "Comprar"}
    )
    assert status == 200
    status, by_data = await sim(
        http, emu, "click", {"user_id": USER, "message_id": message_id, "button": "cancel"}
    )
    assert status == 200
    _, body = await bot_api(http, emu, "getUpdates")
    updates = body["result"]
    assert [u["update_id"] for u in updates] == [by_text["update_id"], by_data["update_id"]]
    queries = [u["callback_query"] for u in updates]
    assert [q["data"] for q in queries] == ["buy:1", "cancel"]
    assert queries[0]["id"] != queries[1]["id"]
    assert queries[0]["from"]["id"] == USER
    assert queries[0]["message"] == message
    assert queries[0]["chat_instance"]
    # answering works once per query
    answer = {"callback_query_id": queries[0]["id"], "text": "Listo"}
    assert await bot_api(http, emu, "answerCallbackQuery", data=answer) == (
        200,
        {"ok": True, "result": True},
    )
    status, again = await bot_api(http, emu, "answerCallbackQuery", data=answer)
    assert status == 400
    assert again["description"].startswith("Bad Request: query is too old")


async def test_click_missing_button_or_message_is_404(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    message = await send_bot_message(http, emu, "Elige", reply_markup=keyboard(("Sí", "yes")))
    for message_id, button in ((message["message_id"], "No"), (9999, "Sí")):
        status, body = await sim(
            http, emu, "click", {"user_id": USER, "message_id": message_id, "button": button}
        )
        assert status == 404
        assert body["error"]
    with pytest.raises(LookupError):
        emu.click(USER, message["message_id"], "Quizás")


async def test_click_on_url_button_is_400(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "Web", "url": "https://x.cl"}]]})
    message = await send_bot_message(http, emu, "link", reply_markup=markup)
    status, body = await sim(
        http, emu, "click", {"user_id": USER, "message_id": message["message_id"], "button": "Web"}
    )
    assert status == 400
    assert "callback" in body["error"]


async def test_blocked_user_gets_403(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    assert await sim(http, emu, "block", {"user_id": USER, "blocked": True}) == (
        200,
        {"user_id": USER, "blocked": True},
    )
    for method, data in (
        ("sendMessage", {"chat_id": str(USER), "text": "hola"}),
        ("sendChatAction", {"chat_id": str(USER), "action": "typing"}),
    ):
        status, body = await bot_api(http, emu, method, data=data)
        assert status == 403
        assert body == {
            "ok": False,
            "error_code": 403,
            "description": "Forbidden: bot was blocked by the user",
        }
    emu.block(USER, False)
    assert (await send_bot_message(http, emu, "de nuevo"))["text"] == "de nuevo"


# --- live view for the web chat -------------------------------------------------------------


async def test_changes_lists_new_edited_and_deleted_messages(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    first = await changes(http, emu)
    assert first["messages"] == []
    assert first["alerts"] == []
    assert first["reset"] is False
    start = first["revision"]
    emu.send_text(USER, "hola")
    asked = await send_bot_message(http, emu, "Elige", reply_markup=keyboard(("Sí", "yes")))
    other = await send_bot_message(http, emu, "se borra")
    got = await changes(http, emu, since=start)
    assert [m["text"] for m in got["messages"]] == ["hola", "Elige", "se borra"]
    assert [m["from"] for m in got["messages"]] == ["user", "bot", "bot"]
    assert got["epoch"] == first["epoch"]
    seen = got["revision"]
    assert seen > start
    # nothing new: an empty answer with the same revision
    assert (await changes(http, emu, since=seen))["messages"] == []
    status, _ = await bot_api(
        http,
        emu,
        "editMessageText",
        data={"chat_id": str(USER), "message_id": str(asked["message_id"]), "text": "Listo"},
    )
    assert status == 200
    status, _ = await bot_api(
        http,
        emu,
        "deleteMessage",
        data={"chat_id": str(USER), "message_id": str(other["message_id"])},
    )
    assert status == 200
    later = await changes(http, emu, since=seen)
    assert [
        (m["message_id"], m["text"], m["edited"], m["deleted"]) for m in later["messages"]
    ] == [
        (asked["message_id"], "Listo", True, False),
        (other["message_id"], "se borra", False, True),
    ]
    # from scratch, deleted messages are left out
    assert [m["text"] for m in (await changes(http, emu))["messages"]] == ["hola", "Listo"]
    # another user's chat is not mixed in
    emu.send_text(USER + 1, "yo también")
    assert (await changes(http, emu, since=later["revision"]))["messages"] == []


async def test_changes_waits_for_the_next_change(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    # A 60 s wait answered within the guard was woken by the change. Only bounds that load
    # cannot break are asserted: nothing is "fast enough" here.
    revision = (await changes(http, emu))["revision"]
    waiting = asyncio.create_task(changes(http, emu, since=revision, timeout=60))
    while not emu.changes_waiting:  # the request is held, waiting for a change
        assert not waiting.done()
        await asyncio.sleep(0.01)
    await send_bot_message(http, emu, "despierta")
    got = await asyncio.wait_for(waiting, 30)
    assert [m["text"] for m in got["messages"]] == ["despierta"]
    quiet = time.monotonic()
    empty = await changes(http, emu, since=got["revision"], timeout=0.5)
    assert empty["messages"] == []
    assert time.monotonic() - quiet >= 0.4


async def test_changes_resets_after_a_restart(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    emu.send_text(USER, "hola")
    current = await changes(http, emu)
    future = await changes(http, emu, since=current["revision"] + 50)
    assert future["reset"] is True
    assert [m["text"] for m in future["messages"]] == ["hola"]
    other_run = await changes(http, emu, since=current["revision"], epoch="otra-vez")
    assert other_run["reset"] is True
    assert [m["text"] for m in other_run["messages"]] == ["hola"]
    same_run = await changes(http, emu, since=current["revision"], epoch=current["epoch"])
    assert (same_run["reset"], same_run["messages"]) == (False, [])


async def test_changes_rejects_bad_query(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    for query in ({"user_id": "x"}, {"since": "ayer"}, {"timeout": "nan"}, {"timeout": "pronto"}):
        params = {"user_id": str(USER), **query}
        async with http.get(f"{emu.root_url}/sandbox/api/changes", params=params) as resp:
            assert resp.status == 400, query
            assert (await resp.json())["error"]


async def test_stop_releases_a_pending_changes_wait(http: aiohttp.ClientSession) -> None:
    emulator = BotApiEmulator()
    await emulator.start()
    url = f"{emulator.root_url}/sandbox/api/changes"

    async def wait() -> int:
        async with http.get(url, params={"user_id": "1", "timeout": "30"}) as resp:
            await resp.read()
            return resp.status

    waiting = asyncio.create_task(wait())
    while not emulator.changes_waiting:
        assert not waiting.done()
        await asyncio.sleep(0.01)
    await asyncio.wait_for(emulator.stop(), 30)  # a 30 s wait does not hold the stop
    assert await asyncio.wait_for(waiting, 30) == 200


async def test_button_answers_are_listed_as_alerts(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    message = await send_bot_message(
        http, emu, "Elige", reply_markup=keyboard(("Uno", "one"), ("Dos", "two"))
    )
    before = (await changes(http, emu))["revision"]
    for button in ("Uno", "Dos", "Uno"):
        emu.click(USER, message["message_id"], button)
    _, body = await bot_api(http, emu, "getUpdates")
    ids = [u["callback_query"]["id"] for u in body["result"]]
    answers = [
        {"callback_query_id": ids[0], "text": "Hecho"},
        {"callback_query_id": ids[1], "text": "⛔ No puedes", "show_alert": "true"},
        {"callback_query_id": ids[2]},  # no text: nothing to show
    ]
    for answer in answers:
        assert (await bot_api(http, emu, "answerCallbackQuery", data=answer))[0] == 200
    expected = [
        {"id": 1, "text": "Hecho", "show_alert": False},
        {"id": 2, "text": "⛔ No puedes", "show_alert": True},
    ]
    assert await sim(http, emu, f"alerts?user_id={USER}") == (200, {"alerts": expected})
    assert await sim(http, emu, f"alerts?user_id={USER}&after=1") == (
        200,
        {"alerts": expected[1:]},
    )
    assert await sim(http, emu, f"alerts?user_id={USER + 1}") == (200, {"alerts": []})
    live = await changes(http, emu, since=before)
    assert live["alerts"] == expected
    assert live["messages"] == []
    assert (await changes(http, emu, since=live["revision"]))["alerts"] == []
    status, body = await sim(http, emu, "alerts?user_id=nadie")
    assert status == 400
