"""Photo intake: read a source and refuse, before any pixel is decoded, what must not be.

A photo is accepted by its content, never its name: a regular file within the byte limit,
JPEG, PNG or WebP, no decompression or work bomb, within the pixel and shape limits.
Everything else raises :class:`PhotoRefused` with the message and hint an editor reads.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .photo_settings import EXPORT_AGAIN, PILLOW_ERRORS, PhotoRefused, PhotoSettings

# Formats accepted by content. Pillow reports some phone JPEGs (several pictures in
# one file) as MPO; they are JPEGs and their first picture is used.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
_OPENED_FORMATS = frozenset({*ACCEPTED_FORMATS, "MPO"})
_ORIENTATION_TAG = 0x0112
# EXIF's orientations that turn or flip the picture (1 is upright), and those of them
# that swap its width and height.
_TURNED = frozenset(range(2, 9))
_SWAPS_AXES = frozenset({5, 6, 7, 8})
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_EXPORT_JPEG = "export it as JPEG (or PNG or WebP) and commit that file instead"
# Structure within which Pillow's own Python parsing stays cheap (about 1 us a part):
# a photo has some 20 JPEG segments or a few dozen PNG chunks; 64 MB of 4-byte
# segments or 12-byte chunks would take Pillow 10 to 20 s (and a gigabyte) to read.
_MAX_JPEG_SEGMENTS = 2000  # extended XMP in 64 KB parts fills at most 1000
_MAX_JPEG_STRAY_BYTES = 64 * 1024  # bytes between segments, which Pillow skips one by one
_MAX_PNG_CHUNKS = 100_000  # libpng writes 8 KB parts: 8000 for a 64 MB file
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# In entropy-coded data every 0xFF is followed by 0x00 (stuffing), a restart marker
# 0xD0-0xD7 or more 0xFF (fill): anything else after 0xFF is the next marker.
_AFTER_ENTROPY_DATA = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_NO_LENGTH = frozenset({0x00, 0x01, *range(0xD0, 0xD9)})  # stuffing, TEM, RST0-7, SOI
_SOS, _EOI = 0xDA, 0xD9
# The largest width and height each output format can hold: WebP stores 14 bits.
FORMAT_LIMITS = {"WEBP": 16383, "JPEG": 65535, "PNG": 2**31 - 1}


def megabytes(count: int) -> str:
    """A size for people: "4.8 MB", or "12 KB" under a tenth of a megabyte."""
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} KB"


def read_source(path: Path, shown_as: str, settings: PhotoSettings) -> bytes:
    """The bytes of ``path``: a regular file (never followed through a symbolic link),
    refused when over ``settings.max_bytes`` before it is read."""
    return read_source_with_status(path, shown_as, settings)[0]


def read_source_with_status(path: Path, shown_as: str, settings: PhotoSettings) -> tuple[bytes, os.stat_result]:
    """:func:`read_source`, with the status of the file that was read."""
    # O_NOFOLLOW: a link swapped in after validation still cannot point us at
    # ~/.ssh; O_NONBLOCK: opening a FIFO must not hang the build.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if path.is_symlink():
            raise PhotoRefused(f"'{shown_as}' is a symbolic link", "commit the photo itself") from None
        raise PhotoRefused(f"'{shown_as}' cannot be read ({error.strerror})", _unreadable_hint(error)) from None
    try:
        # The status of what was opened, before any read: a FIFO or a device is never
        # read from, and Python refuses to wrap a folder in a file object.
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PhotoRefused(f"'{shown_as}' is {_file_kind(status.st_mode)}, not a file", "commit the photo itself")
        if status.st_size > settings.max_bytes:
            raise PhotoRefused(
                f"'{shown_as}' is {megabytes(status.st_size)}: the limit is {megabytes(settings.max_bytes)}",
                "export it smaller, e.g. as a JPEG 3000 pixels wide: the site never shows more than "
                f"{max(settings.widths)} pixels across",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            # Read one byte more than allowed, in case the file grew since fstat.
            data = stream.read(settings.max_bytes + 1)
    except OSError as error:
        raise PhotoRefused(f"'{shown_as}' cannot be read ({error.strerror})", _unreadable_hint(error)) from None
    finally:
        os.close(descriptor)
    if len(data) > settings.max_bytes:
        raise PhotoRefused(f"'{shown_as}' is over {megabytes(settings.max_bytes)}", "export it smaller")
    return data, status


def _unreadable_hint(error: OSError) -> str:
    """What to do about a photo the build could not open or read."""
    if isinstance(error, PermissionError):
        return "make the file readable (chmod a+r), or copy it in again"
    return "check the file is committed"


def _file_kind(mode: int) -> str:
    """What a path that is not a regular file is, in an editor's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def open_photo(data: bytes, shown_as: str, settings: PhotoSettings) -> Image.Image:
    """Open ``data`` lazily (header only) if it is an acceptable photo; else PhotoRefused.

    Checks: no work bomb (:func:`_refuse_decode_work`: JPEG scans, JPEG segments, PNG
    chunks); JPEG, PNG or WebP by content; no decompression bomb (Pillow's warning is
    an error here); at most ``settings.max_pixels``. Truncation shows only when the
    pixels are decoded: :func:`storysite.photo_pixels.decode_photo` (which
    :func:`storysite.photo_renditions.render_photo` calls) refuses damaged files.
    """
    _refuse_decode_work(data, shown_as, settings)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except UnidentifiedImageError:
            what, hint = describe_unsupported(data)
            raise PhotoRefused(f"'{shown_as}' is {what}, not a JPEG, PNG or WebP image", hint) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(
                f"'{shown_as}' claims a size too large to decode safely (a decompression bomb, or a damaged file)",
                f"the limit is {settings.max_pixels / 1_000_000:g} megapixels: "
                "export the photo again as a JPEG of at most 4000 pixels on its longer side",
            ) from None
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            # Pillow reports broken headers with any of these.
            raise PhotoRefused(f"'{shown_as}' is damaged ({error})", "export or copy the photo again") from None
    if image.format not in _OPENED_FORMATS:
        raise PhotoRefused(f"'{shown_as}' is a {image.format} image, not a JPEG, PNG or WebP image", _EXPORT_JPEG)
    width, height = image.size
    if width * height > settings.max_pixels:
        raise PhotoRefused(
            f"'{shown_as}' is {width} x {height} pixels ({width * height / 1_000_000:.1f} megapixels): "
            f"the limit is {settings.max_pixels / 1_000_000:g} megapixels",
            "export it smaller, e.g. 4000 pixels on its longer side",
        )
    if width < 1 or height < 1:
        raise PhotoRefused(f"'{shown_as}' has no pixels", "export or copy the photo again")
    return image


