"""Photos and documents the bot or the people sent, kept in memory under Telegram-like ids."""

from __future__ import annotations

import asyncio
import io
import itertools
import mimetypes
import pathlib
import re
import secrets
import warnings
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web
from PIL import Image

from sandbox.limits import JSONDict

_SUFFIX_RE = re.compile(r"\.[a-z0-9]{1,8}")


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str
    mime_type: str
    file_path: str
    kind: str
    width: int = 0
    height: int = 0
    # What `file_response` learnt of the bytes: a picture's real MIME type, or "" for anything
    # else (None until asked).
    picture: str | None = None

    def photo_size(self) -> JSONDict:
        """The file as one of a message's `PhotoSize`s."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": len(self.data),
        }

    def document(self) -> JSONDict:
        """The file as a message's `Document`."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }


def image_info(data: bytes) -> tuple[int, int, str | None]:
    """Width, height and MIME type of an image (0, 0, None when Pillow cannot read it)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                mime = Image.MIME.get(image.format or "")
                return int(width), int(height), mime
    except (OSError, ValueError, Image.DecompressionBombError):
        return 0, 0, None


# What a browser shows as a picture and never runs: the only types served inline.
INLINE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"})
MAX_PICTURE_SIDES = 10_000
"""Telegram's limit for a photo's width plus height; a larger picture is not decoded."""


def displayable_image(data: bytes) -> str | None:
    """The real MIME type of a picture that fully decodes (None for anything else)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                mime = Image.MIME.get(image.format or "")
                if mime not in INLINE_IMAGE_TYPES or sum(image.size) > MAX_PICTURE_SIDES:
                    return None
                image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return mime


async def file_response(stored: StoredFile) -> web.Response:
    """A stored file as the browser must get it: never as a page that runs on this origin.

    Whatever type the uploader claimed, the bytes go out as an attachment with `nosniff` and a
    CSP that runs nothing; only a picture that really decodes is shown inline, with its real type.
    """
    if stored.picture is None:
        stored.picture = await asyncio.to_thread(displayable_image, stored.data) or ""
    disposition = "inline" if stored.picture else "attachment"
    return web.Response(
        body=stored.data,
        content_type=stored.picture or "application/octet-stream",
        headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(stored.file_name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def clean_mime(content_type: str | None, filename: str, default: str) -> str:
    """The MIME type a file was sent with, else guessed from its name, else `default`."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime != "application/octet-stream":
        return mime
    return mimetypes.guess_type(filename)[0] or mime or default


class FileStore:
    """Every stored file, by `file_id` (the Bot API) and by `file_path` (downloads)."""

    def __init__(self) -> None:
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)

    def store(self, data: bytes, filename: str, content_type: str | None, kind: str) -> StoredFile:
        """Keep a photo or document and give it fresh ids and a download path."""
        number = next(self._numbers)
        width, height, image_mime = image_info(data) if kind == "photo" else (0, 0, None)
        default_mime = "image/jpeg" if kind == "photo" else "application/octet-stream"
        mime = image_mime or clean_mime(content_type, filename, default_mime)
        suffix = pathlib.PurePosixPath(filename).suffix.lower()
        if image_mime is not None or not _SUFFIX_RE.fullmatch(suffix):
            suffix = mimetypes.guess_extension(mime) or ""
        folder = "photos" if kind == "photo" else "documents"
        prefix = "AgAC" if kind == "photo" else "BQAC"
        stored = StoredFile(
            file_id=f"{prefix}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
            data=data,
            file_name=pathlib.PurePosixPath(filename.replace("\\", "/")).name or f"file_{number}",
            mime_type=mime,
            file_path=f"{folder}/file_{number}{suffix}",
            kind=kind,
            width=width,
            height=height,
        )
        self.by_id[stored.file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored
