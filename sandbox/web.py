"""The web chat page: `GET /` and `/static/*`, plain files from `static/` with a strict CSP."""

from __future__ import annotations

import asyncio
import pathlib

from aiohttp import web

STATIC_DIR = pathlib.Path(__file__).with_name("static")

# The web chat's Content-Security-Policy: nothing leaves 127.0.0.1.
WEB_CHAT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

_NOT_BUILT_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Conserjería sandbox</title></head><body>"
    "<h1>Conserjería sandbox</h1><p>The web chat is not built. The simulator API is at "
    "<code>/sandbox/api/</code> (see docs/sandbox.md).</p></body></html>"
)


class WebChat:
    """Serves the page from `static_dir`; without one, a note pointing to the simulator API."""

    def __init__(self, static_dir: pathlib.Path | None) -> None:
        self._static_dir = static_dir

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Register the page and its files."""
        router.add_get("/", self.index)
        router.add_get("/static/{path:.*}", self.static)

    def _static_file(self, relative: str) -> pathlib.Path | None:
        """Resolve a path inside static_dir (None if outside it or not a file)."""
        if self._static_dir is None:
            return None
        root = self._static_dir.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return target

    async def index(self, request: web.Request) -> web.StreamResponse:
        """The web chat page."""
        index = await asyncio.to_thread(self._static_file, "index.html")
        if index is None:
            return web.Response(text=_NOT_BUILT_PAGE, content_type="text/html")
        # As a header, not only the page's <meta>: it is then in force before the first byte is
        # parsed, and the sandboxed e-mail previews (srcdoc frames) inherit it.
        return web.FileResponse(index, headers={"Content-Security-Policy": WEB_CHAT_CSP})

    async def static(self, request: web.Request) -> web.StreamResponse:
        """One of the page's files (never one outside static_dir)."""
        relative = request.match_info["path"]
        if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
            raise web.HTTPNotFound()
        target = await asyncio.to_thread(self._static_file, relative)
        if target is None:
            raise web.HTTPNotFound()
        return web.FileResponse(target)
