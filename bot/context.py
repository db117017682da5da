"""Typed dependencies shared by the application, reached through a custom context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from models.clock import SYSTEM_CLOCK, Clock
from models.identity import Person

if TYPE_CHECKING:
    from bot.settings import Settings
    from notifier.base import Notifier


@dataclass
class AppDeps:
    """What every handler and job may use; built once by the application factory."""

    settings: Settings
    clock: Clock = SYSTEM_CLOCK
    bot_username: str = "conserjeria_bot"
    notifier: Notifier | None = None


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
