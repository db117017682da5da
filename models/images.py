"""Logo image rules (SPEC §4.6; seed: ".JPG o .JPEG, máximo 2 MB, 600 x 600"), pure Pillow.

An upload is accepted only if its *content* is JPEG (the file name and the MIME type Telegram
reports are never looked at), it weighs at most 2 MB (checked on `len(data)`, before anything
is parsed), its header declares at most `MAX_PIXELS` pixels (checked before any pixel is
decoded: a small file can declare a huge image) and it decodes completely (truncated or corrupt
files are refused; `ImageFile.LOAD_TRUNCATED_IMAGES` must stay False).

What is kept is always a fresh JPEG: EXIF orientation applied, colours converted to sRGB RGB,
every piece of metadata dropped (EXIF, GPS, comments, XMP, ICC), and exactly the square the
person chose (`CropBox`, seed 001: "mover el recuadro punteado"; the largest centred square
unless moved) resized to at most 600×600. `crop_preview` draws that square, dashed, on a
downscaled copy of the picture so the person can move it before saving.

No database and no Telegram here: bytes in, bytes (or a reason) out. The work is CPU-bound
(≈ 50 ms for a 12-megapixel photo thanks to `draft()`), so async callers may run it in a thread.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from PIL import Image, ImageCms, ImageDraw, ImageFile, ImageOps, UnidentifiedImageError

from models.errors import DomainError

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
"""The seed's "peso máximo 2 MB"."""

MAX_PIXELS = 40_000_000
"""Declared width × height above this is a decompression bomb (Pillow's own default is 89 M)."""

TARGET_SIDE = 600
"""The seed's "resolución recomendada 600 x 600": the kept logo is a square of at most this."""

JPEG_QUALITY = 88

JPEG_MAGIC = b"\xff\xd8\xff"
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO"})
"""MPO: what Pillow calls a camera JPEG with extra preview frames; its first frame is JPEG."""

# Start-of-frame markers carry the image size: C0–CF except DHT (C4), JPG (C8) and DAC (CC).
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length: TEM, RST0–7, SOI.
_STANDALONE_MARKERS = frozenset({0x01, 0xD8, *range(0xD0, 0xD8)})

_ORIENTATION = 0x0112  # the EXIF tag
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRefusal(StrEnum):
    """Why an image is not accepted as a logo (bot/texts/logos.py says each in Spanish)."""

    EMPTY = "empty"
    TOO_HEAVY = "too_heavy"
    FORMAT = "format"
    TOO_MANY_PIXELS = "too_many_pixels"
    DAMAGED = "damaged"


