"""The Bot API emulator and the simulator API, over real HTTP."""

from __future__ import annotations

import asyncio
import io
import json
import pathlib
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import yarl
from PIL import Image

from sandbox import BotApiEmulator
from sandbox.telegram_html import entities_to_html, parse_html

TOKEN = "123456:sandbox"
USER = 1003


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    emulator.register_persona(1003, "Carla Conserje", "Conserje", "carla@example.com", "Aromos")
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


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


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "data", "description"),
    [
        ("sendMessage", {"chat_id": str(USER)}, "Bad Request: message text is empty"),
        ("sendMessage", {"text": "hola"}, "Bad Request: chat_id is empty"),
        ("sendPhoto", {"chat_id": str(USER)}, "Bad Request: there is no photo in the request"),
        ("setMyCommands", {}, "Bad Request: commands is required"),
        ("sendMessage", {"chat_id": "@nadie", "text": "x"}, "Bad Request: chat not found"),
    ],
)
async def test_missing_or_bad_required_parameter_is_400(
    emu: BotApiEmulator,
    http: aiohttp.ClientSession,
    method: str,
    data: dict[str, str],
    description: str,
) -> None:
    status, body = await bot_api(http, emu, method, data=data)
    assert status == 400
    assert body == {"ok": False, "error_code": 400, "description": description}
    assert emu.messages(USER) == []


async def test_callback_data_is_limited_in_bytes(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    fits = "ñ" * 32  # 32 characters, 64 bytes
    too_long = fits + "a"  # 33 characters, 65 bytes
    assert len(too_long) < 64 < len(too_long.encode())
    ok = await send_bot_message(http, emu, "ok", reply_markup=keyboard(("A", fits)))
    assert ok["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == fits
    status, body = await bot_api(
        http,
        emu,
        "sendMessage",
        data={"chat_id": str(USER), "text": "x", "reply_markup": keyboard(("A", too_long))},
    )
    assert status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: BUTTON_DATA_INVALID",
    }
    assert [m["text"] for m in emu.messages(USER)] == ["ok"]


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "A", "callback_data": ""}, "Bad Request: BUTTON_DATA_INVALID"),
        (
            {"text": "A"},
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        ),
    ],
)
async def test_invalid_inline_buttons_are_refused(
    emu: BotApiEmulator, http: aiohttp.ClientSession, button: dict[str, str], description: str
) -> None:
    markup = json.dumps({"inline_keyboard": [[button]]})
    status, body = await bot_api(
        http, emu, "sendMessage", data={"chat_id": str(USER), "text": "x", "reply_markup": markup}
    )
    assert (status, body["description"]) == (400, description)


async def test_text_length_limit(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    status, body = await bot_api(
        http, emu, "sendMessage", data={"chat_id": str(USER), "text": "a" * 4097}
    )
    assert (status, body["description"]) == (400, "Bad Request: message is too long")
    message = await send_bot_message(http, emu, "a" * 4096)
    assert len(message["text"]) == 4096
    # the limit applies after entity parsing: tags do not count
    html_text = "<b>" + "a" * 4096 + "</b>"
    message = await send_bot_message(http, emu, html_text, parse_mode="HTML")
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 4096}]


async def test_caption_length_limit(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("caption", "c" * 1025)
    form.add_field("photo", png_bytes(), filename="p.png", content_type="image/png")
    status, body = await bot_api(http, emu, "sendPhoto", data=form)
    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")


@pytest.mark.parametrize("text", ["", "   \n "])
async def test_empty_text_is_refused(
    emu: BotApiEmulator, http: aiohttp.ClientSession, text: str
) -> None:
    status, body = await bot_api(
        http, emu, "sendMessage", data={"chat_id": str(USER), "text": text}
    )
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>sin cerrar", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("línea<br>otra", 'Unsupported start tag "br" at byte offset 6'),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_bad_html_is_refused(
    emu: BotApiEmulator, http: aiohttp.ClientSession, source: str, detail: str
) -> None:
    status, body = await bot_api(
        http, emu, "sendMessage", data={"chat_id": str(USER), "text": source, "parse_mode": "HTML"}
    )
    assert status == 400
    assert body["description"] == f"Bad Request: can't parse entities: {detail}"