@dataclass(frozen=True)
class JpegLayout:
    """What a walk of a JPEG's marker segments counted, up to where it stopped."""

    scans: int  # start-of-scan (SOS) segments of the first picture
    segments: int  # marker segments of every kind, scans included
    stray_bytes: int  # bytes outside any segment (fill bytes, junk)


def jpeg_layout(data: bytes, max_scans: int) -> JpegLayout:
    """Count the scans and segments of the JPEG in ``data``, without decoding it.

    The walk reads each segment's length and jumps over it; after a scan's header it
    finds the end of the entropy-coded data with one regular expression (in C), so a
    12 MB photo costs a few milliseconds. It stops at the end of the first picture
    (EOI: the others of a phone's MPO file are never decoded), at the end of the data,
    or as soon as ``max_scans``, :data:`_MAX_JPEG_SEGMENTS` or
    :data:`_MAX_JPEG_STRAY_BYTES` is passed, so it never loops more than a few thousand
    times. A damaged file is counted as far as it goes; the decoder refuses it later.
    """
    position, end = 2, len(data)  # after SOI
    scans = segments = stray = 0
    while position < end - 1 and scans <= max_scans and segments <= _MAX_JPEG_SEGMENTS and stray <= _MAX_JPEG_STRAY_BYTES:
        if data[position] != 0xFF:
            following = data.find(b"\xff", position)
            if following < 0:
                break
            stray += following - position
            position = following
            continue
        marker = data[position + 1]
        if marker == 0xFF:  # a fill byte before a marker
            stray += 1
            position += 1
            continue
        position += 2
        if marker == _EOI:
            break
        segments += 1
        if marker in _NO_LENGTH or position + 2 > end:
            continue
        length = (data[position] << 8) | data[position + 1]
        if marker != _SOS:
            position += length
            continue
        scans += 1
        after = _AFTER_ENTROPY_DATA.search(data, position + length)
        if after is None:
            break
        position = after.start()
    return JpegLayout(scans, segments, stray)


