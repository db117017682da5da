"""What Telegram allows and how it refuses: limits, refusal texts, and the error they travel in."""

from __future__ import annotations

import re
from typing import Any

JSONDict = dict[str, Any]

TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?")
BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_BYTES = 64
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_POLL_SECONDS = 50.0

MSG_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
MSG_QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
MSG_BLOCKED = "Forbidden: bot was blocked by the user"
MSG_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
MSG_BAD_MARKUP = "Bad Request: can't parse reply keyboard markup JSON object"
MSG_WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
MSG_BAD_MEDIA = "Bad Request: can't parse InputMedia JSON object"
MISSING_PARAM = {
    "chat_id": "Bad Request: chat_id is empty",
    "text": "Bad Request: message text is empty",
    "photo": "Bad Request: there is no photo in the request",
    "document": "Bad Request: there is no document in the request",
    "message_id": "Bad Request: message identifier is not specified",
    "callback_query_id": MSG_QUERY_INVALID,
    "file_id": "Bad Request: invalid file_id",
}
BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


class ApiError(Exception):
    """A refusal answered in Telegram's error shape."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.code = code