async def test_good_html_is_stored_as_plain_text(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    source = '<b>Depto 101</b>: 😀 <i>paquete</i> &lt;&amp;&gt; <a href="https://x.cl/?a=1&amp;b=2">ver</a>'
    message = await send_bot_message(http, emu, source, parse_mode="HTML")
    assert message["text"] == "Depto 101: 😀 paquete <&> ver"
    assert message["entities"] == [
        {"type": "bold", "offset": 0, "length": 9},
        {"type": "italic", "offset": 14, "length": 7},  # the emoji is 2 UTF-16 code units
        {"type": "text_link", "offset": 26, "length": 3, "url": "https://x.cl/?a=1&b=2"},
    ]
    [view] = emu.messages(USER)
    assert view["text"] == message["text"]
    assert view["html"] == source


def test_parse_html_nested_and_pre() -> None:
    text, entities = parse_html(
        '<b>a <i>b</i></b> <pre><code class="language-python">x = 1</code></pre>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>&#233;&#x41;'
    )
    assert text == "a b x = 1stéA"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "italic", "offset": 2, "length": 1},
        {"type": "pre", "offset": 4, "length": 5, "language": "python"},
        {"type": "spoiler", "offset": 9, "length": 1},
        {"type": "spoiler", "offset": 10, "length": 1},
    ]


def test_entities_render_back_to_html() -> None:
    text = "😀 hola & chao"
    entities = [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 10, "length": 4, "url": "https://x.cl"},
        {"type": "bot_command", "offset": 0, "length": 2},
    ]
    assert (
        entities_to_html(text, entities) == '😀 <b>hola</b> &amp; <a href="https://x.cl">chao</a>'
    )
    assert parse_html(entities_to_html(text, entities[:2])) == (text, entities[:2])


# --- edits and deletes ----------------------------------------------------------------------


