"""Another site's page cannot drive the personas, and an upload never runs as a page (12.7)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web as aiohttp_web

from tests.browser.conftest import WebChat, skip_reason
from tests.chat import Simulator

if (_reason := skip_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

from playwright.async_api import expect

CARLA = 1003
WAIT = 10_000  # ms

# Run on the sandbox's origin, this would make Carla write (a synchronous request, so it is done
# before the page finishes loading).
HTML_PHOTO = b"""<!doctype html><title>foto</title><script>
const xhr = new XMLHttpRequest();
xhr.open("POST", "/sandbox/api/send", false);
xhr.setRequestHeader("Content-Type", "application/json");
xhr.send(JSON.stringify({user_id: 1003, text: "hackeado desde un archivo"}));
document.title = "pwned";
</script>"""


@asynccontextmanager
async def another_site() -> AsyncIterator[str]:
    """A web page the developer visits: any site, here another port of 127.0.0.1."""

    async def page(request: aiohttp_web.Request) -> aiohttp_web.Response:
        return aiohttp_web.Response(
            text="<!doctype html><title>Recetas</title>", content_type="text/html"
        )

    app = aiohttp_web.Application()
    app.router.add_get("/", page)
    runner = aiohttp_web.AppRunner(app)
    await runner.setup()
    site = aiohttp_web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    finally:
        await runner.cleanup()


async def test_a_page_on_another_site_cannot_make_carla_write(
    web: WebChat, sim: Simulator
) -> None:
    async with another_site() as url:
        await web.page.goto(url)
        sandbox = web.root + "/sandbox/api"
        # What any page may send without asking: text/plain and form bodies, no-cors.
        await web.page.evaluate(
            """async (sandbox) => {
                const body = JSON.stringify({user_id: 1003, text: "/start"});
                await fetch(`${sandbox}/send`, {method: "POST", mode: "no-cors", body,
                    headers: {"Content-Type": "text/plain"}});
                await fetch(`${sandbox}/send`, {method: "POST", mode: "no-cors", body,
                    headers: {"Content-Type": "application/x-www-form-urlencoded"}});
            }""",
            sandbox,
        )
        async with web.page.expect_navigation():
            await web.page.evaluate(
                """(sandbox) => {
                    const form = document.createElement("form");
                    form.method = "POST";
                    form.action = `${sandbox}/send`;
                    for (const [name, value] of [["user_id", "1003"], ["text", "/help"]]) {
                        const input = document.createElement("input");
                        input.name = name;
                        input.value = value;
                        form.append(input);
                    }
                    document.body.append(form);
                    form.submit();
                }""",
                sandbox,
            )
    await sim.settle()
    assert web.emulator.messages(CARLA) == []
    # The sandbox's own page still works.
    await web.open()
    await web.pick("Carla Conserje")
    await web.send("/start")
    await expect(web.bot().first).to_contain_text("Carla", timeout=WAIT)


async def test_an_html_file_sent_as_a_photo_never_runs_on_the_sandbox(
    web: WebChat, sim: Simulator
) -> None:
    web.emulator.send_file(CARLA, "photo", HTML_PHOTO, "foto.png", None, "text/html")
    await sim.settle()
    await web.open()
    await web.pick("Carla Conserje")
    link = web.user().last.locator("a.photo-link")
    await expect(link).to_be_attached(timeout=WAIT)
    # As a person opens a photo in a new tab: the file is saved, never shown as a page.
    async with web.page.expect_download(timeout=WAIT) as saved:
        await link.click()
    download = await saved.value
    assert download.suggested_filename == "foto.png"
    await sim.settle()
    texts = [m["text"] for m in web.emulator.messages(CARLA) if m["from"] == "user"]
    assert "hackeado desde un archivo" not in texts