class LogoRefused(DomainError, ValueError):
    """Raised by `normalise_logo` and friends; `reason` says why."""

    def __init__(self, reason: ImageRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class LogoCheck:
    """The verdict on an upload: refused with a reason, or accepted with its size as shown."""

    refusal: ImageRefusal | None
    width: int = 0
    height: int = 0

    @property
    def ok(self) -> bool:
        return self.refusal is None

    @property
    def needs_crop(self) -> bool:
        """Larger than 600×600 or not square: the kept logo will differ in size from the upload."""
        return self.ok and (self.width != self.height or self.width > TARGET_SIDE)


class BoxMove(StrEnum):
    """One tap on the crop box: a step in a direction, or a step bigger or smaller."""

    LEFT = "left"
    RIGHT = "right"
    UP = "up"
    DOWN = "down"
    BIGGER = "bigger"
    SMALLER = "smaller"


BOX_STEP = 0.10
"""A tap moves or resizes the box by 10 % of the picture's shorter side (at least 1 px)."""

BOX_MIN_FRACTION = 0.10
BOX_MIN_PIXELS = 50
"""The box never gets smaller than 10 % of the shorter side or 50 px, whichever is larger (a
picture shorter than 50 px keeps its whole shorter side): a smaller logo would only be a blur
once shown at 600×600."""


@dataclass(frozen=True)
class CropBox:
    """The square kept as the logo, in the pixels of the upload as people see it (EXIF
    orientation applied): `left`, `top` and `side` of a picture of `image_width` ×
    `image_height`. Always entirely inside the picture and between `min_side` and the
    shorter side; anything else is a `ValueError`.
    """

    image_width: int
    image_height: int
    left: int
    top: int
    side: int

    def __post_init__(self) -> None:
        if self.image_width < 1 or self.image_height < 1:
            raise ValueError("a crop box needs a picture of at least 1×1")
        if not self.min_side <= self.side <= self.max_side:
            raise ValueError("the crop box's side is out of bounds")
        if not (
            0 <= self.left <= self.image_width - self.side
            and 0 <= self.top <= self.image_height - self.side
        ):
            raise ValueError("the crop box is outside the picture")

    @classmethod
    def centred(cls, width: int, height: int) -> CropBox:
        """The largest centred square: what is kept unless the person moves the box."""
        side = min(width, height)
        return cls(width, height, (width - side) // 2, (height - side) // 2, side)

    @property
    def max_side(self) -> int:
        return min(self.image_width, self.image_height)

    @property
    def min_side(self) -> int:
        shorter = self.max_side
        return min(shorter, max(BOX_MIN_PIXELS, math.ceil(shorter * BOX_MIN_FRACTION)))

    @property
    def step(self) -> int:
        return max(1, round(self.max_side * BOX_STEP))

    @property
    def whole_picture(self) -> bool:
        """The box is the whole picture (a square upload, box untouched or back to full)."""
        return self.side == self.image_width == self.image_height

    def moved(self, move: BoxMove) -> CropBox:
        """The box one step further; the same box when it cannot go that way (it already
        touches that edge, or is already at its largest or smallest). A step that would cross
        an edge stops at it. Resizing keeps the box's centre where the picture allows."""
        left, top, side = self.left, self.top, self.side
        step = self.step
        if move is BoxMove.LEFT:
            left -= step
        elif move is BoxMove.RIGHT:
            left += step
        elif move is BoxMove.UP:
            top -= step
        elif move is BoxMove.DOWN:
            top += step
        else:
            wanted = side + step if move is BoxMove.BIGGER else side - step
            new_side = min(max(wanted, self.min_side), self.max_side)
            left += (side - new_side) // 2
            top += (side - new_side) // 2
            side = new_side
        left = min(max(left, 0), self.image_width - side)
        top = min(max(top, 0), self.image_height - side)
        return replace(self, left=left, top=top, side=side)

    def within(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The box in a copy of the picture scaled to `width` × `height` (left, top, right,
        bottom, as Pillow crops), still square and inside it."""
        scale = width / self.image_width
        side = max(1, min(round(self.side * scale), width, height))
        left = min(max(round(self.left * scale), 0), width - side)
        top = min(max(round(self.top * height / self.image_height), 0), height - side)
        return left, top, left + side, top + side


@dataclass(frozen=True)
class PreparedLogo:
    """An accepted upload turned into what is kept: a clean, square JPEG of at most 600×600."""

    jpeg: bytes
    width: int
    height: int
    source_width: int
    source_height: int
    sha256: str
    box: CropBox
    """The square of the upload that was kept (the centred one unless the person moved it)."""

    @property
    def cropped(self) -> bool:
        return not (self.box.side == self.source_width == self.source_height)

    @property
    def resized(self) -> bool:
        return self.box.side > self.width

    @property
    def changed(self) -> bool:
        """The kept picture is not the upload's picture at its own size."""
        return self.cropped or self.resized


def declared_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's start-of-frame header, without decoding anything.

    None when no frame header comes before the image data (Pillow then decides).
    """
    n = len(data)
    i = 2 if data.startswith(b"\xff\xd8") else n
    while i + 4 <= n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _STANDALONE_MARKERS:
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before
            return None
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2:
            return None
        if marker in _SOF_MARKERS:
            if i + 9 > n:
                return None
            height = int.from_bytes(data[i + 5 : i + 7], "big")
            width = int.from_bytes(data[i + 7 : i + 9], "big")
            return width, height
        i += 2 + length
    return None


def _precheck(data: bytes) -> ImageRefusal | None:
    """The checks that read no pixel: weight, magic bytes, declared size."""
    if not data:
        return ImageRefusal.EMPTY
    if len(data) > MAX_BYTES:
        return ImageRefusal.TOO_HEAVY
    if not data.startswith(JPEG_MAGIC):
        return ImageRefusal.FORMAT
    size = declared_size(data)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        return ImageRefusal.TOO_MANY_PIXELS
    return None


@dataclass(frozen=True)
class _Decoded:
    image: Image.Image
    width: int  # the upload's own size, before draft() scaled the decoding down
    height: int


DraftSize = Callable[[int, int], tuple[int, int]]
"""From the upload's stored width and height, the smallest size worth decoding it at."""


def _logo_draft(width: int, height: int) -> tuple[int, int]:
    return TARGET_SIDE, TARGET_SIDE


def _decode(data: bytes, draft_size: DraftSize = _logo_draft) -> _Decoded | ImageRefusal:
    """Open and fully decode an upload that passed `_precheck`, or say why not."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Someone switched Pillow to accept cut files; refuse rather than keep half a logo.
        log.error("ImageFile.LOAD_TRUNCATED_IMAGES is on: logo uploads are refused")
        return ImageRefusal.DAMAGED
    try:
        with warnings.catch_warnings():
            # Our own limit is far lower and checked first; this only backs it up.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS))
            if image.format not in ACCEPTED_FORMATS:
                return ImageRefusal.FORMAT
            width, height = image.size
            if width * height > MAX_PIXELS:
                return ImageRefusal.TOO_MANY_PIXELS
            if width < 1 or height < 1:
                return ImageRefusal.DAMAGED
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale while both sides stay ≥ the size asked
            # for: the whole file is still read, so damage still shows, in a fraction of the time.
            image.draft("RGB", draft_size(width, height))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageRefusal.TOO_MANY_PIXELS
    except UnidentifiedImageError:
        return ImageRefusal.FORMAT
    except Exception:  # Pillow raises many kinds of errors on hostile input
        log.info("refused a logo upload that does not decode", exc_info=True)
        return ImageRefusal.DAMAGED
    return _Decoded(image, width, height)


def validate_logo(data: bytes) -> LogoCheck:
    """Is this upload acceptable as a logo? Decodes it fully (that is how damage shows)."""
    try:
        prepared = prepare_logo(data)
    except LogoRefused as refused:
        return LogoCheck(refused.reason)
    return LogoCheck(None, prepared.source_width, prepared.source_height)


def _oriented_size(decoded: _Decoded) -> tuple[int, int]:
    """The upload's size as people see it (EXIF orientation 5–8 swaps the sides)."""
    if decoded.image.getexif().get(_ORIENTATION) in (5, 6, 7, 8):
        return decoded.height, decoded.width
    return decoded.width, decoded.height


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB in sRGB, whatever the JPEG held (grey, CMYK, an embedded colour profile)."""
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            log.info("ignoring an unusable colour profile in a logo upload")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB") if image.mode != "RGB" else image


def _upright(data: bytes, draft_size: DraftSize) -> tuple[Image.Image, int, int]:
    """The upload as people see it (oriented, sRGB RGB) and its size before any scaling;
    raises `LogoRefused`. The image may be decoded smaller than that size (`draft_size`)."""
    refusal = _precheck(data)
    if refusal is not None:
        raise LogoRefused(refusal)
    decoded = _decode(data, draft_size)
    if isinstance(decoded, ImageRefusal):
        raise LogoRefused(decoded)
    with decoded.image:
        try:
            source_width, source_height = _oriented_size(decoded)
            upright = _to_srgb(ImageOps.exif_transpose(decoded.image))
        except Exception as exc:  # a malformed EXIF block or colour profile
            raise LogoRefused(ImageRefusal.DAMAGED) from exc
    return upright, source_width, source_height


def _encode(image: Image.Image, quality: int = JPEG_QUALITY) -> bytes:
    # Nothing of the upload's metadata survives: a fresh JPEG from the pixels alone.
    image.info = {}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def prepare_logo(data: bytes, box: CropBox | None = None) -> PreparedLogo:
    """Check and normalise in one decode; raises `LogoRefused` with the reason.

    What is kept is exactly `box` (the largest centred square when None), resized to at most
    600×600. A box made for a picture of another size is a `ValueError`.
    """
    wanted = box.side if box is not None else None

    def draft_size(width: int, height: int) -> tuple[int, int]:
        # Decode just large enough that the box still holds min(its side, 600) pixels.
        side = wanted if wanted is not None else min(width, height)
        keep = min(side, TARGET_SIDE)
        return math.ceil(width * keep / side), math.ceil(height * keep / side)

    upright, source_width, source_height = _upright(data, draft_size)
    if box is None:
        box = CropBox.centred(source_width, source_height)
    elif (box.image_width, box.image_height) != (source_width, source_height):
        raise ValueError("the crop box was made for a picture of another size")
    with upright:
        square = upright.crop(box.within(*upright.size))
    side = min(box.side, TARGET_SIDE)
    if square.size != (side, side):
        square = square.resize((side, side), Image.Resampling.LANCZOS)
    jpeg = _encode(square)
    return PreparedLogo(
        jpeg=jpeg,
        width=side,
        height=side,
        source_width=source_width,
        source_height=source_height,
        sha256=hashlib.sha256(jpeg).hexdigest(),
        box=box,
    )


PREVIEW_SIDE = 800
"""The crop preview is at most this on its longer side (a phone shows no more)."""
PREVIEW_MIN_SIDE = 320
"""A tiny upload is enlarged to this on its longer side, so the dashed square can be seen."""
PREVIEW_QUALITY = 80
_DIM = 0.45  # brightness of what falls outside the box
_DASH_COLOURS = ((255, 255, 255), (0, 0, 0))  # white and black dashes show on any picture


def _dashed_square(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Draw the box's outline inside its edges in alternating white and black dashes."""
    left, top, right, bottom = box
    longer = max(image.size)
    width = max(2, round(longer / 200))
    dash = max(6, width * 4)
    draw = ImageDraw.Draw(image)
    last_x, last_y = right - 1, bottom - 1
    for index, start in enumerate(range(left, right, dash)):
        end = min(start + dash, right) - 1
        colour = _DASH_COLOURS[index % 2]
        draw.rectangle((start, top, end, min(top + width - 1, last_y)), fill=colour)
        draw.rectangle((start, max(bottom - width, top), end, last_y), fill=colour)
    for index, start in enumerate(range(top, bottom, dash)):
        end = min(start + dash, bottom) - 1
        colour = _DASH_COLOURS[index % 2]
        draw.rectangle((left, start, min(left + width - 1, last_x), end), fill=colour)
        draw.rectangle((max(right - width, left), start, last_x, end), fill=colour)


def crop_preview(data: bytes, box: CropBox | None = None) -> bytes:
    """What the person is shown while choosing: the whole upload (at most 800 px a side, a
    JPEG) with `box` (the centred square when None) outlined in dashes and the rest dimmed.
    Raises `LogoRefused` like `prepare_logo`; a box for another size is a `ValueError`."""

    def draft_size(width: int, height: int) -> tuple[int, int]:
        longer = max(width, height)
        return math.ceil(width * PREVIEW_SIDE / longer), math.ceil(height * PREVIEW_SIDE / longer)

    upright, source_width, source_height = _upright(data, draft_size)
    if box is None:
        box = CropBox.centred(source_width, source_height)
    elif (box.image_width, box.image_height) != (source_width, source_height):
        raise ValueError("the crop box was made for a picture of another size")
    with upright:
        longer = max(source_width, source_height)
        scale = min(max(longer, PREVIEW_MIN_SIDE), PREVIEW_SIDE) / longer
        size = (max(1, round(source_width * scale)), max(1, round(source_height * scale)))
        shown = upright.resize(size, Image.Resampling.LANCZOS)
    inside = box.within(*shown.size)
    kept = shown.crop(inside)
    preview = Image.eval(shown, lambda value: int(value * _DIM))
    preview.paste(kept, inside[:2])
    _dashed_square(preview, inside)
    return _encode(preview, PREVIEW_QUALITY)


def normalise_logo(data: bytes) -> bytes:
    """The JPEG to keep for this upload (square, ≤ 600×600, no metadata); raises `LogoRefused`."""
    return prepare_logo(data).jpeg


def square_crop_preview(data: bytes) -> bytes:
    """The logo kept when the crop box is not moved: exactly the bytes `normalise_logo` keeps
    (the chat now shows `crop_preview` while the person places the box)."""
    return normalise_logo(data)


# --- signatures (seed 001 "firma": a community's reports) -----------------------------------

SIGNATURE_MAX_WIDTH = 600
"""A signature keeps its aspect ratio and is at most this wide (the seed's 600 px)."""


@dataclass(frozen=True)
class PreparedSignature:
    """An accepted signature upload: a clean JPEG, its aspect ratio kept, ≤ 600 px wide."""

    jpeg: bytes
    width: int
    height: int
    sha256: str


def prepare_signature(data: bytes) -> PreparedSignature:
    """Check a signature upload as a logo is checked (JPEG only, ≤ 2 MB, decodes whole) and
    keep it uncropped: upright, sRGB, at most 600 px wide, no metadata. Raises `LogoRefused`."""
    refusal = _precheck(data)
    if refusal is not None:
        raise LogoRefused(refusal)
    decoded = _decode(data)
    if isinstance(decoded, ImageRefusal):
        raise LogoRefused(decoded)
    with decoded.image:
        try:
            upright = _to_srgb(ImageOps.exif_transpose(decoded.image))
        except Exception as exc:  # a malformed EXIF block or colour profile
            raise LogoRefused(ImageRefusal.DAMAGED) from exc
    width, height = upright.size
    if width > SIGNATURE_MAX_WIDTH:
        height = max(1, round(height * SIGNATURE_MAX_WIDTH / width))
        width = SIGNATURE_MAX_WIDTH
        upright = upright.resize((width, height), Image.Resampling.LANCZOS)
    upright.info = {}
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    jpeg = out.getvalue()
    return PreparedSignature(
        jpeg=jpeg, width=width, height=height, sha256=hashlib.sha256(jpeg).hexdigest()
    )
