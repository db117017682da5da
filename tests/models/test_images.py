"""Logo image rules (models/images.py) on images generated here with Pillow."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable

import pytest
from PIL import Image, ImageCms, ImageFile

from models import images
from models.images import (
    MAX_BYTES,
    MAX_PIXELS,
    PREVIEW_MIN_SIDE,
    PREVIEW_SIDE,
    TARGET_SIDE,
    BoxMove,
    CropBox,
    ImageRefusal,
    LogoRefused,
    crop_preview,
    declared_size,
    normalise_logo,
    prepare_logo,
    square_crop_preview,
    validate_logo,
)

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)
YELLOW = (230, 210, 20)

# --- image factories (the e2e tests use them too) ----------------------------------------------


def encode(image: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg(width: int, height: int, color: tuple[int, int, int] = RED, **options: object) -> bytes:
    """A plain JPEG with a green stripe down its centre (so a centred crop keeps it)."""
    image = Image.new("RGB", (width, height), color)
    stripe = max(2, width // 10)
    image.paste(GREEN, ((width - stripe) // 2, 0, (width + stripe) // 2, height))
    return encode(image, quality=90, **options)


def png_named_jpg() -> bytes:
    """What a person gets renaming logo.png to logo.jpg: the bytes stay PNG."""
    return encode(Image.new("RGB", (300, 300), BLUE), "PNG")


def heavy_jpeg(min_bytes: int = 3 * 1024 * 1024) -> bytes:
    """A real JPEG over 3 MB: random noise at quality 100 does not compress."""
    side = 900
    while True:
        noise = Image.merge("RGB", [Image.effect_noise((side, side), 120) for _ in range(3)])
        data = encode(noise, quality=100, subsampling=0)
        if len(data) >= min_bytes:
            return data
        side += 200


def truncated_jpeg() -> bytes:
    """A photo-like JPEG cut short, as an interrupted transfer leaves it."""
    noise = Image.merge("RGB", [Image.effect_noise((800, 600), 40) for _ in range(3)])
    data = encode(noise, quality=85)
    return data[: len(data) * 2 // 3]


def flat_jpeg(width: int, height: int) -> bytes:
    """A genuine greyscale baseline JPEG of one flat colour, written by hand, of any size.

    Each 8×8 block is two bits (DC difference 0, end of block) with one-symbol Huffman tables,
    so 20000×20000 weighs 1.5 MB: a real decompression bomb under the 2 MB limit. Pillow
    decodes small ones to uniform grey (see `test_flat_jpeg_factory_makes_real_jpegs`).
    """

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload

    quant = segment(0xDB, b"\x00" + b"\x01" * 64)
    frame = segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    one_code_of_length_one = b"\x01" + b"\x00" * 15 + b"\x00"
    huffman = segment(0xC4, b"\x00" + one_code_of_length_one) + segment(
        0xC4, b"\x10" + one_code_of_length_one
    )
    scan = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    bits = ((width + 7) // 8) * ((height + 7) // 8) * 2
    whole, rest = divmod(bits, 8)
    entropy = b"\x00" * whole + (bytes([(1 << (8 - rest)) - 1]) if rest else b"")
    return b"\xff\xd8" + quant + frame + huffman + scan + entropy + b"\xff\xd9"


def oriented_jpeg(orientation: int) -> bytes:
    """400×200 stored, left half red and right half blue, with an EXIF orientation tag."""
    image = Image.new("RGB", (400, 200), RED)
    image.paste(BLUE, (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(image, quality=95, exif=exif.tobytes())


def quadrants(width: int, height: int, **options: object) -> bytes:
    """Four flat quadrants: red top left, blue top right, green bottom left, yellow bottom
    right (so a crop tells where it came from)."""
    image = Image.new("RGB", (width, height), RED)
    half_x, half_y = width // 2, height // 2
    image.paste(BLUE, (half_x, 0, width, half_y))
    image.paste(GREEN, (0, half_y, half_x, height))
    image.paste(YELLOW, (half_x, half_y, width, height))
    return encode(image, quality=95, subsampling=0, **options)


def close(pixel: object, color: tuple[int, int, int], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(a) - b) <= tolerance for a, b in zip(pixel, color, strict=False))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fails the test if Pillow is asked to open anything."""
    calls: list[int] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise AssertionError("the image was opened")

    monkeypatch.setattr(images.Image, "open", refuse)
    return calls