def png_chunk_count(data: bytes, stop_after: int) -> int:
    """The chunks of the PNG in ``data`` up to IEND, counting no further than ``stop_after`` + 1."""
    position, chunks = len(_PNG_SIGNATURE), 0
    while position + 8 <= len(data) and chunks <= stop_after:
        length, kind = struct.unpack_from(">I4s", data, position)
        chunks += 1
        if kind == b"IEND":
            break
        position += 12 + length
    return chunks


def _refuse_decode_work(data: bytes, shown_as: str, settings: PhotoSettings) -> None:
    """PhotoRefused for a file whose decoding would take far longer than its size says.

    A progressive JPEG with thousands of (empty) scans makes libjpeg pass over every
    block of the picture once per scan: a minute for 400 KB. Thousands of segments or
    chunks make Pillow's Python parsing crawl. Neither is in any real photo. WebP is
    parsed by libwebp alone, and decompression work is bounded by ``max_pixels``.
    """
    redo = "export it again from any photo editor, as an ordinary JPEG, PNG or WebP"
    if data.startswith(b"\xff\xd8"):
        layout = jpeg_layout(data, settings.max_jpeg_scans)
        if layout.scans > settings.max_jpeg_scans:
            raise PhotoRefused(
                f"'{shown_as}' is a JPEG of more than {settings.max_jpeg_scans} scans (a photo has 1 to 20): "
                "decoding it could take minutes",
                redo,
            )
        if layout.segments > _MAX_JPEG_SEGMENTS or layout.stray_bytes > _MAX_JPEG_STRAY_BYTES:
            raise PhotoRefused(
                f"'{shown_as}' is a damaged JPEG: more than {_MAX_JPEG_SEGMENTS} segments or "
                f"{_MAX_JPEG_STRAY_BYTES // 1024} KB of stray bytes (a photo has about 20 segments)",
                redo,
            )
    elif data.startswith(_PNG_SIGNATURE) and png_chunk_count(data, _MAX_PNG_CHUNKS) > _MAX_PNG_CHUNKS:
        raise PhotoRefused(
            f"'{shown_as}' is a PNG of more than {_MAX_PNG_CHUNKS} chunks (a photo has a few dozen): "
            "reading it could take minutes",
            redo,
        )


@dataclass(frozen=True)
class SourceImage:
    """A photo that passed intake, not decoded yet: what rendering starts from."""

    image: Image.Image  # opened lazily, pixels as stored
    orientation: int  # EXIF orientation, 1 to 8
    width: int  # as displayed, after orientation
    height: int


def take_in(data: bytes, shown_as: str, settings: PhotoSettings) -> SourceImage:
    """Every intake check but the decode itself: :func:`open_photo`, the shape (at most
    ``settings.max_aspect_ratio`` times as long one way as the other) and the
    orientation. Raises PhotoRefused."""
    image = open_photo(data, shown_as, settings)
    width, height = image.size
    if max(width, height) > settings.max_aspect_ratio * min(width, height):
        # The shape does not depend on the orientation, only the words do. Pillow
        # decodes a whole PNG to look for EXIF after its pixels: a refused file need not.
        known = image.format != "PNG" or "exif" in image.info
        if known and _read_orientation(image, shown_as) in _SWAPS_AXES:
            width, height = height, width
        _refuse_extreme_shape(width, height, shown_as, settings.max_aspect_ratio)
    orientation = _read_orientation(image, shown_as)
    if orientation in _SWAPS_AXES:
        width, height = height, width
    return SourceImage(image, orientation, width, height)


