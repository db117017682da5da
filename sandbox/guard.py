"""Only the sandbox's own page, curl, tests and the bot may call its APIs; no other web page.

A page the developer visits on another site could otherwise drive the personas (the simulator
API) or talk as the bot (the Bot API, whose sandbox token is public), and a DNS-rebinding page
could read the chats and the e-mails with their invitation codes. Browsers say where a request
comes from (`Origin`, `Sec-Fetch-Site`) and which name they looked up (`Host`);
python-telegram-bot, curl and aiohttp send no `Origin` nor `Sec-Fetch-Site`, and a loopback
`Host`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from sandbox.calls import error_response
from sandbox.limits import ApiError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
GUARDED_PREFIXES = ("/sandbox/api/", "/bot", "/file/bot")
BOT_API_PREFIXES = ("/bot", "/file/bot")
FOREIGN_SITES = ("cross-site", "same-site")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def own_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` values of the sandbox: a loopback name (or the address it is bound to) + port."""
    names = {*LOOPBACK_NAMES, f"[{host}]" if ":" in host else host}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:
        hosts |= names
    return frozenset(h.lower() for h in hosts)


def refusal(request: web.Request, hosts: frozenset[str]) -> str | None:
    """Why a request may have come from another site's page (None when it did not)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.lower().removeprefix("http://") not in hosts:
        return f"requests from {origin} are refused: open the sandbox's own page"
    if request.headers.get("Sec-Fetch-Site", "").lower() in FOREIGN_SITES:
        return "requests from another site's page are refused"
    host = request.headers.get("Host")
    if host is not None and host.lower() not in hosts:
        return f"the sandbox answers at http://127.0.0.1 or http://localhost, not at {host}"
    return None


def guard_middleware(
    hosts: Callable[[], frozenset[str]],
) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Refuse with 403 the API calls (simulator and Bot API) another site's page may have made."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(GUARDED_PREFIXES):
            reason = refusal(request, hosts())
            if reason is not None:
                if request.path.startswith(BOT_API_PREFIXES):
                    return error_response(ApiError(f"Forbidden: {reason}", 403))
                return web.json_response({"error": reason}, status=403)
        return await handler(request)

    return guard
