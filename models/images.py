"""Logo image rules (SPEC §4.6; seed: ".JPG o .JPEG, máximo 2 MB, 600 x 600"), pure Pillow.

An upload is accepted only if its *content* is JPEG (the file name and the MIME type Telegram
reports are never looked at), it weighs at most 2 MB (checked on `len(data)`, before anything
is parsed), its header declares at most `MAX_PIXELS` pixels (checked before any pixel is
decoded: a small file can declare a huge image) and it decodes completely (truncated or corrupt
files are refused; `ImageFile.LOAD_TRUNCATED_IMAGES` must stay False).

What is kept is always a fresh JPEG: EXIF orientation applied, colours converted to sRGB RGB,
every piece of metadata dropped (EXIF, GPS, comments, XMP, ICC), and a picture that is larger
than 600×600 or not square cut to a centred square and resized to at most 600×600.

No database and no Telegram here: bytes in, bytes (or a reason) out. The work is CPU-bound
(≈ 50 ms for a 12-megapixel photo thanks to `draft()`), so async callers may run it in a thread.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

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


@dataclass(frozen=True)
class PreparedLogo:
    """An accepted upload turned into what is kept: a clean, square JPEG of at most 600×600."""

    jpeg: bytes
    width: int
    height: int
    source_width: int
    source_height: int
    sha256: str

    @property
    def cropped(self) -> bool:
        return self.source_width != self.source_height

    @property
    def resized(self) -> bool:
        return min(self.source_width, self.source_height) > self.width

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


def _decode(data: bytes) -> _Decoded | ImageRefusal:
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
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale while both sides stay ≥ 600: the
            # whole file is still read, so damage still shows, in a fraction of the time.
            image.draft("RGB", (TARGET_SIDE, TARGET_SIDE))
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


def _square(image: Image.Image) -> Image.Image:
    """The centred square, resized to at most TARGET_SIDE on a side."""
    width, height = image.size
    side = min(width, height)
    if width != height:
        left = (width - side) // 2
        top = (height - side) // 2
        image = image.crop((left, top, left + side, top + side))
    if side > TARGET_SIDE:
        image = image.resize((TARGET_SIDE, TARGET_SIDE), Image.Resampling.LANCZOS)
    return image


def prepare_logo(data: bytes) -> PreparedLogo:
    """Check and normalise in one decode; raises `LogoRefused` with the reason."""
    refusal = _precheck(data)
    if refusal is not None:
        raise LogoRefused(refusal)
    decoded = _decode(data)
    if isinstance(decoded, ImageRefusal):
        raise LogoRefused(decoded)
    with decoded.image:
        try:
            source_width, source_height = _oriented_size(decoded)
            upright = ImageOps.exif_transpose(decoded.image)
            square = _to_srgb(_square(upright))
        except Exception as exc:  # a malformed EXIF block or colour profile
            raise LogoRefused(ImageRefusal.DAMAGED) from exc
    # Nothing of the upload's metadata survives: a fresh JPEG from the pixels alone.
    square.info = {}
    out = io.BytesIO()
    square.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    jpeg = out.getvalue()
    width, height = square.size
    return PreparedLogo(
        jpeg=jpeg,
        width=width,
        height=height,
        source_width=source_width,
        source_height=source_height,
        sha256=hashlib.sha256(jpeg).hexdigest(),
    )


def normalise_logo(data: bytes) -> bytes:
    """The JPEG to keep for this upload (square, ≤ 600×600, no metadata); raises `LogoRefused`."""
    return prepare_logo(data).jpeg


def square_crop_preview(data: bytes) -> bytes:
    """What the person is shown before saving: exactly the bytes that `normalise_logo` keeps."""
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
