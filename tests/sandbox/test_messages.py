"""The Bot API methods on messages over real HTTP: Telegram's refusals, edits, deletes, files."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from sandbox import BotApiEmulator
from sandbox.limits import MSG_WRONG_FILE
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


# --- files ----------------------------------------------------------------------------------


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


async def send_bot_photo(
    http: aiohttp.ClientSession, emu: BotApiEmulator, image: bytes, **extra: str
) -> dict[str, Any]:
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    for name, value in extra.items():
        form.add_field(name, value)
    form.add_field("photo", image, filename="a.png", content_type="image/png")
    status, body = await bot_api(http, emu, "sendPhoto", data=form)
    assert status == 200, body
    return body["result"]


async def test_edit_message_media_replaces_the_photo_in_place(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    first, second = png_bytes(40, 30), png_bytes(60, 20)
    sent = await send_bot_photo(
        http,
        emu,
        first,
        caption="<b>uno</b>",
        parse_mode="HTML",
        reply_markup=keyboard(("A", "a")),
    )
    target = {"chat_id": str(USER), "message_id": str(sent["message_id"])}
    # As python-telegram-bot sends it: the media as JSON naming a multipart part.
    form = aiohttp.FormData()
    for name, value in target.items():
        form.add_field(name, value)
    media = {"type": "photo", "media": "attach://nueva", "caption": "<i>dos</i>"}
    form.add_field("media", json.dumps({**media, "parse_mode": "HTML"}))
    form.add_field("reply_markup", keyboard(("B", "b")))
    form.add_field("nueva", second, filename="b.png", content_type="image/png")
    status, body = await bot_api(http, emu, "editMessageMedia", data=form)
    assert status == 200, body
    result = body["result"]
    assert result["message_id"] == sent["message_id"]
    assert isinstance(result["edit_date"], int)
    [size] = result["photo"]
    assert (size["width"], size["height"]) == (60, 20)
    assert result["caption"] == "dos"
    assert result["caption_entities"] == [{"type": "italic", "offset": 0, "length": 3}]
    [view] = emu.messages(USER)
    assert view["edited"] is True
    assert view["caption_html"] == "<i>dos</i>"
    assert view["buttons"][0][0]["text"] == "B"
    status, data, _ = await download(http, emu.root_url + view["photo"]["url"])
    assert (status, data) == (200, second)

    # The same file, caption and keyboard again change nothing: refused as Telegram does.
    again = {**target, "reply_markup": keyboard(("B", "b"))}
    same = {"type": "photo", "media": size["file_id"], "caption": "dos"}
    same["caption_entities"] = result["caption_entities"]
    status, body = await bot_api(
        http, emu, "editMessageMedia", data={**again, "media": json.dumps(same)}
    )
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified")
    # A media without a caption removes the caption; no keyboard removes the keyboard.
    status, body = await bot_api(
        http,
        emu,
        "editMessageMedia",
        data={**target, "media": json.dumps({"type": "photo", "media": size["file_id"]})},
    )
    assert status == 200, body
    assert "caption" not in body["result"]
    assert "reply_markup" not in body["result"]
    assert emu.messages(USER)[0]["caption"] is None


@pytest.mark.parametrize(
    ("media", "description"),
    [
        ("no es json", "Bad Request: can't parse InputMedia JSON object"),
        (json.dumps(["photo"]), "Bad Request: can't parse InputMedia JSON object"),
        (json.dumps({"media": "x"}), "Bad Request: can't parse InputMedia JSON object"),
        (json.dumps({"type": "photo", "media": "AgACnope"}), MSG_WRONG_FILE),
        (json.dumps({"type": "photo"}), "Bad Request: there is no media in the request"),
        (
            json.dumps({"type": "photo", "media": "attach://falta"}),
            "Bad Request: there is no media in the request",
        ),
        (
            json.dumps({"type": "photo", "media": "x", "caption": "a" * 1025}),
            "Bad Request: message caption is too long",
        ),
    ],
)
async def test_edit_message_media_refusals(
    emu: BotApiEmulator, http: aiohttp.ClientSession, media: str, description: str
) -> None:
    sent = await send_bot_photo(http, emu, png_bytes())
    target = {"chat_id": str(USER), "message_id": str(sent["message_id"]), "media": media}
    status, body = await bot_api(http, emu, "editMessageMedia", data=target)
    assert (status, body["description"]) == (400, description)
    [view] = emu.messages(USER)
    assert view["edited"] is False


async def test_edit_message_media_checks_the_message_and_the_file_kind(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    photo = await send_bot_photo(http, emu, png_bytes())
    [size] = photo["photo"]
    as_document = json.dumps({"type": "document", "media": size["file_id"]})
    target = {"chat_id": str(USER), "message_id": str(photo["message_id"])}
    status, body = await bot_api(
        http, emu, "editMessageMedia", data={**target, "media": as_document}
    )
    assert (status, body["description"]) == (400, "Bad Request: type of file mismatch")
    video = json.dumps({"type": "video", "media": size["file_id"]})
    status, body = await bot_api(http, emu, "editMessageMedia", data={**target, "media": video})
    assert status == 400
    assert "video" in body["description"]
    photo_media = json.dumps({"type": "photo", "media": size["file_id"], "caption": "x"})
    sent = emu.send_text(USER, "mensaje del usuario")
    for message_id in (sent["message_id"], 9999):
        status, body = await bot_api(
            http,
            emu,
            "editMessageMedia",
            data={"chat_id": str(USER), "message_id": str(message_id), "media": photo_media},
        )
        assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    status, body = await bot_api(http, emu, "editMessageMedia", data=target)
    assert (status, body["description"]) == (400, "Bad Request: media is required")
    # A text message of the bot can become a photo (Bot API: "replace a text … with a media").
    text = await send_bot_message(http, emu, "<b>texto</b>", parse_mode="HTML")
    status, body = await bot_api(
        http,
        emu,
        "editMessageMedia",
        data={"chat_id": str(USER), "message_id": str(text["message_id"]), "media": photo_media},
    )
    assert status == 200, body
    assert "text" not in body["result"]
    assert "entities" not in body["result"]
    assert body["result"]["caption"] == "x"
    view = emu.messages(USER)[-1]
    assert (view["text"], view["html"], view["photo"]["file_id"]) == (None, None, size["file_id"])


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
    no_file = aiohttp.FormData(default_to_multipart=True)
    no_file.add_field("user_id", str(USER))
    no_file.add_field("caption", "sin archivo")
    status, _ = await sim(http, emu, "send_photo", data=no_file)
    assert status == 400
    status, _ = await sim(http, emu, "send_photo", data={"user_id": str(USER)})
    assert status == 415  # a form is not an upload


async def test_unknown_file_is_refused(emu: BotApiEmulator, http: aiohttp.ClientSession) -> None:
    status, body = await bot_api(http, emu, "getFile", data={"file_id": "nope"})
    assert (status, body["description"]) == (400, "Bad Request: invalid file_id")
    status, _, _ = await download(http, f"{emu.file_url}{TOKEN}/photos/nope.jpg")
    assert status == 404
