"""Browser tests of the sandbox web chat: Debian's Chromium driven by Playwright, in this loop.

The sandbox (emulator + real bot) runs in the test's event loop (`emulator_and_app`, shared with
the end-to-end tests) and Playwright's async API drives the browser from the same loop.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sandbox import BotApiEmulator
from tests.e2e.conftest import emulator_and_app, sim  # noqa: F401  (fixtures used here)

if TYPE_CHECKING:
    from playwright.async_api import Browser, Locator, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 360, "height": 740}


def chromium_path() -> str | None:
    """Debian's Chromium (Playwright's own browser download does not work here)."""
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return shutil.which("chromium")


def skip_reason() -> str | None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    if chromium_path() is None:
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@dataclass
class WebChat:
    """One browser tab on the sandbox page, with what it logged as errors."""

    page: Page
    emulator: BotApiEmulator
    errors: list[str]

    @property
    def root(self) -> str:
        return self.emulator.root_url

    async def open(self) -> None:
        await self.page.goto(self.root + "/")
        await self.page.locator("#personas .persona").first.wait_for()

    async def pick(self, name: str) -> None:
        """Choose a persona on the picker and wait for the chat to be ready."""
        await self.page.locator("#personas .persona", has_text=name).click()
        await self.page.locator("#chat-title", has_text=name).wait_for()

    async def send(self, text: str) -> None:
        """Type into the message box and press Enter, as a person would."""
        box = self.page.get_by_label("Mensaje", exact=True)
        await box.fill(text)
        await box.press("Enter")

    def bot(self) -> Locator:
        return self.page.locator("#messages .message.from-bot")

    def user(self) -> Locator:
        return self.page.locator("#messages .message.from-user")

    async def focused_id(self) -> str:
        return await self.page.evaluate("document.activeElement && document.activeElement.id")

    async def scroll_width(self) -> int:
        return await self.page.evaluate("document.documentElement.scrollWidth")

    async def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        await self.page.screenshot(path=str(path))
        return path


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    reason = skip_reason()
    if reason is not None:
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


async def open_tab(
    browser: Browser, emulator: BotApiEmulator, viewport: dict[str, int]
) -> tuple[WebChat, Any]:
    context = await browser.new_context(viewport=viewport, locale="es-CL")
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return WebChat(page, emulator, errors), context


@pytest.fixture
async def web(browser: Browser, emulator_and_app: Any) -> AsyncIterator[WebChat]:  # noqa: F811
    """The web chat in a desktop-sized tab (chat with the outbox panes beside it)."""
    emulator, _ = emulator_and_app
    chat, context = await open_tab(browser, emulator, DESKTOP)
    try:
        yield chat
    finally:
        await context.close()


@pytest.fixture
async def phone(browser: Browser, emulator_and_app: Any) -> AsyncIterator[WebChat]:  # noqa: F811
    """The web chat on a 360×740 phone screen (one pane at a time, with tabs)."""
    emulator, _ = emulator_and_app
    chat, context = await open_tab(browser, emulator, PHONE)
    try:
        yield chat
    finally:
        await context.close()
