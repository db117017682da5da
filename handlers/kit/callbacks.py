"""Callback data: short namespaced strings (`com:sel:12`), built and parsed in one place.

Ids inside callback data come from the client and are untrusted: every handler re-checks
them against the person's communities before use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler

MAX_BYTES = 64
SEP = ":"


def pack(*parts: str | int) -> str:
    data = SEP.join(str(p) for p in parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    if any(SEP in str(p) for p in parts):
        raise ValueError("callback parts must not contain the separator")
    return data


@dataclass(frozen=True)
class Callback:
    namespace: str
    verb: str
    args: tuple[str, ...]

    def int_arg(self, index: int = 0) -> int | None:
        """The argument as a positive int, or None when missing or forged."""
        try:
            value = int(self.args[index])
        except (IndexError, ValueError):
            return None
        return value if value > 0 else None

    def number_arg(self, index: int = 0) -> int | None:
        """The argument as a number ≥ 0 (a page; 0 for "all"), or None when missing or forged."""
        raw = self.args[index] if len(self.args) > index else ""
        return int(raw) if raw.isdecimal() else None


def parse(data: str | None) -> Callback | None:
    if not data:
        return None
    parts = data.split(SEP)
    if len(parts) < 2:
        return None
    return Callback(parts[0], parts[1], tuple(parts[2:]))


def pattern(namespace: str, verb: str | None = None) -> str:
    """A regex for CallbackQueryHandler matching one namespace (and verb)."""
    if verb is None:
        return rf"^{namespace}{SEP}"
    return rf"^{namespace}{SEP}{verb}(?:{SEP}|$)"


@dataclass(frozen=True)
class Namespace:
    """One feature's buttons: `button()` packs its callback data, `on()` routes a verb."""

    name: str

    def data(self, *parts: str | int) -> str:
        """The packed callback data of one of this feature's buttons."""
        return pack(self.name, *parts)

    def button(self, text: str, *parts: str | int) -> InlineKeyboardButton:
        return InlineKeyboardButton(text, callback_data=pack(self.name, *parts))

    def on(self, callback: Callable[..., Any], verb: str) -> CallbackQueryHandler:
        return CallbackQueryHandler(callback, pattern=pattern(self.name, verb))


def callback_of(update: Update) -> Callback | None:
    """The pressed button's data, parsed (untrusted: re-check every id in it)."""
    query = update.callback_query
    return parse(query.data) if query is not None else None


def callback_arg(update: Update, index: int = 0) -> str:
    callback = callback_of(update)
    return callback.args[index] if callback and len(callback.args) > index else ""


def callback_id(update: Update, index: int = 0) -> int | None:
    """The button's argument as a positive id, or None when missing or forged."""
    callback = callback_of(update)
    return callback.int_arg(index) if callback else None


def callback_number(update: Update, index: int = 0) -> int | None:
    """The button's argument as a number ≥ 0 (a page; 0 for "all"), or None when forged."""
    callback = callback_of(update)
    return callback.number_arg(index) if callback else None
