"""photos: intake refusals, sanitising, renditions, cache, pruning and progress.

Fixtures are made here, in memory, by Pillow or by hand (EXIF, ICC profiles, PNG
headers), so every byte that matters is visible in this file. No picture shows a person.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.util
import io
import json
import math
import os
import re
import signal
import struct
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

from photo_fixtures import (
    GPS_TEXT, assert_clean, assert_clean_page_image, jpeg_with_everything, jpeg_with_segments, noise, png_of_zeros,
    png_with_chunks, progressive_jpeg_with_extra_scans, two_colour, webp_chunks,
)
from storysite import photo_geometry, photo_intake, photo_renditions, photos
from storysite.page_images import PageImage, sanitise_page_image
from storysite.photo_renditions import CARD, FULL, JPEG, WEBP, render_photo
from storysite.photo_settings import PhotoProblem, PhotoRefused, PhotoSettings
from storysite.photos import PhotoBatch, PhotoJob, process_photos
from storysite.errors import PipelineError
from storysite.parallel_work import Progress

TOOLS = Path(__file__).resolve().parents[2] / "tools"
NAME = re.compile(r"^[0-9a-f]{16}\.(webp|jpg)$")
def png_with_text() -> bytes:
    """A PNG with tEXt, zTXt, iTXt (XMP), eXIf (GPS) and an iCCP profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNG-TEXT-SENTINEL shot at 34.52N 69.17E")
    info.add_text("Location", "PNG-TEXT-SENTINEL", zip=True)
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>XMP-SENTINEL</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x010F] = "SentinelCam"
    buffer = io.BytesIO()
    two_colour((60, 40)).save(
        buffer, "PNG", pnginfo=info, exif=exif,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return buffer.getvalue()


def webp_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SentinelCam"
    buffer = io.BytesIO()
    two_colour((60, 40)).save(buffer, "WEBP", exif=exif, xmp=b"<x:xmpmeta>XMP-SENTINEL</x:xmpmeta>", quality=90)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of any size, made in milliseconds: all-zero rows compress to nothing."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def icc_rgb_profile(description: str, red: tuple[float, ...], green: tuple[float, ...], blue: tuple[float, ...], gamma: float = 2.2) -> bytes:
    """A minimal ICC v2 display profile: primaries (D50 XYZ) and one gamma for all channels."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(values: tuple[float, ...]) -> bytes:
        return b"XYZ " + b"\x00" * 4 + b"".join(s15(value) for value in values)

    text = description.encode("ascii") + b"\x00"
    desc = b"desc" + b"\x00" * 4 + struct.pack(">I", len(text)) + text + b"\x00" * 4 + b"\x00" * 4 + b"\x00" * 67
    curve = b"curv" + b"\x00" * 4 + struct.pack(">I", 1) + struct.pack(">H", round(gamma * 256)) + b"\x00\x00"
    tags = [
        (b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"cprt", b"text\x00\x00\x00\x00none\x00\x00\x00\x00"),
        (b"rXYZ", xyz(red)), (b"gXYZ", xyz(green)), (b"bXYZ", xyz(blue)),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\x00" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
        + b"\x00" * 12 + b"acsp" + b"\x00" * 24 + struct.pack(">I", 0)
        + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\x00" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


# Display P3 primaries, adapted to D50 as ICC profiles store them.
DISPLAY_P3 = icc_rgb_profile(
    "Display P3 (test)", (0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841),
)


def write(tmp_path: Path, name: str, data: bytes) -> PhotoJob:
    path = tmp_path / "stories" / "photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return PhotoJob(path, f"photos/{name}")


def jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def run(jobs: list[PhotoJob], cache: Path, settings: PhotoSettings = PhotoSettings(), **options: object) -> PhotoBatch:
    return process_photos(jobs, cache, settings, workers=1, **options)  # type: ignore[arg-type]


def only(batch: PhotoBatch) -> photos.ProcessedPhoto:
    assert not batch.problems, batch.problems
    (photo,) = batch.photos.values()
    return photo


def entries(cache: Path) -> list[Path]:
    """The folders in a cache folder (its entries, and anything else that is not ours)."""
    return sorted(path for path in cache.iterdir() if path.is_dir()) if cache.exists() else []


# --- sanitising ---------------------------------------------------------------------------------


def test_fixture_really_carries_the_metadata_we_strip() -> None:
    data = jpeg_with_everything()
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert exif[0x0112] == 6
        assert exif.get_ifd(0x8825)[2] == (34.0, 31.0, 12.0)  # GPSLatitude
        assert image.info["comment"] == GPS_TEXT
        assert b"XMP-SENTINEL" in image.info["xmp"]
        assert "icc_profile" in image.info
    assert b"Photoshop 3.0" in data and b"IPTC-SENTINEL" in data and b"THUMB-SENTINEL" in data


def test_orientation_is_applied_to_the_pixels_and_no_output_carries_metadata(tmp_path: Path) -> None:
    job = write(tmp_path, "IMG_Kabul_Amina.jpg", jpeg_with_everything(orientation=6))
    photo = only(run([job], tmp_path / "cache"))
    assert (photo.source_width, photo.source_height) == (40, 80)
    assert len(photo.files()) == 4  # 40x80 full and a 40x27 card, each in WebP and JPEG
    for rendition in photo.renditions:
        data = rendition.path.read_bytes()
        assert_clean(data)
        assert NAME.match(rendition.name) and "Amina" not in rendition.name and "Kabul" not in rendition.name
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (rendition.width, rendition.height)
            if rendition.kind == FULL:
                assert image.size == (40, 80)
                # Orientation 6: turn 90 degrees clockwise, so the left (red) half is on top.
                top, bottom = image.getpixel((20, 10)), image.getpixel((20, 70))
                assert top[0] > 150 and top[2] < 100, top
                assert bottom[2] > 150 and bottom[0] < 100, bottom


@pytest.mark.parametrize("orientation, size", [(1, (80, 40)), (3, (80, 40)), (6, (40, 80)), (8, (40, 80))])
def test_every_orientation_gives_the_displayed_size(tmp_path: Path, orientation: int, size: tuple[int, int]) -> None:
    photo = only(run([write(tmp_path, "x.jpg", jpeg_with_everything(orientation))], tmp_path / "cache"))
    assert photo.variants(FULL, WEBP)[-1].width == size[0]
    assert photo.variants(FULL, WEBP)[-1].height == size[1]


@pytest.mark.parametrize("name, data", [("text.png", png_with_text()), ("meta.webp", webp_with_metadata())])
def test_png_and_webp_metadata_is_dropped(tmp_path: Path, name: str, data: bytes) -> None:
    for marker in (b"PNG-TEXT-SENTINEL", b"XMP-SENTINEL"):
        if marker in data:
            break
    else:
        pytest.fail("the fixture carries no sentinel")
    photo = only(run([write(tmp_path, name, data)], tmp_path / "cache"))
    for rendition in photo.renditions:
        assert_clean(rendition.path.read_bytes())


def test_a_display_p3_photo_is_converted_to_srgb(tmp_path: Path) -> None:
    colour = (200, 90, 60)
    source = Image.new("RGB", (64, 48), colour)
    p3 = write(tmp_path, "p3.png", _png(source, icc_profile=DISPLAY_P3))
    srgb = write(tmp_path, "srgb.png", _png(source, icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()))
    batch = run([p3, srgb], tmp_path / "cache")
    expected = ImageCms.profileToProfile(
        source, ImageCms.ImageCmsProfile(io.BytesIO(DISPLAY_P3)), ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    ).getpixel((0, 0))
    assert expected[0] > colour[0] + 10, "the test colour must look different in sRGB"
    for rendition in batch.photos[p3].variants(FULL, WEBP) + batch.photos[p3].variants(FULL, JPEG):
        with Image.open(rendition.path) as image:
            assert _close(image.getpixel((32, 24)), expected), (image.getpixel((32, 24)), expected)
    for rendition in batch.photos[srgb].variants(FULL, JPEG):
        with Image.open(rendition.path) as image:
            assert _close(image.getpixel((32, 24)), colour)


def _png(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def _close(pixel: object, expected: object, tolerance: int = 6) -> bool:
    assert isinstance(pixel, tuple) and isinstance(expected, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA", "L", "I;16", "CMYK", "1"])
def test_every_pixel_format_comes_out_as_rgb(tmp_path: Path, mode: str) -> None:
    image = two_colour((60, 40))
    if mode == "CMYK":
        data = jpeg(image.convert("CMYK"))
    elif mode == "I;16":
        data = _png(image.convert("L").convert("I").point(lambda value: value * 256).convert("I;16"))
    else:
        data = _png(image.convert(mode))
    photo = only(run([write(tmp_path, f"{mode.replace(';', '')}.png", data)], tmp_path / "cache"))
    for rendition in photo.renditions:
        assert_clean(rendition.path.read_bytes())


def test_transparency_is_flattened_onto_white(tmp_path: Path) -> None:
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    photo = only(run([write(tmp_path, "clear.png", _png(image))], tmp_path / "cache"))
    with Image.open(photo.fallback().path) as out:
        assert _close(out.getpixel((20, 20)), (255, 255, 255))


def test_outputs_are_named_by_their_own_hash_and_are_deterministic(tmp_path: Path) -> None:
    data = jpeg(noise((700, 500)))
    first = only(run([write(tmp_path, "a.jpg", data)], tmp_path / "one"))
    again = only(run([write(tmp_path, "b.jpg", data)], tmp_path / "two"))
    assert [r.name for r in first.renditions] == [r.name for r in again.renditions]
    for rendition in first.renditions:
        content = rendition.path.read_bytes()
        assert NAME.match(rendition.name)
        assert rendition.name.startswith(hashlib.sha256(content).hexdigest()[:16])
        assert rendition.size == len(content)
        assert rendition.src_uri == f"assets/photos/{rendition.name}"


def test_the_original_is_never_published(tmp_path: Path) -> None:
    data = jpeg(noise((300, 200)))
    batch = run([write(tmp_path, "small.jpg", data)], tmp_path / "cache")
    published = [path.read_bytes() for path in batch.site_files().values()]
    assert data not in published


# --- renditions ---------------------------------------------------------------------------------


def test_widths_of_a_large_photo(tmp_path: Path) -> None:
    photo = only(run([write(tmp_path, "big.jpg", jpeg(noise((2400, 1600))))], tmp_path / "cache"))
    for format in (WEBP, JPEG):
        assert [(r.width, r.height) for r in photo.variants(FULL, format)] == [(480, 320), (960, 640), (1440, 960)]
        assert [(r.width, r.height) for r in photo.variants(CARD, format)] == [(480, 320), (960, 640)]
    # A 3:2 photo's card is the whole photo: the same files, published once.
    assert {r.name for r in photo.variants(CARD, WEBP)} <= {r.name for r in photo.variants(FULL, WEBP)}
    assert len(photo.files()) == 6
    assert photo.fallback().width == 960 and photo.fallback().format == JPEG


def test_small_photos_are_never_upscaled(tmp_path: Path) -> None:
    photo = only(run([write(tmp_path, "small.jpg", jpeg(noise((600, 300))))], tmp_path / "cache"))
    assert [r.width for r in photo.variants(FULL, WEBP)] == [480, 600]
    assert [(r.width, r.height) for r in photo.variants(CARD, WEBP)] == [(450, 300)]
    assert photo.fallback().width == 600


def test_a_portrait_photo_keeps_its_height_and_its_card_is_a_crop(tmp_path: Path) -> None:
    photo = only(run([write(tmp_path, "tall.jpg", jpeg(noise((1200, 1800))))], tmp_path / "cache"))
    assert [(r.width, r.height) for r in photo.variants(FULL, JPEG)] == [(480, 720), (960, 1440), (1200, 1800)]
    assert [(r.width, r.height) for r in photo.variants(CARD, JPEG)] == [(480, 320), (960, 640)]


def bright_spot(size: tuple[int, int], spot: tuple[int, int]) -> bytes:
    """Black, with a white square centred on ``spot``."""
    image = Image.new("RGB", size, (0, 0, 0))
    x, y = spot
    image.paste((255, 255, 255), (x - 80, y - 80, x + 80, y + 80))
    return jpeg(image)


def card_brightness(photo: photos.ProcessedPhoto) -> float:
    with Image.open(photo.variants(CARD, JPEG)[-1].path) as image:
        histogram = image.convert("L").histogram()
    return sum(value * count for value, count in enumerate(histogram)) / sum(histogram)


def test_card_crop_keeps_the_focus_in_view(tmp_path: Path) -> None:
    data = bright_spot((600, 1200), (300, 1100))  # a face near the bottom of a tall photo
    path = write(tmp_path, "tall.jpg", data).source
    default = only(run([PhotoJob(path, "photos/tall.jpg")], tmp_path / "one"))
    focused = only(run([PhotoJob(path, "photos/tall.jpg", (0.5, 1100 / 1200))], tmp_path / "two"))
    assert card_brightness(default) < 1
    assert card_brightness(focused) > 20
    # Only the card depends on the focus.
    assert [r.name for r in default.variants(FULL, WEBP)] == [r.name for r in focused.variants(FULL, WEBP)]
    assert [r.name for r in default.variants(CARD, WEBP)] != [r.name for r in focused.variants(CARD, WEBP)]


def test_focus_outside_the_photo_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="outside 0..1"):
        PhotoJob(Path("x.jpg"), "photos/x.jpg", (1.5, 0.5))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_yet_renditions_are_sharp_sized(tmp_path: Path) -> None:
    facts, encoded = render_photo(jpeg(noise((3200, 2400))), "photos/x.jpg", None, PhotoSettings())
    assert facts == {"width": 3200, "height": 2400, "bytes": facts["bytes"]}
    assert sorted({(e.width, e.height) for e in encoded if e.kind == FULL}) == [(480, 360), (960, 720), (1440, 1080)]
    assert sorted({(e.width, e.height) for e in encoded if e.kind == CARD}) == [(480, 320), (960, 640)]


# --- refusals -----------------------------------------------------------------------------------


def tiff_bytes() -> bytes:
    buffer = io.BytesIO()
    two_colour((40, 20)).save(buffer, "TIFF")
    return buffer.getvalue()


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    two_colour((40, 20)).save(buffer, "GIF")
    return buffer.getvalue()


def truncated_jpeg(size: tuple[int, int]) -> bytes:
    data = jpeg(noise(size))
    return data[: len(data) * 6 // 10]


HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
REFUSED = [
    ("svg.jpg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "is an SVG drawing, not a JPEG, PNG or WebP image"),
    ("page.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "is an HTML or XML document, not a JPEG, PNG or WebP image"),
    ("scan.jpg", tiff_bytes(), "is a TIFF image, not a JPEG, PNG or WebP image"),
    ("anim.png", gif_bytes(), "is a GIF image, not a JPEG, PNG or WebP image"),
    ("iphone.jpg", HEIC, "is a HEIC image (the iPhone's own format), not a JPEG, PNG or WebP image"),
    ("tool.jpg", b"MZ\x90\x00" + b"\x00" * 100, "is a Windows program, not a JPEG, PNG or WebP image"),
    ("random.jpg", b"just some text, no picture", "is not an image this site can read, not a JPEG, PNG or WebP image"),
    ("cut.jpg", truncated_jpeg((200, 150)), "is truncated or damaged"),
    ("cut-large.jpg", truncated_jpeg((2000, 1500)), "is truncated or damaged"),
    ("bomb.png", png_header_only(10_000, 10_000), "claims a size too large to decode safely (a decompression bomb, or a damaged file)"),
    ("huge.png", png_header_only(8000, 6000), "is 8000 x 6000 pixels (48.0 megapixels): the limit is 40 megapixels"),
]


@pytest.mark.parametrize("name, data, message", REFUSED, ids=[case[0] for case in REFUSED])
def test_refused_photos_say_why_and_nothing_is_cached(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    job = write(tmp_path, name, data)
    batch = run([job], tmp_path / "cache")
    assert not batch.photos
    problem = batch.problems[job]
    assert problem.message.startswith(f"'photos/{name}' {message}"), problem.message
    assert problem.hint
    assert batch.report.refused == 1 and batch.report.processed == 0
    assert not entries(tmp_path / "cache")


def test_heic_hint_says_export_as_jpeg(tmp_path: Path) -> None:
    job = write(tmp_path, "iphone.heic.jpg", HEIC)
    assert "export it as JPEG" in run([job], tmp_path / "cache").problems[job].hint


def test_bomb_is_refused_quickly_and_never_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = write(tmp_path, "bomb.png", png_header_only(10_000, 10_000))
    assert job.source.stat().st_size < 20_000

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("a bomb must be refused before its pixels are decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert "decompression bomb" in run([job], tmp_path / "cache").problems[job].message


def test_files_over_the_byte_limit_are_refused_before_reading(tmp_path: Path) -> None:
    job = write(tmp_path, "big.jpg", jpeg(noise((300, 200))))
    size_kb = round(job.source.stat().st_size / 1000)
    problem = run([job], tmp_path / "cache", PhotoSettings(max_bytes=2000)).problems[job]
    assert problem.message == f"'photos/big.jpg' is {size_kb} KB: the limit is 2 KB"


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test, instead of hanging it, when the block takes longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_links_folders_fifos_and_devices_are_refused_at_read_without_hanging(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg(noise((60, 40))))
    folder = tmp_path / "stories" / "photos"
    folder.mkdir(parents=True)
    (folder / "link.jpg").symlink_to(secret)
    os.mkfifo(folder / "fifo.jpg")
    (folder / "folder.jpg").mkdir()
    (folder / "folder.jpg" / "inside.jpg").write_bytes(jpeg(noise((60, 40))))
    jobs = [PhotoJob(folder / name, f"photos/{name}") for name in ("link.jpg", "fifo.jpg", "folder.jpg")]
    jobs.append(PhotoJob(Path(os.devnull), "photos/null.jpg"))
    with deadline(10):
        batch = run(jobs, tmp_path / "cache")
    assert [(problem.message, problem.hint) for problem in batch.problems.values()] == [
        ("'photos/link.jpg' is a symbolic link", "commit the photo itself"),
        ("'photos/fifo.jpg' is a named pipe (FIFO), not a file", "commit the photo itself"),
        ("'photos/folder.jpg' is a folder, not a file", "commit the photo itself"),
        ("'photos/null.jpg' is a device, not a file", "commit the photo itself"),
    ]
    assert not batch.photos and not entries(tmp_path / "cache")


def test_a_fifo_with_a_writer_is_still_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "stories" / "photos" / "fifo.jpg"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # holds the pipe open, as a feeding process would
    try:
        with deadline(10):
            problem = run([PhotoJob(fifo, "photos/fifo.jpg")], tmp_path / "cache").problems
    finally:
        os.close(writer)
    assert [p.message for p in problem.values()] == ["'photos/fifo.jpg' is a named pipe (FIFO), not a file"]


def test_unreadable_and_missing_photos_are_refused_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path, "locked.jpg", jpeg(noise((60, 40))))
    missing = PhotoJob(locked.source.with_name("gone.jpg"), "photos/gone.jpg")
    real_open = os.open

    def open_as_a_stranger(path: object, flags: int, *args: object, **kwargs: object) -> int:
        # Tests run as root, who may read anything: refuse as the kernel would refuse anyone else.
        if Path(str(path)) == locked.source:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_as_a_stranger)
    with deadline(10):
        batch = run([locked, missing], tmp_path / "cache")
    assert [(problem.message, problem.hint) for problem in batch.problems.values()] == [
        ("'photos/locked.jpg' cannot be read (Permission denied)", "make the file readable (chmod a+r), or copy it in again"),
        ("'photos/gone.jpg' cannot be read (No such file or directory)", "check the file is committed"),
    ]
    with pytest.raises(PhotoRefused, match="cannot be read \\(Permission denied\\)"):
        sanitise_page_image(locked.source, "images/locked.jpg")


@pytest.mark.parametrize("size", [(1, 1), (1, 3), (3000, 1000), (1000, 3000), (479, 1000), (2000, 1333)])
def test_odd_shapes_still_give_every_kind(tmp_path: Path, size: tuple[int, int]) -> None:
    photo = only(run([write(tmp_path, "odd.png", _png(noise(size)))], tmp_path / "cache"))
    for kind in (FULL, CARD):
        for format in (WEBP, JPEG):
            variants = photo.variants(kind, format)
            assert variants and all(r.width <= size[0] for r in variants)
            with Image.open(variants[-1].path) as image:
                assert image.size == (variants[-1].width, variants[-1].height)


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError):
        PhotoSettings(widths=())
    with pytest.raises(ValueError):
        PhotoSettings(webp_method=9)


def test_truncated_images_stay_refused_even_if_pillow_was_told_to_accept_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    job = write(tmp_path, "cut.jpg", truncated_jpeg((200, 150)))
    with pytest.raises(PipelineError, match="LOAD_TRUNCATED_IMAGES"):
        run([job], tmp_path / "cache")


def test_one_refusal_does_not_stop_the_others(tmp_path: Path) -> None:
    good = write(tmp_path, "good.jpg", jpeg(noise((300, 200))))
    bad = write(tmp_path, "bad.jpg", tiff_bytes())
    batch = process_photos([good, bad], tmp_path / "cache", workers=2)
    assert list(batch.photos) == [good] and list(batch.problems) == [bad]


# --- work bombs and shapes ----------------------------------------------------------------------


def never_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("this file must be refused before its pixels are decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)


def refusal_within(seconds: float, job: PhotoJob, cache: Path, settings: PhotoSettings = PhotoSettings()) -> PhotoProblem:
    started = time.perf_counter()
    batch = run([job], cache, settings)
    assert time.perf_counter() - started < seconds
    assert not batch.photos and not entries(cache)
    return batch.problems[job]


def test_a_jpeg_of_forty_thousand_empty_scans_is_refused_within_2_s_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 470 KB; decoding it took 46 s (libjpeg-turbo 3.2, 12 megapixels) before the cap.
    data = progressive_jpeg_with_extra_scans((4000, 3000), 40_000)
    assert len(data) < 500_000
    never_decoded(monkeypatch)
    problem = refusal_within(2, write(tmp_path, "scans.jpg", data), tmp_path / "cache")
    assert problem.message == (
        "'photos/scans.jpg' is a JPEG of more than 100 scans (a photo has 1 to 20): decoding it could take minutes"
    )
    assert problem.hint == "export it again from any photo editor, as an ordinary JPEG, PNG or WebP"


def test_scans_are_counted_exactly_and_the_limit_is_a_setting(tmp_path: Path) -> None:
    assert photo_intake.jpeg_layout(progressive_jpeg_with_extra_scans((64, 48), 0), 100).scans == 10  # libjpeg's script
    assert photo_intake.jpeg_layout(jpeg(noise((64, 48))), 100).scans == 1
    # The EXIF thumbnail is a JPEG of its own, with its own scan, inside a segment: not counted.
    assert photo_intake.jpeg_layout(jpeg_with_everything(), 100).scans == 1
    at_limit = write(tmp_path, "ninety.jpg", progressive_jpeg_with_extra_scans((64, 48), 90))
    over = write(tmp_path, "ninety-one.jpg", progressive_jpeg_with_extra_scans((64, 48), 91))
    batch = run([at_limit, over], tmp_path / "cache")
    assert list(batch.photos) == [at_limit] and list(batch.problems) == [over]
    strict = run([at_limit], tmp_path / "strict", PhotoSettings(max_jpeg_scans=50))
    assert "more than 50 scans" in strict.problems[at_limit].message


def test_a_jpeg_with_extra_scans_within_the_limit_is_a_valid_photo(tmp_path: Path) -> None:
    data = progressive_jpeg_with_extra_scans((600, 400), 90, busy=True)
    photo = only(run([write(tmp_path, "busy.jpg", data)], tmp_path / "cache"))
    with Image.open(photo.fallback().path) as image:
        assert _close(image.getpixel((300, 200)), (120, 80, 40))


def test_the_costliest_jpeg_within_every_limit_is_published_within_seconds(tmp_path: Path) -> None:
    # 40 megapixels, 100 scans of which 90 make libjpeg check every coefficient of every
    # block: about 2.6 s on one core. The same file with 1000 scans of 12 MP took 21 s.
    data = progressive_jpeg_with_extra_scans((7700, 5190), 90, busy=True)
    started = time.perf_counter()
    only(run([write(tmp_path, "costly.jpg", data)], tmp_path / "cache"))
    assert time.perf_counter() - started < 20


def test_a_jpeg_of_a_hundred_thousand_segments_is_refused_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow reads segments in Python: 2 million of them took 4.6 s, 64 MB of them would take 40 s.
    never_decoded(monkeypatch)
    problem = refusal_within(2, write(tmp_path, "segments.jpg", jpeg_with_segments(100_000)), tmp_path / "cache")
    assert problem.message == (
        "'photos/segments.jpg' is a damaged JPEG: more than 2000 segments or 64 KB of stray bytes (a photo has about 20 segments)"
    )


def test_stray_bytes_between_jpeg_segments_are_tolerated_up_to_a_limit(tmp_path: Path) -> None:
    data = jpeg(noise((64, 48)))
    after_app0 = 4 + struct.unpack(">H", data[4:6])[0]
    assert data[after_app0:after_app0 + 2] == b"\xff\xdb"

    def with_junk(junk: bytes) -> bytes:
        return data[:after_app0] + junk + data[after_app0:]

    few = write(tmp_path, "few.jpg", with_junk(b"\x00" * 16))
    fill = write(tmp_path, "fill.jpg", with_junk(b"\xff" * 16))
    many = write(tmp_path, "many.jpg", with_junk(b"\x00" * 70_000))
    many_fill = write(tmp_path, "many-fill.jpg", with_junk(b"\xff" * 70_000))
    batch = run([few, fill, many, many_fill], tmp_path / "cache")
    assert list(batch.photos) == [few, fill]
    assert all("damaged JPEG" in problem.message for problem in batch.problems.values())


def test_a_png_of_two_hundred_thousand_chunks_is_refused_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow reads chunks in Python: 2 million empty ones (24 MB) took 9.7 s.
    never_decoded(monkeypatch)
    problem = refusal_within(2, write(tmp_path, "chunks.png", png_with_chunks(200_000)), tmp_path / "cache")
    assert problem.message == (
        "'photos/chunks.png' is a PNG of more than 100000 chunks (a photo has a few dozen): reading it could take minutes"
    )


def test_png_chunks_are_counted_up_to_the_limit_and_a_thousand_are_fine(tmp_path: Path) -> None:
    assert photo_intake.png_chunk_count(png_with_chunks(10), 100) == 13  # IHDR, our 10, IDAT and IEND
    assert photo_intake.png_chunk_count(png_with_chunks(1000), 100) == 101  # the count stops past the limit
    assert only(run([write(tmp_path, "thousand.png", png_with_chunks(1000))], tmp_path / "cache"))


def test_a_zlib_bomb_within_the_pixel_limit_is_published_within_seconds(tmp_path: Path) -> None:
    # 39.6 megapixels of 16-bit RGBA: 317 MB of pixels from a 300 KB file. Decoding is
    # bounded by the pixel limit (zlib stops when the rows are full): about 1 s.
    data = png_of_zeros((6000, 6600))
    assert len(data) < 400_000
    started = time.perf_counter()
    photo = only(run([write(tmp_path, "zeros.png", data)], tmp_path / "cache"))
    assert time.perf_counter() - started < 20
    with Image.open(photo.fallback().path) as image:
        assert _close(image.getpixel((10, 10)), (255, 255, 255))  # clear black, flattened onto white


SHAPES = [
    ((1170, 17000), "is 1170 x 17000 pixels, 14.5 times as tall as wide: the limit is 3 times",
     "crop it to the part that matters, at most 1170 x 3510 pixels"),
    ((3100, 1000), "is 3100 x 1000 pixels, 3.1 times as wide as tall: the limit is 3 times",
     "crop it to the part that matters, at most 3000 x 1000 pixels"),
    ((1, 4), "is 1 x 4 pixels, 4.0 times as tall as wide: the limit is 3 times",
     "crop it to the part that matters, at most 1 x 3 pixels"),
]


@pytest.mark.parametrize("size, message, hint", SHAPES, ids=[f"{w}x{h}" for (w, h), _, _ in SHAPES])
def test_photos_of_extreme_shapes_are_refused_before_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], message: str, hint: str,
) -> None:
    data = _png(Image.new("RGB", size, (90, 120, 150)))
    never_decoded(monkeypatch)
    problem = refusal_within(2, write(tmp_path, "shot.png", data), tmp_path / "cache")
    assert (problem.message, problem.hint) == (f"'photos/shot.png' {message}", hint)


def test_the_shape_is_judged_as_the_photo_is_shown(tmp_path: Path) -> None:
    # Stored 400 x 100 (4:1, wide); orientation 6 shows it 100 x 400: tall.
    job = write(tmp_path, "turned.jpg", jpeg_with_everything(orientation=6, size=(400, 100)))
    assert "is 100 x 400 pixels, 4.0 times as tall as wide" in run([job], tmp_path / "cache").problems[job].message
    three = [write(tmp_path, f"{w}x{h}.png", _png(noise((w, h)))) for w, h in ((900, 300), (300, 900))]
    assert len(run(three, tmp_path / "cache").photos) == 2


def test_no_rendition_of_an_accepted_photo_exceeds_a_formats_limits() -> None:
    """The plan of every extreme photo that intake accepts fits WebP (and so JPEG)."""
    settings = PhotoSettings()
    longest = math.isqrt(int(settings.max_pixels * settings.max_aspect_ratio))
    for width, height in [(1, 1), (1, 3), (3, 1), (longest // 3, longest), (longest, longest // 3), (6324, 6324)]:
        assert width * height <= settings.max_pixels
        sizes = photo_geometry.planned_sizes(photo_geometry.plan_photo(width, height, None, settings))
        assert sizes and max(max(size) for size in sizes) <= photo_intake.FORMAT_LIMITS["WEBP"], (width, height, sizes)


def test_a_rendition_beyond_webps_limit_is_refused_not_a_traceback(tmp_path: Path) -> None:
    loose = PhotoSettings(max_aspect_ratio=200)
    job = write(tmp_path, "strip.png", _png(Image.new("RGB", (200, 20_000), (90, 120, 150))))
    problem = run([job], tmp_path / "cache", loose).problems[job]
    assert problem.message == (
        "'photos/strip.png' would need a WebP image of 200 x 20000 pixels: the limit is 16383 on either side"
    )


def test_an_encoder_error_becomes_a_refusal_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(image: Image.Image, format: str, settings: PhotoSettings) -> bytes:
        raise OSError("encoder error -2 when writing image file")

    monkeypatch.setattr(photo_renditions, "_encode", failing)
    job = write(tmp_path, "a.jpg", jpeg(noise((300, 200))))
    problem = run([job], tmp_path / "cache").problems[job]
    assert problem.message == "'photos/a.jpg' could not be converted for the site (encoder error -2 when writing image file)"
    assert not entries(tmp_path / "cache")


def test_second_run_comes_from_the_cache_with_the_same_files(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    cold = run([job], tmp_path / "cache")
    warm = run([job], tmp_path / "cache")
    assert (cold.report.processed, cold.report.from_cache) == (1, 0)
    assert (warm.report.processed, warm.report.from_cache) == (0, 1)
    assert cold.site_files() == warm.site_files()
    assert only(warm).from_cache and not only(cold).from_cache


def test_a_warm_run_decodes_no_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((400, 300), index))) for index in range(3)]
    cold = run(jobs, tmp_path / "cache")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run must not open an image")

    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    warm = run(jobs, tmp_path / "cache")
    assert warm.report.from_cache == 3 and warm.site_files() == cold.site_files()


@pytest.mark.parametrize("change", [
    {"webp_quality": 70}, {"jpeg_quality": 90}, {"widths": (400, 800)}, {"card_ratio": (16, 9)}, {"webp_method": 4},
    {"resample": "lanczos"},
])
def test_a_changed_setting_misses_the_cache(tmp_path: Path, change: dict[str, object]) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    run([job], tmp_path / "cache")
    again = run([job], tmp_path / "cache", PhotoSettings(**change))  # type: ignore[arg-type]
    assert (again.report.processed, again.report.from_cache) == (1, 0)


def test_the_pipeline_version_and_focus_are_in_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    run([job], tmp_path / "cache")
    moved = PhotoJob(job.source, job.shown_as, (0.2, 0.2))
    assert run([moved], tmp_path / "cache").report.processed == 1
    monkeypatch.setattr(photos, "PIPELINE_VERSION", "test-next")
    assert run([moved], tmp_path / "cache").report.processed == 1


def test_a_replaced_photo_gets_new_names_and_the_old_files_are_pruned(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400), 1)))
    old = run([job], tmp_path / "cache")
    job.source.write_bytes(jpeg(noise((500, 400), 2)))
    new = run([job], tmp_path / "cache")
    assert new.report.processed == 1
    assert not set(old.site_files()) & set(new.site_files())
    assert all(not path.exists() for path in old.site_files().values())
    assert len(entries(tmp_path / "cache")) == 1


def test_entries_no_longer_used_are_pruned_and_nothing_else_is_touched(tmp_path: Path) -> None:
    keep = write(tmp_path, "keep.jpg", jpeg(noise((300, 200), 1)))
    gone = write(tmp_path, "withdrawn.jpg", jpeg(noise((300, 200), 2)))
    cache = tmp_path / "cache"
    both = run([keep, gone], cache)
    (cache / "notes").mkdir()
    (cache / "notes" / "readme.txt").write_text("not ours")
    run([keep], cache)
    assert all(rendition.path.exists() for rendition in both.photos[keep].files())
    assert all(not rendition.path.exists() for rendition in both.photos[gone].renditions)
    assert (cache / "notes" / "readme.txt").exists()
    run([keep], cache, prune=False)
    run([], cache)
    assert entries(cache) == [cache / "notes"]


def test_a_warm_run_reads_no_photo_that_is_provably_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "_RACY_S", -1.0)  # files written by this test count as settled
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((300, 200), index))) for index in range(2)]
    cold = run(jobs, tmp_path / "cache")
    assert (tmp_path / "cache" / photos.DIGEST_MEMO).is_file()

    def no_reading(*args: object) -> None:
        raise AssertionError("the memo knows these files")

    with monkeypatch.context() as patch:
        patch.setattr(photos, "read_source_with_status", no_reading)
        warm = run(jobs, tmp_path / "cache")
    assert warm.report.from_cache == 2 and warm.site_files() == cold.site_files()
    assert warm.report.bytes_before == cold.report.bytes_before


def test_a_photo_replaced_behind_the_memos_back_is_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "_RACY_S", -1.0)
    job = write(tmp_path, "a.png", _png(Image.new("RGB", (300, 200), (200, 0, 0)), compress_level=0))
    before = job.source.stat()
    old = run([job], tmp_path / "cache")
    job.source.write_bytes(_png(Image.new("RGB", (300, 200), (0, 0, 200)), compress_level=0))
    assert job.source.stat().st_size == before.st_size
    os.utime(job.source, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time: only ctime tells
    new = run([job], tmp_path / "cache")
    assert new.report.processed == 1 and not set(old.site_files()) & set(new.site_files())


def test_an_incomplete_entry_is_rebuilt(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((500, 400))))
    first = only(run([job], tmp_path / "cache"))
    first.renditions[0].path.unlink()
    second = run([job], tmp_path / "cache")
    assert second.report.processed == 1 and first.renditions[0].path.exists()
    (first.renditions[0].path.parent / "manifest.json").write_text("{not json")
    assert run([job], tmp_path / "cache").report.processed == 1


def test_a_doctored_manifest_cannot_publish_a_file_from_elsewhere(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    job = write(tmp_path, "a.jpg", jpeg(noise((300, 200))))
    entry = only(run([job], tmp_path / "cache")).renditions[0].path.parent
    manifest = json.loads((entry / "manifest.json").read_text())
    escape = os.path.relpath(secret, entry)
    manifest["files"][escape] = secret.stat().st_size
    manifest["renditions"][0]["name"] = escape
    (entry / "manifest.json").write_text(json.dumps(manifest))
    again = run([job], tmp_path / "cache")
    assert again.report.processed == 1
    assert all(path.resolve().is_relative_to((tmp_path / "cache").resolve()) for path in again.site_files().values())


def test_two_stories_with_one_photo_share_one_job(tmp_path: Path) -> None:
    job = write(tmp_path, "a.jpg", jpeg(noise((300, 200))))
    batch = run([job, PhotoJob(job.source, job.shown_as)], tmp_path / "cache")
    assert len(batch.photos) == 1 and batch.report.processed == 1


# --- parallel work and progress -----------------------------------------------------------------


def test_worker_processes_give_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((640, 480), index))) for index in range(4)]
    serial = process_photos(jobs, tmp_path / "one", workers=1)
    parallel = process_photos(jobs, tmp_path / "two", workers=2)
    assert list(parallel.photos) == jobs
    for job in jobs:
        assert [r.name for r in serial.photos[job].renditions] == [r.name for r in parallel.photos[job].renditions]
        for rendition in parallel.photos[job].renditions:
            assert rendition.path.read_bytes() == (tmp_path / "one" / rendition.path.parent.name / rendition.name).read_bytes()


def test_one_photo_on_several_threads_gives_the_same_bytes(tmp_path: Path) -> None:
    data = jpeg(noise((1800, 1200)))
    _, alone = render_photo(data, "photos/x.jpg", (0.3, 0.6), PhotoSettings(), threads=1)
    _, threaded = render_photo(data, "photos/x.jpg", (0.3, 0.6), PhotoSettings(), threads=3)
    assert [(e.kind, e.format, e.width, e.data) for e in alone] == [(e.kind, e.format, e.width, e.data) for e in threaded]
    job = write(tmp_path, "x.jpg", data)
    lone = only(process_photos([job], tmp_path / "cache", workers=2))  # one cold photo: threads, not processes
    assert sorted(r.name for r in lone.renditions) == sorted(e.name for e in alone)


def test_progress_is_reported_for_cold_work_and_a_summary_line_ends_it(tmp_path: Path) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((300, 200), index))) for index in range(3)]
    seen: list[Progress] = []
    batch = process_photos(jobs, tmp_path / "cache", workers=2, progress=seen.append, progress_interval=0)
    assert [item.done for item in seen] == [1, 2, 3] and {item.total for item in seen} == {3}
    assert str(seen[-1]).startswith("photos: 3/3 done, ") and seen[-1].rate > 0
    summary = str(batch.report)
    assert re.fullmatch(r"Photos: 3 processed, 0 from cache; \d+\.\d MB before, \d+\.\d MB after \(\d+\.\d s\)", summary), summary
    assert batch.report.bytes_before == sum(job.source.stat().st_size for job in jobs)
    assert batch.report.bytes_after == sum(path.stat().st_size for path in batch.site_files().values())
    seen.clear()
    warm = process_photos(jobs, tmp_path / "cache", progress=seen.append, progress_interval=0)
    assert not seen and str(warm.report).startswith("Photos: 0 processed, 3 from cache;")


def test_progress_is_throttled(tmp_path: Path) -> None:
    jobs = [write(tmp_path, f"{index}.jpg", jpeg(noise((200, 100), index))) for index in range(4)]
    seen: list[Progress] = []
    run(jobs, tmp_path / "cache", progress=seen.append, progress_interval=3600)
    assert [item.done for item in seen] == [4]


# --- images in hand-written pages --------------------------------------------------------------


def page_image(tmp_path: Path, name: str, data: bytes, settings: PhotoSettings = PhotoSettings()) -> PageImage:
    path = tmp_path / "docs" / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return sanitise_page_image(path, f"images/{name}", settings)


def decoded(image: PageImage) -> Image.Image:
    with Image.open(io.BytesIO(image.data)) as opened:
        opened.load()
        return opened


def test_a_page_jpeg_is_turned_upright_and_keeps_no_metadata(tmp_path: Path) -> None:
    result = page_image(tmp_path, "IMG_Kabul.jpg", jpeg_with_everything(orientation=6))
    assert result.extension == "jpg" and result.data[:3] == b"\xff\xd8\xff"
    assert_clean(result.data)
    pixels = decoded(result)
    assert pixels.size == (40, 80)
    top, bottom = pixels.getpixel((20, 10)), pixels.getpixel((20, 70))
    assert top[0] > 150 and top[2] < 100, top  # orientation 6: the red left half is now on top
    assert bottom[2] > 150 and bottom[0] < 100, bottom


@pytest.mark.parametrize("name, data, extension", [
    ("text.png", png_with_text(), "png"), ("meta.webp", webp_with_metadata(), "webp"),
])
def test_page_pngs_and_webps_stay_in_their_format_without_metadata(tmp_path: Path, name: str, data: bytes, extension: str) -> None:
    result = page_image(tmp_path, name, data)
    assert result.extension == extension
    assert_clean_page_image(result.data)
    assert decoded(result).size == (60, 40)


def transparent_logo(mode: str) -> Image.Image:
    """A 60x40 picture, clear on its left half, opaque blue on its right."""
    image = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    image.paste((30, 30, 220, 255), (30, 0, 60, 40))
    return image if mode == "RGBA" else image.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA"])
def test_a_page_png_keeps_its_transparency(tmp_path: Path, mode: str) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNG-TEXT-SENTINEL")
    source = transparent_logo(mode)
    result = page_image(tmp_path, "logo.png", _png(source, pnginfo=info))
    assert result.extension == "png"
    assert_clean_page_image(result.data)
    pixels = decoded(result)
    assert pixels.mode == "RGBA"
    assert pixels.getpixel((10, 20))[3] == 0
    assert pixels.getpixel((50, 20))[3] == 255


def test_a_page_webp_keeps_its_transparency_and_a_lossless_one_stays_lossless(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    transparent_logo("RGBA").save(buffer, "WEBP", lossless=True, xmp=b"<x:xmpmeta>XMP-SENTINEL</x:xmpmeta>")
    result = page_image(tmp_path, "logo.webp", buffer.getvalue())
    assert result.extension == "webp"
    assert_clean_page_image(result.data)
    assert b"VP8L" in webp_chunks(result.data)
    pixels = decoded(result)
    assert pixels.mode == "RGBA" and pixels.getpixel((10, 20))[3] == 0 and pixels.getpixel((50, 20)) == (30, 30, 220, 255)
    lossy = page_image(tmp_path, "photo.webp", webp_with_metadata())
    assert b"VP8 " in webp_chunks(lossy.data) and b"VP8L" not in webp_chunks(lossy.data)


def test_an_opaque_page_png_loses_only_its_useless_alpha(tmp_path: Path) -> None:
    result = page_image(tmp_path, "opaque.png", _png(two_colour((60, 40)).convert("RGBA")))
    assert decoded(result).mode == "RGB"


def test_a_page_image_is_converted_to_srgb(tmp_path: Path) -> None:
    colour = (200, 90, 60)
    source = Image.new("RGB", (64, 48), colour)
    expected = ImageCms.profileToProfile(
        source, ImageCms.ImageCmsProfile(io.BytesIO(DISPLAY_P3)), ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
    ).getpixel((0, 0))
    result = page_image(tmp_path, "p3.png", _png(source, icc_profile=DISPLAY_P3))
    assert_clean_page_image(result.data)
    assert _close(decoded(result).getpixel((32, 24)), expected, tolerance=2)


def test_a_page_image_is_downscaled_to_the_widest_rendition_never_upscaled(tmp_path: Path) -> None:
    assert decoded(page_image(tmp_path, "wide.jpg", jpeg(noise((2000, 1000))))).size == (1440, 720)
    assert decoded(page_image(tmp_path, "small.png", _png(noise((300, 200))))).size == (300, 200)
    narrow = PhotoSettings(widths=(200, 400))
    assert decoded(page_image(tmp_path, "tall.webp", webp_with_metadata(), narrow)).size == (60, 40)
    assert decoded(page_image(tmp_path, "wide.png", _png(noise((1000, 500))), narrow)).size == (400, 200)


def test_a_page_image_is_named_by_content_not_extension_and_is_deterministic(tmp_path: Path) -> None:
    data = png_with_text()
    first = page_image(tmp_path, "really-a-png.jpg", data)
    again = page_image(tmp_path, "copy.jpg", data)
    assert first.extension == "png" and first == again
    assert first.data != data  # encoded again, from pixels only


PAGE_REFUSED = [
    ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "is an SVG drawing"),
    ("cut.jpg", truncated_jpeg((300, 200)), "is truncated or damaged"),
    ("bomb.png", png_header_only(10_000, 10_000), "claims a size too large to decode safely"),
    ("scan.png", tiff_bytes(), "is a TIFF image"),
]


@pytest.mark.parametrize("name, data, message", PAGE_REFUSED, ids=[case[0] for case in PAGE_REFUSED])
def test_page_images_are_refused_like_story_photos(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(PhotoRefused) as refused:
        page_image(tmp_path, name, data)
    assert refused.value.problem.message.startswith(f"'images/{name}' {message}"), refused.value.problem.message
    assert refused.value.problem.hint


def test_page_images_that_are_links_or_fifos_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg(noise((60, 40))))
    folder = tmp_path / "docs" / "images"
    folder.mkdir(parents=True)
    (folder / "link.jpg").symlink_to(secret)
    os.mkfifo(folder / "fifo.jpg")
    for name, message in (("link.jpg", "is a symbolic link"), ("fifo.jpg", "is a named pipe \\(FIFO\\), not a file")):
        with pytest.raises(PhotoRefused, match=f"^'images/{name}' {message}$"):
            sanitise_page_image(folder / name, f"images/{name}")


def test_a_page_image_encoder_error_becomes_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(self: Image.Image, *args: object, **options: object) -> None:
        raise ValueError("cannot write mode RGBA as JPEG")

    data = _png(noise((30, 20)))
    monkeypatch.setattr(Image.Image, "save", failing)
    with pytest.raises(PhotoRefused, match="^'images/a.png' could not be encoded as PNG"):
        page_image(tmp_path, "a.png", data)


def test_page_images_take_the_same_work_and_shape_limits(tmp_path: Path) -> None:
    for name, data, message in [
        ("scans.jpg", progressive_jpeg_with_extra_scans((64, 48), 200), "is a JPEG of more than 100 scans"),
        ("shot.png", _png(Image.new("RGB", (100, 1000))), "is 100 x 1000 pixels, 10.0 times as tall as wide"),
        ("chunks.png", png_with_chunks(100_001), "is a PNG of more than 100000 chunks"),
    ]:
        with pytest.raises(PhotoRefused, match=f"^'images/{name}' {message}"):
            page_image(tmp_path, name, data)


# --- cache --------------------------------------------------------------------------------------


# --- placeholders -------------------------------------------------------------------------------


def test_placeholder_photos_pass_the_pipeline_and_are_the_same_on_every_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("make_placeholder_photos", TOOLS / "make_placeholder_photos.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, script)  # dataclasses look their module up there
    spec.loader.exec_module(script)
    first = script.write_placeholders(tmp_path / "one")
    second = script.write_placeholders(tmp_path / "two")
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]
    assert {path.suffix for path in first} == {".jpg", ".png", ".webp"}
    jobs = [PhotoJob(path, f"photos/{path.name}") for path in first]
    batch = process_photos(jobs, tmp_path / "cache", workers=2)
    assert not batch.problems and len(batch.photos) == len(first)


# --- the code itself ----------------------------------------------------------------------------


METADATA_KEYWORDS = {"exif", "xmp", "icc_profile", "comment", "pnginfo", "extra", "info"}
# Every module that opens, converts or saves a photo's pixels.
PIXEL_MODULES = (
    "photo_settings.py", "photo_intake.py", "photo_geometry.py", "photo_pixels.py", "photo_renditions.py",
    "page_images.py", "photos.py", "share_cards.py",
)


def imports_pillow(path: Path) -> bool:
    """Whether the module at ``path`` imports PIL, read from its code."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "PIL" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PIL":
            return True
    return False


def test_no_metadata_is_ever_passed_to_save() -> None:
    """P3: the easy mistakes that would carry metadata over, banned by reading the code."""
    package = Path(photos.__file__).parent
    assert {path.name for path in package.glob("*.py") if imports_pillow(path)} <= set(PIXEL_MODULES)
    for module in PIXEL_MODULES:
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    assert keyword.arg not in METADATA_KEYWORDS, f"{module}:{node.lineno}: {keyword.arg}="
                    # ``save(..., **image.info)`` or any other spread of unknown options.
                    assert keyword.arg is not None, f"{module}:{node.lineno}: ** in a call"
            if isinstance(node, ast.Attribute):
                assert node.attr != "exif_transpose", f"{module}:{node.lineno}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                assert not any(name.split(".")[0] == "mkdocs" for name in names), f"{module} imports mkdocs"
