"""photo_intake: what is refused before decoding, and why.

Formats, sizes, files that are not files, work bombs and shapes, mostly run through the batch
as a build runs them. Inputs: photo_inputs.py and tests/photo_fixtures.py.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from photo_fixtures import (
    jpeg_with_everything, jpeg_with_segments, noise, png_of_zeros, png_with_chunks, progressive_jpeg_with_extra_scans,
)
from photo_inputs import (
    HEIC, entries, gif_bytes, jpeg, only, pixels_close, png_bytes, png_header_only, run, tiff_bytes, truncated_jpeg,
    write,
)
from storysite import photo_geometry, photo_intake
from storysite.page_images import sanitise_page_image
from storysite.photo_renditions import CARD, FULL, JPEG, WEBP
from storysite.photo_settings import PhotoProblem, PhotoRefused, PhotoSettings
from storysite.photos import PhotoJob, process_photos
from storysite.errors import PipelineError


# --- refusals -----------------------------------------------------------------------------------


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
    photo = only(run([write(tmp_path, "odd.png", png_bytes(noise(size)))], tmp_path / "cache"))
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
        assert pixels_close(image.getpixel((300, 200)), (120, 80, 40))


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
        assert pixels_close(image.getpixel((10, 10)), (255, 255, 255))  # clear black, flattened onto white


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
    data = png_bytes(Image.new("RGB", size, (90, 120, 150)))
    never_decoded(monkeypatch)
    problem = refusal_within(2, write(tmp_path, "shot.png", data), tmp_path / "cache")
    assert (problem.message, problem.hint) == (f"'photos/shot.png' {message}", hint)


def test_the_shape_is_judged_as_the_photo_is_shown(tmp_path: Path) -> None:
    # Stored 400 x 100 (4:1, wide); orientation 6 shows it 100 x 400: tall.
    job = write(tmp_path, "turned.jpg", jpeg_with_everything(orientation=6, size=(400, 100)))
    assert "is 100 x 400 pixels, 4.0 times as tall as wide" in run([job], tmp_path / "cache").problems[job].message
    three = [write(tmp_path, f"{w}x{h}.png", png_bytes(noise((w, h)))) for w, h in ((900, 300), (300, 900))]
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
    job = write(tmp_path, "strip.png", png_bytes(Image.new("RGB", (200, 20_000), (90, 120, 150))))
    problem = run([job], tmp_path / "cache", loose).problems[job]
    assert problem.message == (
        "'photos/strip.png' would need a WebP image of 200 x 20000 pixels: the limit is 16383 on either side"
    )