# --- accepted images ---------------------------------------------------------------------------


def test_flat_jpeg_factory_makes_real_jpegs() -> None:
    for width, height in ((64, 64), (100, 37), (2000, 1500)):
        image = opened(flat_jpeg(width, height))
        assert image.format == "JPEG"
        assert image.size == (width, height)
        assert image.getextrema() == (128, 128)


def test_a_900x700_jpeg_becomes_a_centred_600_square() -> None:
    data = jpeg(900, 700)
    check = validate_logo(data)
    assert check.ok
    assert (check.width, check.height) == (900, 700)
    assert check.needs_crop
    prepared = prepare_logo(data)
    assert (prepared.width, prepared.height) == (600, 600)
    assert (prepared.source_width, prepared.source_height) == (900, 700)
    assert prepared.cropped
    assert prepared.resized
    assert prepared.changed
    result = opened(prepared.jpeg)
    assert result.format == "JPEG"
    assert result.size == (600, 600)
    assert result.mode == "RGB"
    # The green stripe was in the middle; a centred crop keeps it in the middle.
    assert close(result.getpixel((300, 300)), GREEN)
    assert close(result.getpixel((20, 300)), RED)
    assert close(result.getpixel((580, 300)), RED)
    assert square_crop_preview(data) == prepared.jpeg == normalise_logo(data)


@pytest.mark.parametrize(
    ("size", "expected", "cropped", "resized"),
    [
        ((500, 500), (500, 500), False, False),
        ((300, 500), (300, 300), True, False),
        ((1200, 1200), (600, 600), False, True),
        ((4000, 3000), (600, 600), True, True),
        ((601, 7000), (600, 600), True, True),
        ((1, 1), (1, 1), False, False),
    ],
)
def test_sizes_end_square_and_at_most_600(
    size: tuple[int, int], expected: tuple[int, int], cropped: bool, resized: bool
) -> None:
    prepared = prepare_logo(jpeg(*size))
    assert (prepared.width, prepared.height) == expected
    assert opened(prepared.jpeg).size == expected
    assert max(expected) <= TARGET_SIDE
    assert (prepared.cropped, prepared.resized) == (cropped, resized)


def test_a_square_600_logo_is_kept_at_its_size_but_reencoded_clean() -> None:
    data = jpeg(600, 600, comment=b"hecho por alguien")
    check = validate_logo(data)
    assert check.ok
    assert not check.needs_crop
    prepared = prepare_logo(data)
    assert (prepared.width, prepared.height) == (600, 600)
    assert not prepared.changed
    assert b"hecho por alguien" not in prepared.jpeg


def test_exif_orientation_is_applied_before_cropping() -> None:
    # Orientation 6: shown turned 90° clockwise, so the stored left half (red) ends on top.
    prepared = prepare_logo(oriented_jpeg(6))
    assert (prepared.source_width, prepared.source_height) == (200, 400)
    result = opened(prepared.jpeg)
    assert result.size == (200, 200)
    assert close(result.getpixel((100, 15)), RED)
    assert close(result.getpixel((100, 185)), BLUE)
    # Without a turn (orientation 1) the same crop keeps red on the left, blue on the right.
    upright = opened(prepare_logo(oriented_jpeg(1)).jpeg)
    assert close(upright.getpixel((15, 100)), RED)
    assert close(upright.getpixel((185, 100)), BLUE)


def test_every_piece_of_metadata_is_stripped() -> None:
    exif = Image.Exif()
    exif[0x010F] = "CámaraSecreta"  # Make
    exif[0x0131] = "EditorSecreto"  # Software
    exif[0x0112] = 1
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = jpeg(
        800,
        600,
        exif=exif.tobytes(),
        comment=b"comentario-secreto",
        icc_profile=srgb,
        dpi=(300, 300),
    )
    source = opened(data)
    assert "exif" in source.info
    assert "icc_profile" in source.info
    assert "comment" in source.info
    kept = prepare_logo(data).jpeg
    result = opened(kept)
    assert not result.getexif()
    for key in ("exif", "icc_profile", "comment", "xmp"):
        assert key not in result.info, key
    for secret in (b"Secreta", b"Secreto", b"comentario", b"Exif", b"ICC_PROFILE"):
        assert secret not in kept, secret