async def test_edit_that_changes_nothing_is_refused(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    markup = keyboard(("Sí", "yes"))
    message = await send_bot_message(
        http, emu, "<b>Hola</b>", parse_mode="HTML", reply_markup=markup
    )
    data = {
        "chat_id": str(USER),
        "message_id": str(message["message_id"]),
        "text": "<b>Hola</b>",
        "parse_mode": "HTML",
        "reply_markup": markup,
    }
    status, body = await bot_api(http, emu, "editMessageText", data=data)
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified")
    # same text but different entities is a change
    status, body = await bot_api(
        http, emu, "editMessageText", data={**data, "text": "<i>Hola</i>"}
    )
    assert status == 200
    assert body["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 4}]
    status, body = await bot_api(http, emu, "editMessageReplyMarkup", data=data)
    assert status == 400
    assert "not modified" in body["description"]


async def test_edit_replaces_the_message_in_place(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    first = await send_bot_message(http, emu, "Elige", reply_markup=keyboard(("Uno", "1")))
    await send_bot_message(http, emu, "después")
    status, body = await bot_api(
        http,
        emu,
        "editMessageText",
        data={"chat_id": str(USER), "message_id": str(first["message_id"]), "text": "Elegiste 1"},
    )
    assert status == 200
    assert isinstance(body["result"]["edit_date"], int)
    assert "reply_markup" not in body["result"]  # omitted markup removes the keyboard
    status, listing = await sim(http, emu, f"messages?user_id={USER}&after=0")
    assert status == 200
    views = listing["messages"]
    assert [(v["message_id"], v["text"], v["edited"]) for v in views] == [
        (first["message_id"], "Elegiste 1", True),
        (first["message_id"] + 1, "después", False),
    ]
    assert views[0]["buttons"] == []
    _, later = await sim(http, emu, f"messages?user_id={USER}&after={first['message_id']}")
    assert [v["text"] for v in later["messages"]] == ["después"]


async def test_edit_reply_markup_and_caption(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    message = await send_bot_message(http, emu, "menú", reply_markup=keyboard(("A", "a")))
    target = {"chat_id": str(USER), "message_id": str(message["message_id"])}
    status, body = await bot_api(
        http, emu, "editMessageReplyMarkup", data={**target, "reply_markup": keyboard(("B", "b"))}
    )
    assert status == 200
    assert body["result"]["text"] == "menú"
    assert emu.messages(USER)[0]["buttons"][0][0]["text"] == "B"
    status, body = await bot_api(http, emu, "editMessageCaption", data={**target, "caption": "x"})
    assert (status, body["description"]) == (
        400,
        "Bad Request: there is no caption in the message to edit",
    )


async def test_edit_of_unknown_or_user_message_is_refused(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    sent = emu.send_text(USER, "mensaje del usuario")
    for message_id in (sent["message_id"], 9999):
        status, body = await bot_api(
            http,
            emu,
            "editMessageText",
            data={"chat_id": str(USER), "message_id": str(message_id), "text": "x"},
        )
        assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    bot_message = await send_bot_message(http, emu, "en otro chat no")
    status, body = await bot_api(
        http,
        emu,
        "editMessageText",
        data={"chat_id": "1004", "message_id": str(bot_message["message_id"]), "text": "x"},
    )
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")


async def test_edit_refuses_a_reply_keyboard(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    message = await send_bot_message(http, emu, "menú")
    status, body = await bot_api(
        http,
        emu,
        "editMessageText",
        data={
            "chat_id": str(USER),
            "message_id": str(message["message_id"]),
            "text": "otro",
            "reply_markup": json.dumps({"keyboard": [["A"]]}),
        },
    )
    assert (status, body["ok"]) == (400, False)
    assert emu.messages(USER)[0]["text"] == "menú"


async def test_delete_message(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    message = await send_bot_message(http, emu, "borrar")
    target = {"chat_id": str(USER), "message_id": str(message["message_id"])}
    assert await bot_api(http, emu, "deleteMessage", data=target) == (
        200,
        {"ok": True, "result": True},
    )
    assert emu.messages(USER) == []
    status, body = await bot_api(http, emu, "deleteMessage", data=target)
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")


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


async def test_chat_action_is_validated(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    ok = await bot_api(
        http, emu, "sendChatAction", data={"chat_id": str(USER), "action": "typing"}
    )
    assert ok == (200, {"ok": True, "result": True})
    status, body = await bot_api(
        http, emu, "sendChatAction", data={"chat_id": str(USER), "action": "dancing"}
    )
    assert status == 400
    assert body["ok"] is False


# --- getUpdates -----------------------------------------------------------------------------


async def test_long_poll_returns_when_an_update_arrives(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot_api(http, emu, "getUpdates", data={"timeout": "5"}))
    await asyncio.sleep(0.2)
    assert not poll.done()
    _, sent = await sim(http, emu, "send", {"user_id": USER, "text": "despierta"})
    status, body = await asyncio.wait_for(poll, 2)
    elapsed = time.monotonic() - started
    assert status == 200
    assert [u["update_id"] for u in body["result"]] == [sent["update_id"]]
    assert elapsed < 2


async def test_long_poll_times_out_empty(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    started = time.monotonic()
    status, body = await bot_api(http, emu, "getUpdates", data={"timeout": "1"})
    assert (status, body["result"]) == (200, [])
    assert 0.9 <= time.monotonic() - started < 3


async def test_stop_releases_a_pending_long_poll(http: aiohttp.ClientSession) -> None:
    emulator = BotApiEmulator()
    await emulator.start()
    poll = asyncio.create_task(bot_api(http, emulator, "getUpdates", data={"timeout": "30"}))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    await emulator.stop()
    assert time.monotonic() - started < 3
    status, body = await asyncio.wait_for(poll, 3)
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


# --- files ----------------------------------------------------------------------------------


async def download(http: aiohttp.ClientSession, url: str) -> tuple[int, bytes, str]:
    async with http.get(url) as resp:
        return resp.status, await resp.read(), resp.content_type


async def test_bot_photo_round_trip(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    image = png_bytes(40, 30)
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("caption", "<b>Paquete</b>")
    form.add_field("parse_mode", "HTML")
    form.add_field("photo", image, filename="paquete.png", content_type="image/png")
    status, body = await bot_api(http, emu, "sendPhoto", data=form)
    assert status == 200, body
    message = body["result"]
    [size] = message["photo"]
    assert (size["width"], size["height"], size["file_size"]) == (40, 30, len(image))
    assert message["caption"] == "Paquete"
    assert message["caption_entities"] == [{"type": "bold", "offset": 0, "length": 7}]
    _, got = await bot_api(http, emu, "getFile", data={"file_id": size["file_id"]})
    file_path = got["result"]["file_path"]
    assert got["result"]["file_size"] == len(image)
    status, data, content_type = await download(http, f"{emu.file_url}{TOKEN}/{file_path}")
    assert (status, data, content_type) == (200, image, "image/png")
    # re-sending by file_id reuses the stored file; attach:// works too
    status, again = await bot_api(
        http, emu, "sendPhoto", data={"chat_id": str(USER), "photo": size["file_id"]}
    )
    assert again["result"]["photo"][0]["file_id"] == size["file_id"]
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("document", "attach://blob")
    form.add_field("blob", b"%PDF-1.4 hola", filename="acta.pdf", content_type="application/pdf")
    status, doc = await bot_api(http, emu, "sendDocument", data=form)
    assert status == 200
    assert doc["result"]["document"]["file_name"] == "acta.pdf"
    status, body = await bot_api(
        http, emu, "sendPhoto", data={"chat_id": str(USER), "photo": "AgACnope"}
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: wrong file identifier/HTTP URL specified",
    )
    views = emu.messages(USER)
    assert views[0]["photo"]["width"] == 40
    assert views[0]["caption_html"] == "<b>Paquete</b>"
    status, data, _ = await download(http, emu.root_url + views[0]["photo"]["url"])
    assert (status, data) == (200, image)
    assert views[2]["document"]["mime_type"] == "application/pdf"


async def test_user_photo_and_document_round_trip(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    image = png_bytes(64, 48)
    form = aiohttp.FormData()
    form.add_field("user_id", str(USER))
    form.add_field("caption", "foto del paquete")
    form.add_field("file", image, filename="foto.png", content_type="image/png")
    status, sent = await sim(http, emu, "send_photo", data=form)
    assert status == 200
    form = aiohttp.FormData()
    form.add_field("user_id", str(USER))
    form.add_field("file", b"a;b\n1;2\n", filename="lista.csv")
    status, sent_doc = await sim(http, emu, "send_document", data=form)
    assert status == 200
    assert sent_doc["message_id"] > sent["message_id"]
    _, body = await bot_api(http, emu, "getUpdates")
    photo_message, doc_message = (u["message"] for u in body["result"])
    [size] = photo_message["photo"]
    assert (size["width"], size["height"]) == (64, 48)
    assert photo_message["caption"] == "foto del paquete"
    document = doc_message["document"]
    assert document["file_name"] == "lista.csv"
    assert document["mime_type"] == "text/csv"
    assert document["file_size"] == 8
    for file_id, expected in ((size["file_id"], image), (document["file_id"], b"a;b\n1;2\n")):
        _, got = await bot_api(http, emu, "getFile", json_body={"file_id": file_id})
        url = f"{emu.file_url}{TOKEN}/{got['result']['file_path']}"
        assert (await download(http, url))[:2] == (200, expected)
    status, _ = await sim(http, emu, "send_photo", data={"user_id": str(USER)})
    assert status == 400


async def test_unknown_file_is_refused(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    status, body = await bot_api(http, emu, "getFile", data={"file_id": "nope"})
    assert (status, body["description"]) == (400, "Bad Request: invalid file_id")
    status, _, _ = await download(http, f"{emu.file_url}{TOKEN}/photos/nope.jpg")
    assert status == 404


# --- web chat page --------------------------------------------------------------------------


async def test_index_and_static_files(tmp_path: pathlib.Path, http: aiohttp.ClientSession) -> None:
    bare = BotApiEmulator()
    await bare.start()
    try:
        status, page, content_type = await download(http, bare.root_url + "/")
        assert (status, content_type) == (200, "text/html")
        assert b"not built" in page
    finally:
        await bare.stop()
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<h1>chat</h1>", encoding="utf-8")
    (static / "app.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    served = BotApiEmulator(static_dir=static)
    await served.start()
    try:
        assert (await download(http, served.root_url + "/"))[:2] == (200, b"<h1>chat</h1>")
        status, data, _ = await download(http, served.root_url + "/static/app.js")
        assert (status, data) == (200, b"console.log(1)")
        for path in ("/static/%2e%2e/secret.txt", "/static/a/..%2F..%2Fsecret.txt", "/static/x"):
            url = yarl.URL(served.root_url + path, encoded=True)
            async with http.get(url) as resp:
                assert resp.status == 404
                assert b"TOP-SECRET" not in await resp.read()
    finally:
        await served.stop()


# --- live view for the web chat -------------------------------------------------------------


async def changes(
    http: aiohttp.ClientSession, emu: BotApiEmulator, **query: Any
) -> dict[str, Any]:
    params = {k: str(v) for k, v in {"user_id": USER, **query}.items()}
    async with http.get(f"{emu.root_url}/sandbox/api/changes", params=params) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


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
    revision = (await changes(http, emu))["revision"]
    started = time.monotonic()
    waiting = asyncio.create_task(changes(http, emu, since=revision, timeout=5))
    await asyncio.sleep(0.2)
    assert not waiting.done()
    await send_bot_message(http, emu, "despierta")
    got = await asyncio.wait_for(waiting, 2)
    assert [m["text"] for m in got["messages"]] == ["despierta"]
    assert time.monotonic() - started < 2
    quiet = time.monotonic()
    empty = await changes(http, emu, since=got["revision"], timeout=0.5)
    assert empty["messages"] == []
    assert 0.4 <= time.monotonic() - quiet < 3


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
    await asyncio.sleep(0.2)
    started = time.monotonic()
    await emulator.stop()
    assert time.monotonic() - started < 3
    assert await asyncio.wait_for(waiting, 3) == 200


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
