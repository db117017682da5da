"""A real local SMTP server (aiosmtpd, in the test's event loop) and what it received."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class Received:
    envelope: Envelope
    authenticated: bool | None

    @property
    def raw(self) -> bytes:
        content = self.envelope.original_content or self.envelope.content
        assert isinstance(content, bytes)
        return content

    @property
    def mail(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Mailbox:
    """An aiosmtpd handler: refuses recipients by prefix, keeps what it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.startswith("nadie@"):
            return "550 5.1.1 <nadie@example.com>: User unknown"
        if address.startswith("lleno@"):
            return "451 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(Received(envelope, session.authenticated))
        return f"250 2.0.0 Ok: queued as Q{len(self.received)}"


@dataclass
class SmtpServer:
    port: int
    mailbox: Mailbox


StartServer = Callable[..., Awaitable[SmtpServer]]


@asynccontextmanager
async def smtp_servers() -> AsyncIterator[StartServer]:
    """Start aiosmtpd servers on free local ports; all are closed on the way out."""
    servers: list[asyncio.Server] = []
    loop = asyncio.get_running_loop()

    async def start(*, ssl_context: ssl.SSLContext | None = None, **options: Any) -> SmtpServer:
        mailbox = Mailbox()
        server = await loop.create_server(
            lambda: SMTP(mailbox, loop=loop, **options), "127.0.0.1", 0, ssl=ssl_context
        )
        servers.append(server)
        return SmtpServer(server.sockets[0].getsockname()[1], mailbox)

    try:
        yield start
    finally:
        for server in servers:
            server.close()
            await server.wait_closed()


class SilentServer:
    """A TCP server that accepts connections and never greets (a hung SMTP server).

    `events` records, in order, ``"connect N"`` as each connection arrives and ``"gone N"`` when
    the client gives up on it; `connected` is set at the first connection. `hang_up` closes
    every open connection from the server's side, and any later one at once.
    """

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.connected = asyncio.Event()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self._hung_up = False

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        number = len(self._writers)
        self.events.append(f"connect {number}")
        self.connected.set()
        if not self._hung_up:
            await reader.read()  # until the client closes, or `hang_up`
        self.events.append(f"gone {number}")
        writer.close()

    @property
    def connections(self) -> int:
        return len(self._writers)

    def hang_up(self) -> None:
        self._hung_up = True
        for writer in self._writers:
            writer.close()

    async def __aenter__(self) -> SilentServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.hang_up()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
