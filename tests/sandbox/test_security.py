"""No other web page can drive the sandbox; nothing uploaded runs on its origin (12.7)."""

from __future__ import annotations

import json

import aiohttp
import pytest

from sandbox import BotApiEmulator
from tests.sandbox.helpers import TOKEN, USER, png_bytes

EVIL = "http://evil.example"
PAGE = "<!doctype html><script>document.title = 'pwned'</script>"


async def _upload(
    http: aiohttp.ClientSession,
    emu: BotApiEmulator,
    kind: str,
    data: bytes,
    filename: str,
    mime: str,
) -> str:
    """A person sends a file from the web chat; returns its URL under /sandbox/api/files/."""
    form = aiohttp.FormData()
    form.add_field("user_id", str(USER))
    form.add_field("file", data, filename=filename, content_type=mime)
    async with http.post(f"{emu.root_url}/sandbox/api/send_{kind}", data=form) as resp:
        assert resp.status == 200, await resp.text()
    shown = emu.messages(USER)[-1]
    return str(emu.root_url + (shown["photo"] or shown["document"])["url"])


async def _headers(http: aiohttp.ClientSession, url: str) -> tuple[bytes, dict[str, str]]:
    async with http.get(url) as resp:
        assert resp.status == 200
        return await resp.read(), dict(resp.headers)


async def _bot_download_url(http: aiohttp.ClientSession, emu: BotApiEmulator) -> str:
    message = emu.messages(USER)[-1]
    file_id = (message["photo"] or message["document"])["file_id"]
    async with http.post(f"{emu.base_url}{TOKEN}/getFile", json={"file_id": file_id}) as resp:
        path = (await resp.json())["result"]["file_path"]
    return f"{emu.file_url}{TOKEN}/{path}"


@pytest.mark.parametrize("kind", ["document", "photo"])
async def test_an_uploaded_page_is_an_attachment_never_html(
    emu: BotApiEmulator, http: aiohttp.ClientSession, kind: str
) -> None:
    url = await _upload(http, emu, kind, PAGE.encode(), "factura.html", "text/html")
    for address in (url, await _bot_download_url(http, emu)):
        body, headers = await _headers(http, address)
        assert body == PAGE.encode()
        assert headers["Content-Disposition"].startswith("attachment;")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Type"] == "application/octet-stream"
        assert "sandbox" in headers["Content-Security-Policy"]


async def test_a_real_picture_is_shown_inline_with_its_real_type(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    image = png_bytes()
    url = await _upload(http, emu, "photo", image, "foto.jpg", "image/jpeg")
    body, headers = await _headers(http, url)
    assert body == image
    assert headers["Content-Type"] == "image/png"  # what the bytes are, not what was claimed
    assert headers["Content-Disposition"].startswith("inline;")
    assert headers["X-Content-Type-Options"] == "nosniff"
    # A picture sent as a document is a picture too; a truncated one is not.
    await _upload(http, emu, "document", image, "plano.png", "image/png")
    doc_url = emu.root_url + emu.messages(USER)[-1]["document"]["url"]
    assert (await _headers(http, doc_url))[1]["Content-Type"] == "image/png"
    broken = await _upload(http, emu, "document", image[:-30], "rota.png", "image/png")
    assert (await _headers(http, broken))[1]["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", f"user_id={USER}&text=%2Fstart"),
        ("text/plain", json.dumps({"user_id": USER, "text": "/start"})),
        ("multipart/form-data; boundary=x", "--x\r\n"),
    ],
)
async def test_the_simulator_takes_json_only(
    emu: BotApiEmulator, http: aiohttp.ClientSession, content_type: str, body: str
) -> None:
    """What a form on another site can send without the browser asking is refused."""
    url = f"{emu.root_url}/sandbox/api/send"
    async with http.post(url, data=body, headers={"Content-Type": content_type}) as resp:
        assert resp.status == 415
        assert "application/json" in (await resp.json())["error"]
    async with http.post(f"{url}?user_id={USER}&text=hola") as resp:
        assert resp.status == 400  # nor from the query string
    assert emu.messages(USER) == []
    async with http.post(f"{emu.root_url}/sandbox/api/settle") as resp:
        assert resp.status == 200  # `curl -XPOST …/settle`: no body at all is fine
    async with http.post(url, json={"user_id": USER, "text": "/start"}) as resp:
        assert resp.status == 200
    assert [m["text"] for m in emu.messages(USER)] == ["/start"]


async def test_another_sites_page_is_refused(
    emu: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    send = f"{emu.root_url}/sandbox/api/send"
    body = {"user_id": USER, "text": "/start"}
    port = emu.root_url.rsplit(":", 1)[1]
    for headers in (
        {"Origin": EVIL},
        {"Origin": "null"},  # a sandboxed frame, e.g. an e-mail preview
        {"Origin": f"http://127.0.0.1:{int(port) + 1}"},  # another local server
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Host": f"rebound.example:{port}"},  # DNS rebinding
    ):
        async with http.post(send, json=body, headers=headers) as resp:
            assert resp.status == 403, headers
            assert "error" in await resp.json()
        async with http.get(f"{emu.root_url}/sandbox/api/personas", headers=headers) as resp:
            assert resp.status == 403, headers
        bot = f"{emu.base_url}{TOKEN}/sendMessage"
        form = {"chat_id": str(USER), "text": "hola"}
        async with http.post(bot, data=form, headers=headers) as resp:
            assert resp.status == 403, headers
            assert (await resp.json())["description"].startswith("Forbidden: ")
    assert emu.messages(USER) == []
    # The page itself, curl, tests and python-telegram-bot (form bodies) are served.
    for origin in (emu.root_url, f"http://localhost:{port}"):
        headers = {"Origin": origin, "Sec-Fetch-Site": "same-origin"}
        async with http.post(send, json=body, headers=headers) as resp:
            assert resp.status == 200
    async with http.post(send, json=body, headers={"Sec-Fetch-Site": "none"}) as resp:
        assert resp.status == 200
    async with http.post(f"{emu.base_url}{TOKEN}/sendMessage", data=form) as resp:
        assert resp.status == 200
    async with http.get(f"{emu.root_url}/", headers={"Sec-Fetch-Site": "cross-site"}) as resp:
        assert resp.status == 200  # a link to the page from anywhere still opens it
    assert len(emu.messages(USER)) == 4
