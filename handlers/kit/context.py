"""Typed dependencies shared by every handler, reached through a custom context.

The composition root (`bot/`) builds them from its settings; handlers never read settings or
environment variables themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from models.clock import SYSTEM_CLOCK, Clock
from models.identity import Person

if TYPE_CHECKING:
    from handlers.kit.menus import MenuEntry


@dataclass(frozen=True)
class ChatConfig:
    """What the chat layer needs to know of the deployment's settings."""

    conversation_timeout: timedelta = timedelta(minutes=30)
    invitation_ttl: timedelta = timedelta(hours=72)
    support_email: str = "soporte@conserjeria.example"


@dataclass
class AppDeps:
    """What every handler may use; built once by the application factory."""

    config: ChatConfig = field(default_factory=ChatConfig)
    clock: Clock = SYSTEM_CLOCK
    bot_username: str = "conserjeria_bot"
    menu: tuple[MenuEntry, ...] = ()


class BotData:
    """The application's `bot_data`: holds the dependencies (never persisted)."""

    def __init__(self) -> None:
        self.deps: AppDeps | None = None


class BotContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], BotData]):
    """Per-update context; `person` is set once per update by the identity gate."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: Person | None = None

    @property
    def deps(self) -> AppDeps:
        deps = self.bot_data.deps
        if deps is None:
            raise RuntimeError("application built without dependencies")
        return deps
