"""The chat channel: notices to residents through the bot itself.

`OutboxMessage(channel=CHAT, recipient=str(telegram_user_id), body=<HTML>,
attachments={"photo_file_id": "..."})`. With a photo, the body is its caption when it fits
Telegram's 1,024 characters (counted without the HTML tags); otherwise the photo goes first and
the text after it. A photo Telegram no longer knows (wrong file identifier) is skipped: the text
alone still goes out.

Without a photo of its own, a notice may name the community's logo instead,
``attachments={"logo_sha256": "..."}`` (SPEC §4.6): the logo is then the photo. It is uploaded
once per sender and image; later notices reuse the file_id Telegram gave it. A logo replaced
since the notice was queued is left out, never the notice.

Outcomes (the outbox worker records them):

- 429 `RetryAfter` → RETRY after exactly the time Telegram asked for;
- `Forbidden` (the person blocked the bot, or deleted the account) → FAILED, never retried;
- `BadRequest` ("chat not found", text Telegram cannot parse) → FAILED: resending is useless;
- time-outs and other network errors → RETRY.

Trade-off: the Bot API has no idempotency key and no way to ask "did this message arrive?", so
this sender cannot reconcile. A time-out after Telegram took the message, or a crash before the
worker recorded it, sends the notice again: a rare duplicate notice is better than a resident
never told about a parcel. Retries stay conservative — the worker's back-off starts at 30 s and
doubles — and everything that will fail again is FAILED at once. Logs name the outbox id only.
"""

from __future__ import annotations

import html
import logging
import re
import warnings
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from telegram import Bot, InputFile, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from models.logos import CHAT_LOGO_KEY, logo_by_checksum
from models.outbox import OutboxMessage
from notifier.base import SendResult

log = logging.getLogger(__name__)

PHOTO_KEY = "photo_file_id"
CAPTION_LIMIT = int(MessageLimit.CAPTION_LENGTH)
TEXT_LIMIT = int(MessageLimit.MAX_TEXT_LENGTH)

_TAG = re.compile(r"<[^>]*>")
_PHOTO_PROBLEMS = ("wrong file identifier", "file", "photo", "image")


def visible_length(html_text: str) -> int:
    """Characters Telegram counts for an HTML text: tags dropped, entities decoded, UTF-16."""
    plain = html.unescape(_TAG.sub("", html_text))
    return len(plain.encode("utf-16-le")) // 2


def photo_of(attachments: Any) -> str | None:
    """The photo's file_id: ``{"photo_file_id": ...}``, or the first such spec in a list."""
    specs = attachments if isinstance(attachments, list) else [attachments]
    for spec in specs:
        if isinstance(spec, Mapping):
            value = spec.get(PHOTO_KEY)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def logo_of(attachments: Any) -> str | None:
    """The SHA-256 of the logo to show with the notice (``{"logo_sha256": ...}``), if any."""
    if isinstance(attachments, Mapping):
        value = attachments.get(CHAT_LOGO_KEY)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def retry_after_of(exc: RetryAfter) -> timedelta:
    """Telegram's wait as a timedelta (PTB 22 warns when the attribute is read as seconds)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    if isinstance(value, timedelta):
        return value
    return timedelta(seconds=float(value))


def classify(exc: TelegramError) -> SendResult:
    """Map a Bot API error to RETRY or FAILED (see the module docstring)."""
    if isinstance(exc, RetryAfter):
        wait = retry_after_of(exc)
        return SendResult.retry(f"Telegram flood control: retry in {wait}", retry_after=wait)
    if isinstance(exc, Forbidden):
        return SendResult.failed(f"Telegram refused: {exc.message}")
    if isinstance(exc, BadRequest):
        return SendResult.failed(f"Telegram bad request: {exc.message}")
    if isinstance(exc, ChatMigrated):
        return SendResult.failed("the chat became a supergroup; not a person's chat")
    if isinstance(exc, TimedOut):
        return SendResult.retry("Telegram timed out (the message may have arrived)")
    if isinstance(exc, NetworkError):
        return SendResult.retry(f"Telegram network error: {exc.message}")
    return SendResult.retry(f"Telegram error: {type(exc).__name__}: {exc.message}")


def _photo_problem(exc: BadRequest) -> bool:
    text = exc.message.lower()
    return "chat not found" not in text and any(word in text for word in _PHOTO_PROBLEMS)


def _provider_id(sent: Message) -> str:
    return f"{sent.chat_id}:{sent.message_id}"[:64]


class ChatSender:
    """Sends chat notices with the application's bot (its rate limiter applies in production)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._logo_file_ids: dict[str, str] = {}
        """Logo SHA-256 → the file_id Telegram gave it on its first upload by this bot."""

    async def send(self, message: OutboxMessage) -> SendResult:
        try:
            chat_id = int(message.recipient)
        except ValueError:
            return SendResult.failed("the recipient is not a Telegram chat id")
        if not message.body.strip():
            return SendResult.failed("empty chat notice")
        if visible_length(message.body) > TEXT_LIMIT:
            return SendResult.failed(f"chat notice longer than {TEXT_LIMIT} characters")
        photo: str | InputFile | None = photo_of(message.attachments)
        logo = logo_of(message.attachments) if photo is None else None
        if logo is not None:
            photo = await self._logo_photo(logo)
        try:
            if photo is None:
                return SendResult.sent(_provider_id(await self._text(chat_id, message.body)))
            return await self._with_photo(message, chat_id, photo, logo)
        except TelegramError as exc:
            result = classify(exc)
            log.info("chat #%s: %s", message.id, result.outcome.value)
            return result

    async def _text(self, chat_id: int, body: str) -> Message:
        return await self.bot.send_message(chat_id=chat_id, text=body, parse_mode=ParseMode.HTML)

    async def _logo_photo(self, sha256: str) -> str | InputFile | None:
        """The logo as Telegram knows it already, or its bytes to upload; None if gone."""
        known = self._logo_file_ids.get(sha256)
        if known is not None:
            return known
        logo = await logo_by_checksum(sha256)
        if logo is None:
            return None
        return InputFile(bytes(logo.jpeg), filename="logo.jpg")

    async def _with_photo(
        self, message: OutboxMessage, chat_id: int, photo: str | InputFile, logo: str | None
    ) -> SendResult:
        caption = message.body if visible_length(message.body) <= CAPTION_LIMIT else None
        try:
            sent = await self.bot.send_photo(
                chat_id=chat_id,
                photo=photo,
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
            )
        except BadRequest as exc:
            if not _photo_problem(exc):
                raise
            if logo is not None:
                self._logo_file_ids.pop(logo, None)  # upload it afresh next time
            log.warning("chat #%s: photo refused (%s); sending the text alone", message.id, exc)
            return SendResult.sent(_provider_id(await self._text(chat_id, message.body)))
        if logo is not None and sent.photo:
            self._logo_file_ids[logo] = sent.photo[-1].file_id
        if caption is None:
            sent = await self._text(chat_id, message.body)
        return SendResult.sent(_provider_id(sent))


__all__ = [
    "CAPTION_LIMIT",
    "PHOTO_KEY",
    "ChatSender",
    "classify",
    "logo_of",
    "photo_of",
    "visible_length",
]