def test_cmyk_and_grey_jpegs_come_out_rgb() -> None:
    cmyk = encode(Image.new("CMYK", (700, 700), (0, 255, 255, 0)), quality=90)
    result = opened(prepare_logo(cmyk).jpeg)
    assert result.mode == "RGB"
    assert close(result.getpixel((300, 300)), (255, 0, 0), tolerance=60)
    grey = encode(Image.new("L", (300, 200), 90), quality=90)
    result = opened(prepare_logo(grey).jpeg)
    assert result.mode == "RGB"
    assert result.size == (200, 200)


def test_the_output_is_deterministic_so_a_preview_can_be_rebuilt() -> None:
    data = jpeg(900, 700)
    assert prepare_logo(data).sha256 == prepare_logo(data).sha256


# --- refusals ----------------------------------------------------------------------------------


def test_a_png_renamed_jpg_is_refused_as_format() -> None:
    assert validate_logo(png_named_jpg()).refusal is ImageRefusal.FORMAT
    with pytest.raises(LogoRefused) as refused:
        normalise_logo(png_named_jpg())
    assert refused.value.reason is ImageRefusal.FORMAT


@pytest.mark.parametrize(
    "factory",
    [
        lambda: encode(Image.new("RGB", (50, 50)), "GIF"),
        lambda: encode(Image.new("RGB", (50, 50)), "WEBP"),
        lambda: encode(Image.new("RGB", (50, 50)), "BMP"),
        lambda: b"%PDF-1.7 esto no es una imagen",
        lambda: b"hola",
    ],
)
def test_other_formats_are_refused_as_format(factory: Callable[[], bytes]) -> None:
    assert validate_logo(factory()).refusal is ImageRefusal.FORMAT


def test_empty_is_refused() -> None:
    assert validate_logo(b"").refusal is ImageRefusal.EMPTY


def test_a_3_mb_jpeg_is_refused_as_too_heavy_without_decoding(no_decoding: list[int]) -> None:
    data = heavy_jpeg()
    assert len(data) > 3 * 1024 * 1024
    assert validate_logo(data).refusal is ImageRefusal.TOO_HEAVY
    assert no_decoding == []


def test_the_weight_limit_is_2_mb_exactly(no_decoding: list[int]) -> None:
    assert MAX_BYTES == 2 * 1024 * 1024
    over = b"\xff\xd8\xff" + b"\x00" * (MAX_BYTES - 2)
    assert len(over) == MAX_BYTES + 1
    assert validate_logo(over).refusal is ImageRefusal.TOO_HEAVY
    assert validate_logo(b"\x00" * (40 * 1024 * 1024)).refusal is ImageRefusal.TOO_HEAVY
    assert no_decoding == []


