"""The web chat page: the built page, its files, and nothing outside them."""

from __future__ import annotations

import pathlib

import aiohttp
import yarl

from sandbox import BotApiEmulator
from tests.sandbox.helpers import (
    download,
)


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