def _orientation(image: Image.Image) -> int:
    """The EXIF (or XMP) orientation, 1 when absent or meaningless."""
    value = image.getexif().get(_ORIENTATION_TAG, 1)
    return value if isinstance(value, int) and value in _TURNED else 1


def _read_orientation(image: Image.Image, shown_as: str) -> int:
    """:func:`_orientation`, with a damaged EXIF block (or PNG) refused."""
    try:
        return _orientation(image)
    except PILLOW_ERRORS as error:
        # Reading PNG's EXIF may decode the whole file first.
        raise PhotoRefused(f"'{shown_as}' is truncated or damaged ({error})", EXPORT_AGAIN) from None


def _refuse_extreme_shape(width: int, height: int, shown_as: str, limit: float) -> None:
    """PhotoRefused for a photo over ``limit`` times as tall as wide, or as wide as tall.

    A long phone screenshot (1170 x 17000) would make renditions taller than WebP can
    hold, and a strip is no photo on a phone screen or a card: the editor crops it.
    """
    tall = height > width
    long_side, short_side = (height, width) if tall else (width, height)
    if long_side <= limit * short_side:
        return
    shape, across = ("tall", "wide") if tall else ("wide", "tall")
    fitting = (width, math.floor(width * limit)) if tall else (math.floor(height * limit), height)
    raise PhotoRefused(
        f"'{shown_as}' is {width} x {height} pixels, {long_side / short_side:.1f} times as {shape} as {across}: "
        f"the limit is {limit:g} times",
        f"crop it to the part that matters, at most {fitting[0]} x {fitting[1]} pixels",
    )


def refuse_beyond_format_limits(shown_as: str, format: str, sizes: Iterable[tuple[int, int]]) -> None:
    """PhotoRefused when an image of one of ``sizes`` cannot be stored as ``format``.

    The shape limit keeps every rendition far inside these limits with the default
    settings; this is the last word before an encoder would fail with a traceback.
    """
    limit = FORMAT_LIMITS[format]
    for width, height in sizes:
        if max(width, height) > limit:
            name = "WebP" if format == "WEBP" else format
            raise PhotoRefused(
                f"'{shown_as}' would need a {name} image of {width} x {height} pixels: the limit is {limit} on either side",
                "crop it to the part that matters, or export it smaller",
            )


def describe_unsupported(data: bytes) -> tuple[str, str]:
    """What a file that is not JPEG, PNG or WebP seems to be, and what to do: (what, hint)."""
    head = data[:512]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "a HEIC image (the iPhone's own format)", (
                "export it as JPEG: on the iPhone, Settings > Camera > Formats > Most Compatible, "
                "or share the photo by e-mail, which converts it"
            )
        if brand in _AVIF_BRANDS:
            return "an AVIF image", _EXPORT_JPEG
        return "a video or other ISO media file", "a photo must be a JPEG, PNG or WebP image"
    signatures: tuple[tuple[bytes, str], ...] = (
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"GIF8", "a GIF image"),
        (b"BM", "a BMP image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an office document)"),
        (b"MZ", "a Windows program"),
        (b"\x7fELF", "a program"),
        (b"8BPS", "a Photoshop document"),
        (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    )
    for signature, what in signatures:
        if head.startswith(signature):
            return what, _EXPORT_JPEG if "image" in what or "Photoshop" in what else "a photo must be a JPEG, PNG or WebP image"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        what = "an SVG drawing" if b"<svg" in head.lower() else "an HTML or XML document"
        return what, "a photo must be a JPEG, PNG or WebP image; drawings cannot be published as photos"
    if head.startswith(b"\xff\xd8"):
        return "a damaged JPEG", "export or copy the photo again"
    if head.startswith(b"\x89PNG"):
        return "a damaged PNG", "export or copy the photo again"
    return "not an image this site can read", "a photo must be a JPEG, PNG or WebP image"

