"""(being built)"""

from __future__ import annotations

from telegram.ext import BaseHandler

from bot.settings import Settings


def build_handlers(settings: Settings) -> list[BaseHandler]:
    return []