def test_a_truncated_jpeg_is_refused_as_damaged() -> None:
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert validate_logo(truncated_jpeg()).refusal is ImageRefusal.DAMAGED
    cut_flat = jpeg(900, 700)
    assert validate_logo(cut_flat[: len(cut_flat) // 2]).refusal is ImageRefusal.DAMAGED


def test_garbage_after_a_jpeg_header_is_refused_as_damaged() -> None:
    assert validate_logo(b"\xff\xd8\xff\xe0" + b"\x13" * 500).refusal is ImageRefusal.DAMAGED
    header_only = jpeg(100, 100)[:200]
    assert validate_logo(header_only).refusal is ImageRefusal.DAMAGED


def test_a_20000x20000_jpeg_is_refused_from_its_header(no_decoding: list[int]) -> None:
    bomb = flat_jpeg(20000, 20000)
    assert len(bomb) < MAX_BYTES  # small on the wire, 400 megapixels once decoded
    assert declared_size(bomb) == (20000, 20000)
    assert validate_logo(bomb).refusal is ImageRefusal.TOO_MANY_PIXELS
    assert no_decoding == []


def test_the_pixel_limit_sits_between_600x600_and_pillows_default() -> None:
    assert 600 * 600 * 10 < MAX_PIXELS < Image.MAX_IMAGE_PIXELS // 2
    just_over = flat_jpeg(8000, 5008)  # 40.06 megapixels
    assert MAX_PIXELS < 8000 * 5008
    assert validate_logo(just_over).refusal is ImageRefusal.TOO_MANY_PIXELS
    just_under = flat_jpeg(6000, 6000)  # 36 megapixels, still decoded cheaply thanks to draft
    prepared = prepare_logo(just_under)
    assert (prepared.width, prepared.height) == (600, 600)


def test_pillow_bomb_checks_back_up_the_header_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # If the header check missed a size (here: made blind), Pillow's own limits still refuse.
    monkeypatch.setattr(images, "declared_size", lambda data: None)
    assert validate_logo(flat_jpeg(20000, 20000)).refusal is ImageRefusal.TOO_MANY_PIXELS
    assert validate_logo(flat_jpeg(10000, 10000)).refusal is ImageRefusal.TOO_MANY_PIXELS
    assert validate_logo(flat_jpeg(7000, 6000)).refusal is ImageRefusal.TOO_MANY_PIXELS


def test_truncated_images_are_refused_even_if_pillow_is_switched_to_accept_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    assert validate_logo(truncated_jpeg()).refusal is ImageRefusal.DAMAGED


def test_declared_size_reads_frame_headers_only() -> None:
    assert declared_size(jpeg(321, 123)) == (321, 123)
    assert declared_size(jpeg(321, 123, progressive=True)) == (321, 123)
    assert declared_size(png_named_jpg()) is None
    assert declared_size(b"\xff\xd8\xff\xda\x00\x08") is None
    assert declared_size(b"\xff\xd8") is None


def test_progressive_and_multi_picture_camera_jpegs_are_accepted() -> None:
    progressive = prepare_logo(jpeg(900, 700, progressive=True))
    assert (progressive.width, progressive.height) == (600, 600)
    first = Image.new("RGB", (800, 800), RED)
    preview_frame = Image.new("RGB", (160, 160), BLUE)
    mpo = encode(first, "MPO", save_all=True, append_images=[preview_frame])
    assert opened(mpo).format == "MPO"
    result = opened(prepare_logo(mpo).jpeg)
    assert result.format == "JPEG"
    assert result.size == (600, 600)
    assert not getattr(result, "is_animated", False)
    assert close(result.getpixel((300, 300)), RED)


# --- the crop box (seed 001: "mover el recuadro punteado") -----------------------------------


def moved_until_it_stops(box: CropBox, move: BoxMove) -> tuple[CropBox, int]:
    """Tap `move` until the box stops changing; returns the box and how many taps moved it."""
    taps = 0
    while (after := box.moved(move)) != box:
        box, taps = after, taps + 1
        assert taps < 100
    return box, taps


def test_the_box_starts_as_the_largest_centred_square() -> None:
    assert CropBox.centred(900, 700) == CropBox(900, 700, 100, 0, 700)
    assert CropBox.centred(700, 900) == CropBox(700, 900, 0, 100, 700)
    square = CropBox.centred(500, 500)
    assert (square.left, square.top, square.side) == (0, 0, 500)
    assert square.whole_picture
    assert not CropBox.centred(900, 700).whole_picture


def test_moves_step_a_tenth_of_the_shorter_side_and_stop_at_every_edge() -> None:
    box = CropBox.centred(900, 700)
    assert box.step == 70
    assert box.moved(BoxMove.LEFT) == CropBox(900, 700, 30, 0, 700)
    # The last step stops at the edge instead of crossing it; then the box stays put.
    at_left, taps = moved_until_it_stops(box, BoxMove.LEFT)
    assert (at_left.left, taps) == (0, 2)
    assert at_left.moved(BoxMove.LEFT) == at_left
    at_right, taps = moved_until_it_stops(box, BoxMove.RIGHT)
    assert (at_right.left, taps) == (200, 2)
    # As tall as the picture: it cannot move up or down at all.
    assert box.moved(BoxMove.UP) == box.moved(BoxMove.DOWN) == box
    small = box.moved(BoxMove.SMALLER).moved(BoxMove.SMALLER)
    assert small.side == 560
    at_top, _ = moved_until_it_stops(small, BoxMove.UP)
    at_bottom, _ = moved_until_it_stops(small, BoxMove.DOWN)
    assert (at_top.top, at_bottom.top) == (0, 700 - 560)
    corner, _ = moved_until_it_stops(at_bottom, BoxMove.RIGHT)
    assert (corner.left, corner.top) == (900 - 560, 140)
    assert corner.left + corner.side == 900
    assert corner.top + corner.side == 700


def test_bigger_and_smaller_stay_between_the_minimum_and_the_shorter_side() -> None:
    box = CropBox.centred(900, 700)
    assert box.moved(BoxMove.BIGGER) == box  # already the shorter side
    smallest, taps = moved_until_it_stops(box, BoxMove.SMALLER)
    assert smallest.side == smallest.min_side == 70  # 10 % of 700 beats 50 px
    assert taps == 9
    # Shrinking keeps the centre.
    assert abs((smallest.left + smallest.side / 2) - 450) <= 1
    assert abs((smallest.top + smallest.side / 2) - 350) <= 1
    biggest, _ = moved_until_it_stops(smallest, BoxMove.BIGGER)
    assert biggest.side == 700
    assert (biggest.left, biggest.top) == (100, 0)
    # Growing near an edge pushes the box back inside the picture.
    corner, _ = moved_until_it_stops(smallest, BoxMove.LEFT)
    corner, _ = moved_until_it_stops(corner, BoxMove.UP)
    grown = corner.moved(BoxMove.BIGGER)
    assert (grown.left, grown.top, grown.side) == (0, 0, 140)
    # 50 px is the floor on small pictures; a picture shorter than that keeps its side.
    assert CropBox.centred(300, 200).min_side == 50
    assert moved_until_it_stops(CropBox.centred(300, 200), BoxMove.SMALLER)[0].side == 50
    tiny = CropBox.centred(40, 30)
    assert (tiny.min_side, tiny.step) == (30, 3)
    assert tiny.moved(BoxMove.SMALLER) == tiny
    one = CropBox.centred(1, 1)
    assert all(one.moved(move) == one for move in BoxMove)


@pytest.mark.parametrize(
    "values",
    [
        (900, 700, -1, 0, 700),
        (900, 700, 201, 0, 700),
        (900, 700, 0, 1, 700),
        (900, 700, 0, 0, 701),
        (900, 700, 0, 0, 69),
        (0, 700, 0, 0, 1),
    ],
)
def test_a_box_outside_the_picture_or_out_of_bounds_is_an_error(
    values: tuple[int, int, int, int, int],
) -> None:
    with pytest.raises(ValueError, match="crop box"):
        CropBox(*values)


def test_the_saved_logo_is_exactly_what_was_inside_the_square() -> None:
    data = quadrants(900, 700)
    box = CropBox.centred(900, 700)
    for move in (BoxMove.SMALLER,) * 5:  # 700 → 350
        box = box.moved(move)
    assert box.side == 350
    top_left, _ = moved_until_it_stops(box, BoxMove.LEFT)
    top_left, _ = moved_until_it_stops(top_left, BoxMove.UP)
    assert (top_left.left, top_left.top) == (0, 0)
    bottom_right, _ = moved_until_it_stops(box, BoxMove.RIGHT)
    bottom_right, _ = moved_until_it_stops(bottom_right, BoxMove.DOWN)
    for chosen, colour in ((top_left, RED), (bottom_right, YELLOW)):
        prepared = prepare_logo(data, chosen)
        assert prepared.box == chosen
        assert (prepared.width, prepared.height) == (350, 350)
        assert (prepared.cropped, prepared.resized) == (True, False)
        result = opened(prepared.jpeg)
        assert result.size == (350, 350)
        for x in (5, 175, 344):
            for y in (5, 175, 344):
                assert close(result.getpixel((x, y)), colour), (chosen, x, y)
    # A square across the middle keeps each quadrant's quarter where it was.
    middle = prepare_logo(data, CropBox(900, 700, 400, 300, 100))
    result = opened(middle.jpeg)
    assert result.size == (100, 100)
    for (x, y), colour in {
        (20, 20): RED,
        (80, 20): BLUE,
        (20, 80): GREEN,
        (80, 80): YELLOW,
    }.items():
        assert close(result.getpixel((x, y)), colour), (x, y)
    # No box is the centred square, byte for byte.
    assert prepare_logo(data).sha256 == prepare_logo(data, CropBox.centred(900, 700)).sha256


@pytest.mark.parametrize(
    ("size", "box", "expected"),
    [
        ((900, 700), (100, 0, 700), 600),
        ((900, 700), (0, 0, 600), 600),
        ((900, 700), (0, 0, 350), 350),
        ((4000, 3000), (0, 0, 1500), 600),
        ((4000, 3000), (1850, 1350, 300), 300),
        ((300, 200), (250, 150, 50), 50),
    ],
)
def test_a_box_is_resized_to_at_most_600_and_never_enlarged(
    size: tuple[int, int], box: tuple[int, int, int], expected: int
) -> None:
    prepared = prepare_logo(quadrants(*size), CropBox(*size, *box))
    assert (prepared.width, prepared.height) == (expected, expected)
    assert opened(prepared.jpeg).size == (expected, expected)
    assert prepared.resized is (box[2] > expected)


def test_a_small_box_of_a_big_photo_is_decoded_at_full_detail() -> None:
    # 4000×3000 is decoded at ¼ for the whole square; a 300 px box across the centre must not
    # be: its four quarters stay sharp (a ¼-scale decode would blur ≈ 8 px around the seam).
    prepared = prepare_logo(quadrants(4000, 3000), CropBox(4000, 3000, 1850, 1350, 300))
    result = opened(prepared.jpeg)
    assert close(result.getpixel((147, 147)), RED, tolerance=30)
    assert close(result.getpixel((153, 147)), BLUE, tolerance=30)
    assert close(result.getpixel((147, 153)), GREEN, tolerance=30)
    assert close(result.getpixel((153, 153)), YELLOW, tolerance=30)


def test_the_box_is_in_the_picture_as_people_see_it() -> None:
    # Orientation 6: 400×200 stored, seen 200×400 with red on top and blue below.
    data = oriented_jpeg(6)
    bottom = CropBox.centred(200, 400).moved(BoxMove.DOWN)
    bottom, _ = moved_until_it_stops(bottom, BoxMove.DOWN)
    assert (bottom.top, bottom.side) == (200, 200)
    result = opened(prepare_logo(data, bottom).jpeg)
    assert close(result.getpixel((100, 100)), BLUE)
    top, _ = moved_until_it_stops(bottom, BoxMove.UP)
    assert close(opened(prepare_logo(data, top).jpeg).getpixel((100, 100)), RED)
    # A box for the stored (unturned) size belongs to another picture.
    with pytest.raises(ValueError, match="another size"):
        prepare_logo(data, CropBox.centred(400, 200))
    with pytest.raises(ValueError, match="another size"):
        crop_preview(data, CropBox.centred(400, 200))


def test_the_preview_shows_the_whole_picture_with_the_dashed_square() -> None:
    data = quadrants(900, 700, comment=b"comentario-secreto")
    box = CropBox(900, 700, 0, 0, 350)  # the red quadrant
    preview_bytes = crop_preview(data, box)
    assert b"comentario-secreto" not in preview_bytes
    preview = opened(preview_bytes)
    assert preview.format == "JPEG"
    assert preview.size == (800, 622)  # the whole picture, at most 800 px a side
    scale = 800 / 900
    inside = preview.getpixel((int(175 * scale), int(175 * scale)))
    assert close(inside, RED)
    # Outside the square the picture is dimmed, not cut.
    outside = preview.getpixel((int(675 * scale), int(525 * scale)))
    dimmed = (int(YELLOW[0] * 0.45), int(YELLOW[1] * 0.45), int(YELLOW[2] * 0.45))
    assert close(outside, dimmed)
    # The outline: dashes of white and black along the square's edges.
    edge = int(350 * scale) - 2
    dashes = {preview.getpixel((edge, y)) for y in range(0, edge, 3)}
    assert any(close(p, (255, 255, 255), 30) for p in dashes)
    assert any(close(p, (0, 0, 0), 30) for p in dashes)
    # Moving the box moves the outline: another preview.
    assert crop_preview(data, box.moved(BoxMove.RIGHT)) != preview_bytes
    assert crop_preview(data) == crop_preview(data, CropBox.centred(900, 700))


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((4000, 3000), (PREVIEW_SIDE, 600)),
        ((40, 30), (PREVIEW_MIN_SIDE, 240)),
        ((600, 900), (533, 800)),
    ],
)
def test_the_preview_is_at_most_800_and_at_least_320_on_its_longer_side(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert opened(crop_preview(quadrants(*size))).size == expected


def test_the_preview_refuses_what_the_logo_refuses() -> None:
    for data, reason in (
        (png_named_jpg(), ImageRefusal.FORMAT),
        (truncated_jpeg(), ImageRefusal.DAMAGED),
        (b"", ImageRefusal.EMPTY),
        (flat_jpeg(20000, 20000), ImageRefusal.TOO_MANY_PIXELS),
    ):
        with pytest.raises(LogoRefused) as refused:
            crop_preview(data)
        assert refused.value.reason is reason
