"""Photos: check what editors commit, then publish only clean, resized copies.

The stage has three parts, all free of MkDocs:

- **Intake** (:func:`read_source`, :func:`take_in`, then the decode): a photo is
  accepted by its content, never its name: JPEG, PNG or WebP, complete, at most
  ``max_pixels`` and ``max_bytes``, at most ``max_aspect_ratio`` times as long one way
  as the other, a regular file. Everything else becomes a :class:`PhotoProblem`
  (message and hint for the editor, raised inside as :class:`PhotoRefused`); the
  caller adds the story file and line. Pillow's decompression-bomb warning is an error.
- **Sanitising and renditions** (:func:`render_photo`): the EXIF orientation is applied
  to the pixels, colours are converted to sRGB, and every kind of metadata (EXIF with
  GPS and thumbnails, XMP, IPTC, comments, PNG text, ICC profiles) is left behind,
  because the outputs are new images built from pixels only and ``save()`` is never
  given ``exif=``, ``icc_profile=`` or the source's ``info``. Each photo becomes a few
  widths in WebP and JPEG, plus a card crop (3:2) that keeps ``focus`` in the frame.
  Outputs are named by the hash of their own bytes, never by the original name.
- **Cache and batch** (:func:`process_photos`): results are kept in a cache folder
  keyed by the source bytes, every setting, the pipeline version and the codec
  versions, so a warm rebuild reads and hashes files but decodes no image. Cold
  photos are spread over the processor's cores; entries no longer used are pruned.

Same input, same settings, same libraries: byte-identical outputs.

Images in hand-written pages (``docs/``) take the same intake and sanitising through
:func:`sanitise_page_image`, one file at a time, and stay in their own format.

How a build uses it: before anything is written, call :func:`process_photos` once with
a :class:`PhotoJob` for every published story's photo and the cache folder (e.g.
``.cache/photos``); turn ``batch.problems`` into content errors at the story's
``photo.file`` line and stop if there are any; publish ``batch.site_files()`` (site
address -> cached file); give templates ``batch.photos[job]`` (:class:`ProcessedPhoto`:
``variants``, ``fallback``, widths and heights); log ``batch.report``. (hooks/storysite/media.py
does all of this for a build.)
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import stat
import struct
import time
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError, features

from .derivative_cache import DerivativeCache
from .errors import PipelineError
from .parallel_work import ProgressCallback, ProgressReporter, default_workers, pool_pays, run_parallel

# Bump when the code changes what it writes: every cache entry is then rebuilt.
PIPELINE_VERSION = "1"
# Where the adapter publishes renditions, relative to the site root.
PHOTO_DIR = "assets/photos"
FULL = "full"  # the whole photo, for story pages
CARD = "card"  # the card crop (settings.card_ratio), for story cards
WEBP = "webp"
JPEG = "jpeg"
EXTENSIONS = {WEBP: "webp", JPEG: "jpg"}
# Formats accepted by content. Pillow reports some phone JPEGs (several pictures in
# one file) as MPO; they are JPEGs and their first picture is used.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
_OPENED_FORMATS = frozenset({*ACCEPTED_FORMATS, "MPO"})
DEFAULT_FOCUS = (0.5, 0.4)  # people's faces tend to sit above the middle of a photo
# A configured width within this fraction of the photo's own width is skipped: the
# photo's own width is published instead, so 960 and 1000 are never both made.
_CLOSE_TO_NATIVE = 0.8
_NAME_LENGTH = 16  # hex digits of sha256 in output names: 64 bits
_ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = frozenset({5, 6, 7, 8})
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_FILTERS = {"bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}
_EXPORT_JPEG = "export it as JPEG (or PNG or WebP) and commit that file instead"
_EXPORT_AGAIN = "export or copy the photo again"
# What Pillow raises for files it cannot read: a broken header, a damaged stream, a
# table that points past the end. Caught around Pillow's calls only, never our own code.
_PILLOW_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error)
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


@dataclass(frozen=True)
class PhotoSettings:
    """Every knob of the pipeline. All of them are part of the cache key."""

    widths: tuple[int, ...] = (480, 960, 1440)  # full renditions, never upscaled
    card_widths: tuple[int, ...] = (480, 960)
    card_ratio: tuple[int, int] = (3, 2)  # width:height of the card crop
    webp_quality: int = 80
    # libwebp's effort, 0-6. 2 costs under half the time of 4 for about 3% more bytes;
    # the build-time budget per photo (bench/photo_benchmark.py) decided.
    webp_method: int = 2
    jpeg_quality: int = 82
    fallback_width: int = 960  # the <img src> JPEG: the largest rendition up to this
    # Downscaling filter. Bicubic (Pillow's own thumbnail() default) looks the same as
    # Lanczos at these ratios and costs a third less; "lanczos" is there if wanted.
    resample: str = "bicubic"
    max_pixels: int = 40_000_000
    max_bytes: int = 64 * 1000 * 1000
    # A photo at most this many times as long one way as the other (a screenshot of a
    # whole chat is refused: "crop it"); it keeps every rendition inside WebP's limit.
    max_aspect_ratio: float = 3.0
    # Scans of a JPEG, each a pass over every block of the picture: libjpeg's standard
    # progressive photo has 10 (18 in CMYK), a baseline one 1 to 4. 1000 empty scans
    # cost a 36-megapixel photo 2 s of decoding and crafted ones 20 s; 100 cost at most
    # about 2 s (measured with libjpeg-turbo 3.2), and leave real photos five times room.
    max_jpeg_scans: int = 100

    def __post_init__(self) -> None:
        if not self.widths or not self.card_widths or min(*self.widths, *self.card_widths) < 1:
            raise ValueError("widths and card_widths need at least one positive width each")
        if min(self.card_ratio) < 1 or not 0 <= self.webp_method <= 6:
            raise ValueError("card_ratio must be positive and webp_method 0 to 6")
        if self.resample not in _FILTERS:
            raise ValueError(f"resample must be one of {sorted(_FILTERS)}")
        if self.max_aspect_ratio < 1 or self.max_jpeg_scans < 1:
            raise ValueError("max_aspect_ratio and max_jpeg_scans must be at least 1")

    @property
    def filter(self) -> Image.Resampling:
        """The Pillow filter named by ``resample``."""
        return _FILTERS[self.resample]


@dataclass(frozen=True)
class PhotoProblem:
    """Why a photo cannot be published, in the words of a content error."""

    message: str  # e.g. "'photos/x.jpg' is a TIFF image: ..."
    hint: str


class PhotoRefused(Exception):
    """A photo failed intake; ``problem`` says why and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.problem = PhotoProblem(message, hint)


@dataclass(frozen=True)
class PhotoJob:
    """One photo to publish.

    ``source`` is the original file (already checked by ``stories.photo_path_problem``);
    ``shown_as`` is how messages name it, e.g. ``photos/x.jpg``; ``focus`` is the point
    (x, y from 0 to 1, from the top left) that card crops keep in view, or None for
    :data:`DEFAULT_FOCUS`. Two stories with the same photo and focus share one job.
    """

    source: Path
    shown_as: str
    focus: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.focus is not None and not all(0.0 <= value <= 1.0 for value in self.focus):
            raise ValueError(f"focus {self.focus} is outside 0..1; validation should have refused it")


@dataclass(frozen=True)
class Rendition:
    """One published image file.

    The adapter copies ``path`` (a file in the cache) to ``src_uri`` in the site. Every
    rendition of one kind and format has the same aspect ratio.
    """

    name: str  # e.g. "3f9a0c1d2e4b5a69.webp": the first 64 bits of sha256 of the bytes
    path: Path
    kind: str  # FULL or CARD
    format: str  # WEBP or JPEG
    width: int
    height: int
    size: int  # bytes

    @property
    def src_uri(self) -> str:
        """The file's address relative to the site root, e.g. ``assets/photos/<name>``."""
        return f"{PHOTO_DIR}/{self.name}"


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo's renditions and what templates need to draw ``<picture>``."""

    source_width: int  # after orientation
    source_height: int
    source_size: int  # bytes of the original
    renditions: tuple[Rendition, ...]
    from_cache: bool
    fallback_width: int = PhotoSettings.fallback_width  # see PhotoSettings

    def variants(self, kind: str = FULL, format: str = WEBP) -> tuple[Rendition, ...]:
        """The renditions of one kind and format, narrowest first."""
        return tuple(sorted((r for r in self.renditions if r.kind == kind and r.format == format), key=lambda r: r.width))

    def fallback(self, kind: str = FULL) -> Rendition:
        """The JPEG for ``<img src>``: the widest up to ``fallback_width``, else the narrowest.

        Its width and height are the ones to put on ``<img>`` (no layout shift): every
        rendition of a kind has the same aspect ratio.
        """
        jpegs = self.variants(kind, JPEG)
        fitting = [r for r in jpegs if r.width <= self.fallback_width]
        return fitting[-1] if fitting else jpegs[0]

    def largest(self, kind: str = FULL, format: str = JPEG) -> Rendition:
        """The widest rendition of a kind and format (share cards are drawn from it)."""
        return self.variants(kind, format)[-1]

    def files(self) -> tuple[Rendition, ...]:
        """Every distinct file to publish (a card identical to a full rendition is one file)."""
        unique = {r.name: r for r in self.renditions}
        return tuple(unique[name] for name in sorted(unique))


@dataclass(frozen=True)
class PhotoReport:
    """The one line a build prints about its photos."""

    processed: int  # decoded and rendered in this build
    from_cache: int
    refused: int
    bytes_before: int  # originals, each distinct source once
    bytes_after: int  # distinct published files
    seconds: float

    def __str__(self) -> str:
        refused = f", {self.refused} refused" if self.refused else ""
        return (
            f"Photos: {self.processed} processed, {self.from_cache} from cache{refused}; "
            f"{_megabytes(self.bytes_before)} before, {_megabytes(self.bytes_after)} after ({self.seconds:.1f} s)"
        )


@dataclass(frozen=True)
class PhotoBatch:
    """The outcome of :func:`process_photos`: each job is in exactly one of the mappings."""

    photos: Mapping[PhotoJob, ProcessedPhoto]
    problems: Mapping[PhotoJob, PhotoProblem]
    report: PhotoReport

    def site_files(self) -> dict[str, Path]:
        """Every file to publish: site address (``assets/photos/<name>``) -> cached file."""
        files = {r.src_uri: r.path for photo in self.photos.values() for r in photo.files()}
        return dict(sorted(files.items()))


def _megabytes(count: int) -> str:
    """A size for people: "4.8 MB", or "12 KB" under a tenth of a megabyte."""
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} KB"


# --- intake -------------------------------------------------------------------------------------


def read_source(path: Path, shown_as: str, settings: PhotoSettings) -> bytes:
    """The bytes of ``path``: a regular file (never followed through a symbolic link),
    refused when over ``settings.max_bytes`` before it is read."""
    return _read_source(path, shown_as, settings)[0]


def _read_source(path: Path, shown_as: str, settings: PhotoSettings) -> tuple[bytes, os.stat_result]:
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
                f"'{shown_as}' is {_megabytes(status.st_size)}: the limit is {_megabytes(settings.max_bytes)}",
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
        raise PhotoRefused(f"'{shown_as}' is over {_megabytes(settings.max_bytes)}", "export it smaller")
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
    pixels are decoded: :func:`render_photo` decodes and refuses damaged files.
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


def _read_orientation(image: Image.Image, shown_as: str) -> int:
    """:func:`_orientation`, with a damaged EXIF block (or PNG) refused."""
    try:
        return _orientation(image)
    except _PILLOW_ERRORS as error:
        # Reading PNG's EXIF may decode the whole file first.
        raise PhotoRefused(f"'{shown_as}' is truncated or damaged ({error})", _EXPORT_AGAIN) from None


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


def _refuse_beyond_format_limits(shown_as: str, format: str, sizes: Iterable[tuple[int, int]]) -> None:
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


# --- geometry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """Sizes of everything one photo becomes, in oriented pixels."""

    width: int  # oriented source
    height: int
    full_widths: tuple[int, ...]
    crop: tuple[float, float, float, float]  # card crop box in source pixels
    card_widths: tuple[int, ...]
    scale: float  # working image = source * scale: the least that serves every rendition
    filter: Image.Resampling


def _widths(native: int, wanted: Sequence[int]) -> tuple[int, ...]:
    """The widths to make from an image ``native`` pixels wide: never upscaled."""
    chosen = {width for width in wanted if width <= native * _CLOSE_TO_NATIVE}
    chosen.add(min(native, max(wanted)))
    return tuple(sorted(chosen))


def focus_crop(
    width: int, height: int, ratio: tuple[int, int], focus: tuple[float, float] | None
) -> tuple[float, float, float, float]:
    """The largest ``ratio`` (width:height) box of a ``width`` x ``height`` image, centred
    on ``focus`` (x, y from 0 to 1; None for :data:`DEFAULT_FOCUS`) as far as the edges
    allow: (left, top, box width, box height)."""
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:  # wider than the box: full height, cut the sides
        crop_w, crop_h = height * ratio_w / ratio_h, float(height)
    else:
        crop_w, crop_h = float(width), width * ratio_h / ratio_w
    focus_x, focus_y = focus or DEFAULT_FOCUS
    left = min(max(focus_x * width - crop_w / 2, 0.0), width - crop_w)
    top = min(max(focus_y * height - crop_h / 2, 0.0), height - crop_h)
    return (left, top, crop_w, crop_h)


def plan_photo(width: int, height: int, focus: tuple[float, float] | None, settings: PhotoSettings) -> _Plan:
    """What an oriented ``width`` x ``height`` photo becomes under ``settings``."""
    left, top, crop_w, crop_h = focus_crop(width, height, settings.card_ratio, focus)
    full_widths = _widths(width, settings.widths)
    card_widths = _widths(int(crop_w), settings.card_widths)
    scale = min(1.0, max(full_widths[-1] / width, card_widths[-1] / crop_w))
    return _Plan(width, height, full_widths, (left, top, left + crop_w, top + crop_h), card_widths, scale, settings.filter)


def planned_sizes(plan: _Plan) -> list[tuple[int, int]]:
    """Every (width, height) that rendering ``plan`` encodes: full renditions, then cards."""
    left, top, right, bottom = plan.crop
    fulls = [(width, _height_for(width, plan.width, plan.height)) for width in plan.full_widths]
    cards = [(width, _height_for(width, right - left, bottom - top)) for width in plan.card_widths]
    return fulls + cards


def _height_for(width: int, source_width: float, source_height: float) -> int:
    return max(1, round(width * source_height / source_width))


# --- decoding and sanitising --------------------------------------------------------------------


def _orientation(image: Image.Image) -> int:
    """The EXIF (or XMP) orientation, 1 when absent or meaningless."""
    value = image.getexif().get(_ORIENTATION_TAG, 1)
    return value if isinstance(value, int) and value in _TRANSPOSE else 1


def _to_plain_pixels(image: Image.Image, keep_alpha: bool = False) -> Image.Image:
    """``image`` in a mode we can resize: RGB, L or CMYK, alpha flattened onto white; with
    ``keep_alpha``, RGBA when the image has any transparency (an alpha channel, a
    transparent palette entry or a transparent colour)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: keep the top 8 bits rather than clipping at 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
    elif keep_alpha and image.mode in ("L", "RGB") and image.info.get("transparency") is not None:
        image = image.convert("RGBA")  # PNG's tRNS: one colour that stands for "clear"
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        if keep_alpha:
            return image.convert("LA" if image.mode in ("LA", "La") else "RGBA")
        # Photos have no use for transparency and JPEG has none: white behind it.
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image.convert("RGBA"), mask=image.getchannel("A"))
        return flat
    if image.mode not in ("RGB", "L", "CMYK"):
        return image.convert("RGB")
    return image


def _to_srgb(image: Image.Image, icc: bytes | None, shown_as: str) -> Image.Image:
    """``image`` as sRGB pixels (RGB, or RGBA when it comes with alpha, which is kept as it
    is); ``icc`` is the source's profile (None: already sRGB)."""
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
        colour = _to_srgb(image.convert("RGB" if image.mode == "RGBA" else "L"), icc, shown_as)
        colour.putalpha(alpha)
        return colour
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            # sRGB to sRGB would only cost time: skip profiles that call themselves sRGB.
            if not ImageCms.getProfileDescription(profile).strip().startswith("sRGB") or image.mode != "RGB":
                converted = ImageCms.profileToProfile(
                    image, profile, ImageCms.createProfile("sRGB"),
                    renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB",
                )
                assert converted is not None  # None only with inPlace=True
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as error:
            raise PhotoRefused(
                f"'{shown_as}' carries a colour profile that cannot be applied ({error})",
                "export it again as an sRGB JPEG",
            ) from None
    return image if image.mode == "RGB" else image.convert("RGB")


def _decode(
    image: Image.Image, scale: float, resample: Image.Resampling, orientation: int, shown_as: str, *,
    keep_alpha: bool = False,
) -> Image.Image:
    """The working image: decoded once, ``scale`` times its size (at most 1), oriented,
    sRGB, no info; RGB, or RGBA with ``keep_alpha`` when the source has transparency.

    JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg itself when the renditions need
    no more (``draft``), which is most of the saving on camera photos.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Something in this process told Pillow to accept truncated files; refusing
        # them is part of our contract, so do not silently publish half a photo.
        raise PipelineError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is set; the photo stage needs it off")
    stored_w, stored_h = image.size
    target = (max(1, round(stored_w * scale)), max(1, round(stored_h * scale)))
    icc = image.info.get("icc_profile")
    try:
        if image.format in ("JPEG", "MPO") and scale < 1:
            image.draft(image.mode, (math.ceil(stored_w * scale), math.ceil(stored_h * scale)))
        image.load()
        pixels = _to_plain_pixels(image, keep_alpha)
        if pixels.size != target:
            pixels = pixels.resize(target, resample)
    except _PILLOW_ERRORS as error:
        raise PhotoRefused(
            f"'{shown_as}' is truncated or damaged ({error})", "export or copy the photo again: part of the file is missing"
        ) from None
    # Colour conversion after the resize: the same result to the eye, on fewer pixels.
    pixels = _to_srgb(pixels, icc, shown_as)
    if orientation in _TRANSPOSE:
        pixels = pixels.transpose(_TRANSPOSE[orientation])
    # Nothing of the source's metadata may travel on: Pillow copies ``info`` to every
    # derived image, and the JPEG writer reads a comment from it, the PNG writer a
    # colour profile and a transparent colour.
    pixels.info = {}
    return pixels


# --- renditions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncodedImage:
    """One rendition's bytes before they are cached."""

    kind: str
    format: str
    width: int
    height: int
    data: bytes

    @property
    def name(self) -> str:
        """The file name it is published under (see :func:`content_name`)."""
        return content_name(self.data, EXTENSIONS[self.format])


def content_name(data: bytes, extension: str) -> str:
    """A published file's name: 16 hex digits of the sha256 of its bytes, e.g. ``3f9a...69.webp``.

    Never the original's name (it may name the person or the place), and a new name
    whenever the bytes change, so no browser or CDN keeps a stale copy.
    """
    return f"{hashlib.sha256(data).hexdigest()[:_NAME_LENGTH]}.{extension}"


def _encode(image: Image.Image, format: str, settings: PhotoSettings) -> bytes:
    """``image`` as WebP or JPEG bytes, with no metadata of any kind."""
    buffer = io.BytesIO()
    if format == WEBP:
        image.save(buffer, "WEBP", quality=settings.webp_quality, method=settings.webp_method)
    else:
        image.save(buffer, "JPEG", quality=settings.jpeg_quality, optimize=True)
    return buffer.getvalue()


def _card_image(width: int, plan: _Plan, candidates: Sequence[Image.Image]) -> Image.Image:
    """The card crop ``width`` wide, cut from the narrowest candidate that is big enough.

    When a full rendition already has the card's width (photos no wider than the card
    ratio), the card is a plain crop of it: no resampling at all.
    """
    left, top, right, bottom = plan.crop
    height = _height_for(width, right - left, bottom - top)
    for candidate in sorted(candidates, key=lambda image: image.width):
        scale = candidate.width / plan.width
        box = (left * scale, top * scale, right * scale, bottom * scale)
        if box[2] - box[0] < width - 0.5:
            continue
        if abs((box[2] - box[0]) - width) < 0.5:
            # Rounding the box may push it a pixel past an edge: keep it inside, never pad.
            x = max(0, min(round(box[0]), candidate.width - width))
            y = max(0, min(round(box[1]), candidate.height - height))
            if candidate.height - y >= height:
                return candidate.crop((x, y, x + width, y + height))
        return candidate.resize((width, height), plan.filter, box=box)
    raise AssertionError(f"no image wide enough for a {width} px card: the plan promised one")


def _both_formats(image: Image.Image, settings: PhotoSettings) -> dict[str, bytes]:
    # One task per image, WebP then JPEG: Pillow keeps save() options on the image
    # object, so two threads must never save the same image at once.
    return {format: _encode(image, format, settings) for format in (WEBP, JPEG)}


def _done(value: dict[str, bytes]) -> Future[dict[str, bytes]]:
    future: Future[dict[str, bytes]] = Future()
    future.set_result(value)
    return future


def render_photo(
    data: bytes, shown_as: str, focus: tuple[float, float] | None, settings: PhotoSettings, *, threads: int = 1,
) -> tuple[dict[str, Any], list[EncodedImage]]:
    """Check, decode once and render one photo: (its manifest facts, the encoded files).

    With ``threads`` > 1, encoding runs in threads while this one goes on resizing
    (Pillow releases the GIL in its codecs and resampler): one photo then uses more
    than one core. The output does not depend on ``threads``.
    Raises PhotoRefused for anything intake refuses, including truncated files.
    """
    source = take_in(data, shown_as, settings)
    plan = plan_photo(source.width, source.height, focus, settings)
    for format in (WEBP, JPEG):
        _refuse_beyond_format_limits(shown_as, format.upper(), planned_sizes(plan))
    working = _decode(source.image, plan.scale, plan.filter, source.orientation, shown_as)
    pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None

    def encode(image: Image.Image) -> Future[dict[str, bytes]]:
        return pool.submit(_both_formats, image, settings) if pool else _done(_both_formats(image, settings))

    try:
        # Full renditions, widest first, each resized from the next wider one.
        fulls: list[Image.Image] = []
        pending: list[tuple[str, int, int, Future[dict[str, bytes]]]] = []
        current = working
        for full_width in sorted(plan.full_widths, reverse=True):
            size = (full_width, _height_for(full_width, plan.width, plan.height))
            if current.size != size:
                current = current.resize(size, settings.filter)
            fulls.append(current)
            pending.append((FULL, *size, encode(current)))
        # A photo in the card's own ratio is its own card: the same files, encoded once.
        whole_is_card = plan.crop == (0.0, 0.0, float(plan.width), float(plan.height))
        for card_width in sorted(plan.card_widths, reverse=True):
            card_height = _height_for(card_width, plan.crop[2] - plan.crop[0], plan.crop[3] - plan.crop[1])
            same = [task for kind, w, h, task in pending if kind == FULL and (w, h) == (card_width, card_height)]
            if whole_is_card and same:
                pending.append((CARD, card_width, card_height, same[0]))
            else:
                pending.append((CARD, card_width, card_height, encode(_card_image(card_width, plan, [working, *fulls]))))
        encoded = [
            EncodedImage(kind, format, w, h, data) for kind, w, h, task in pending for format, data in task.result().items()
        ]
    except (OSError, ValueError) as error:
        # What Pillow's resampler and encoders raise; the limits above should leave none.
        raise PhotoRefused(f"'{shown_as}' could not be converted for the site ({error})", _EXPORT_AGAIN) from None
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    facts = {"width": plan.width, "height": plan.height, "bytes": len(data)}
    return facts, encoded


# --- images in hand-written pages ---------------------------------------------------------------

# What a page image was and stays: its format by content, and the extension it is published with.
PAGE_IMAGE_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class PageImage:
    """An image for a hand-written page in ``docs/``: new bytes, nothing of the original's
    metadata, in the format the original was."""

    data: bytes
    extension: str  # "jpg", "png" or "webp": the format it was and stays


def sanitise_page_image(path: Path, shown_as: str, settings: PhotoSettings = PhotoSettings()) -> PageImage:
    """The image at ``path`` made safe to publish, or PhotoRefused saying why not.

    The intake is a story photo's (:func:`read_source`, then :func:`take_in`): a regular
    file, never a symbolic link or a FIFO, JPEG, PNG or WebP by its content, within the
    byte, pixel, JPEG scan and shape limits of ``settings``. The EXIF orientation is
    applied to the pixels, colours are converted to sRGB, and the image is at most
    ``max(settings.widths)`` pixels wide (downscaled, never upscaled). It is encoded
    again in its own format from pixels alone, so no EXIF (GPS, serial numbers,
    thumbnails), XMP, IPTC, comment, text chunk or colour profile survives; PNG and
    WebP keep their transparency, and a lossless WebP stays lossless. The same file
    and settings give the same bytes. ``shown_as`` is how messages name the file.
    """
    data = read_source(path, shown_as, settings)
    source = take_in(data, shown_as, settings)
    format = "JPEG" if source.image.format == "MPO" else str(source.image.format)
    scale = min(1.0, max(settings.widths) / source.width)
    pixels = _decode(source.image, scale, settings.filter, source.orientation, shown_as, keep_alpha=format != "JPEG")
    if pixels.mode == "RGBA" and pixels.getextrema()[3] == (255, 255):
        pixels = pixels.convert("RGB")  # alpha that hides nothing only costs bytes
    _refuse_beyond_format_limits(shown_as, format, [pixels.size])
    buffer = io.BytesIO()
    try:
        if format == "PNG":
            pixels.save(buffer, "PNG", compress_level=6)
        elif format == "WEBP":
            lossless = _webp_is_lossless(data)
            pixels.save(buffer, "WEBP", quality=settings.webp_quality, method=settings.webp_method, lossless=lossless)
        else:
            pixels.save(buffer, "JPEG", quality=settings.jpeg_quality, optimize=True)
    except (OSError, ValueError) as error:
        raise PhotoRefused(f"'{shown_as}' could not be encoded as {format} ({error})", _EXPORT_AGAIN) from None
    return PageImage(buffer.getvalue(), PAGE_IMAGE_EXTENSIONS[format])


def _webp_is_lossless(data: bytes) -> bool:
    """Whether a WebP's (first) picture is stored losslessly (a ``VP8L`` chunk)."""
    position, chunks = 12, 0
    # A RIFF file is a list of (four letters, size, body); animation frames (ANMF) hold
    # their picture's chunks after a 16-byte frame header. Bounded: a file of a million
    # empty chunks is simply called lossy.
    while position + 8 <= len(data) and chunks < 1000:
        fourcc = data[position:position + 4]
        (size,) = struct.unpack_from("<I", data, position + 4)
        if fourcc in (b"VP8L", b"VP8 "):
            return fourcc == b"VP8L"
        position = position + 8 + 16 if fourcc == b"ANMF" else position + 8 + size + (size & 1)
        chunks += 1
    return False


# --- cache --------------------------------------------------------------------------------------


def settings_fingerprint(settings: PhotoSettings) -> str:
    """Everything besides the source that decides the output bytes, as stable text."""
    libraries = {name: features.version(name) for name in ("jpg", "libjpeg_turbo", "webp", "littlecms2")}
    payload = {"pipeline": PIPELINE_VERSION, "pillow": PIL.__version__, "libraries": libraries, "settings": asdict(settings)}
    return json.dumps(payload, sort_keys=True)


def cache_key(source_digest: str, focus: tuple[float, float] | None, fingerprint: str) -> str:
    """The cache entry of a source: sha256 of its bytes' digest, the focus and the settings."""
    text = json.dumps([source_digest, list(focus) if focus else None, fingerprint])
    return hashlib.sha256(text.encode()).hexdigest()


# --- source digests -----------------------------------------------------------------------------

DIGEST_MEMO = "digests.json"  # in the cache folder, beside the entries
# A file changed this recently may change again within the clock's resolution
# without a new timestamp (git's "racily clean" case): hash it again next time.
_RACY_S = 2.0


class DigestMemo:
    """Source hashes remembered by file identity, so a warm build reads no photo.

    The cache key stays the sha256 of the bytes; this only avoids recomputing it when
    the file is provably the one hashed before: same device, inode, size, modification
    and status-change times. Any write or rename changes the status-change time, which
    no tool can set back, so a replaced photo is always hashed again. Git trusts its
    index the same way. An unreadable memo is simply empty.
    """

    def __init__(self, path: Path, known: dict[str, list[Any]]) -> None:
        self.path = path
        self.known = known

    @classmethod
    def load(cls, path: Path) -> DigestMemo:
        """The memo at ``path``, or an empty one."""
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        return cls(path, known if isinstance(known, dict) else {})

    @staticmethod
    def _identity(status: os.stat_result) -> list[int]:
        return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]

    def digest(self, source: Path, shown_as: str, settings: PhotoSettings) -> tuple[str, int]:
        """(sha256 hex of the file's bytes, its size); reads and checks the file unless
        the memo knows it. Raises PhotoRefused like :func:`read_source`."""
        name = str(source)
        try:
            status = os.lstat(source)
        except OSError:
            status = None
        remembered = self.known.get(name)
        if (
            status is not None and stat.S_ISREG(status.st_mode) and isinstance(remembered, list)
            and len(remembered) == 6 and remembered[:5] == self._identity(status)
            and status.st_size <= settings.max_bytes
        ):
            return str(remembered[5]), status.st_size
        data, status = _read_source(source, shown_as, settings)
        digest = hashlib.sha256(data).hexdigest()
        if time.time() - status.st_mtime_ns / 1e9 > _RACY_S and time.time() - status.st_ctime_ns / 1e9 > _RACY_S:
            self.known[name] = [*self._identity(status), digest]
        else:
            self.known.pop(name, None)
        return digest, len(data)

    def save(self, keep: Collection[Path]) -> None:
        """Write the memo, forgetting files not in ``keep``; a failure only costs hashing."""
        names = {str(path) for path in keep}
        known = {name: value for name, value in sorted(self.known.items()) if name in names}
        temporary = self.path.with_name(f".{self.path.name}-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(known, indent=0), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


# --- batch --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    """What one cold photo came to, sent back from a worker process."""

    key: str | None
    digest: str | None  # sha256 of the source bytes the worker read
    manifest: dict[str, Any] | None
    problem: PhotoProblem | None


def _process_cold(
    source: Path, shown_as: str, focus: tuple[float, float] | None, settings: PhotoSettings, cache_folder: Path,
    threads: int,
) -> _Outcome:
    """Read, check, render and cache one photo. Runs in a worker process (or in-process)."""
    try:
        data = read_source(source, shown_as, settings)
        # The key comes from the bytes this worker read: if the file changed since the
        # parent hashed it, the entry still describes exactly what was rendered.
        digest = hashlib.sha256(data).hexdigest()
        key = cache_key(digest, focus, settings_fingerprint(settings))
        facts, encoded = render_photo(data, shown_as, focus, settings, threads=threads)
    except PhotoRefused as refused:
        return _Outcome(None, None, None, refused.problem)
    renditions = [
        {"name": e.name, "kind": e.kind, "format": e.format, "width": e.width, "height": e.height} for e in encoded
    ]
    files = {e.name: e.data for e in encoded}
    manifest = DerivativeCache(cache_folder).store(key, files, {"source": facts, "renditions": renditions})
    return _Outcome(key, digest, manifest, None)


def _photo_from_manifest(manifest: Mapping[str, Any], entry: Path, from_cache: bool, settings: PhotoSettings) -> ProcessedPhoto:
    """The photo a manifest describes; KeyError, TypeError or ValueError when it is not one."""
    sizes = manifest["files"]
    renditions = tuple(
        Rendition(
            name=item["name"], path=entry / item["name"], kind=item["kind"], format=item["format"],
            width=item["width"], height=item["height"], size=sizes[item["name"]],
        )
        for item in manifest["renditions"]
    )
    source = manifest["source"]
    if not {(r.kind, r.format) for r in renditions} >= {(kind, format) for kind in (FULL, CARD) for format in (WEBP, JPEG)}:
        raise ValueError("a kind or format is missing")
    return ProcessedPhoto(int(source["width"]), int(source["height"]), int(source["bytes"]), renditions, from_cache, settings.fallback_width)


def _cached_photo(cache: DerivativeCache, key: str, settings: PhotoSettings) -> ProcessedPhoto | None:
    """The cached photo of ``key``, or None when there is none or it is incomplete."""
    manifest = cache.load(key)
    if manifest is None:
        return None
    try:
        return _photo_from_manifest(manifest, cache.entry(key), True, settings)
    except (KeyError, TypeError, ValueError):
        return None  # written by another version, or damaged: render again


def process_photos(
    jobs: Iterable[PhotoJob],
    cache_folder: Path,
    settings: PhotoSettings = PhotoSettings(),
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    progress_interval: float = 1.0,
    prune: bool = True,
) -> PhotoBatch:
    """Check and render every job's photo, from the cache where possible.

    Each source is hashed (or its hash is taken from :class:`DigestMemo` when the file
    is provably unchanged); a cache entry with the same key is used as it is, and no
    image is decoded. The other photos are decoded and rendered in ``workers``
    processes (default: every core) when there are several, or on ``workers`` threads
    when there is one. Refused photos are in ``problems``, and nothing of them is
    cached. With ``prune``, cache entries that no job of this batch used are deleted
    afterwards, so pass every photo of the site in one call. ``progress`` receives a
    :class:`Progress` during cold work, at most every ``progress_interval`` seconds
    and once at the end. Jobs keep their order in the returned mappings.

    Raises PipelineError when the cache cannot be written or a worker dies.
    """
    started = time.perf_counter()
    unique_jobs = list(dict.fromkeys(jobs))
    cache = DerivativeCache(cache_folder)
    fingerprint = settings_fingerprint(settings)
    photos: dict[PhotoJob, ProcessedPhoto] = {}
    problems: dict[PhotoJob, PhotoProblem] = {}
    used_keys: set[str] = set()
    source_sizes: dict[str, int] = {}
    cold: list[PhotoJob] = []
    memo = DigestMemo.load(cache_folder / DIGEST_MEMO)
    for job in unique_jobs:
        try:
            digest, size = memo.digest(job.source, job.shown_as, settings)
        except PhotoRefused as refused:
            problems[job] = refused.problem
            continue
        key = cache_key(digest, job.focus, fingerprint)
        cached = _cached_photo(cache, key, settings)
        if cached is None:
            cold.append(job)
            continue
        used_keys.add(key)
        source_sizes[digest] = size
        photos[job] = cached

    reporter = ProgressReporter("photos", len(cold), progress, progress_interval)

    def collect(index: int, outcome: _Outcome) -> None:
        job = cold[index]
        if outcome.problem is not None:
            problems[job] = outcome.problem
        else:
            assert outcome.key is not None and outcome.digest is not None and outcome.manifest is not None
            used_keys.add(outcome.key)
            photos[job] = _photo_from_manifest(outcome.manifest, cache.entry(outcome.key), False, settings)
            source_sizes[outcome.digest] = photos[job].source_size
        reporter.advance()

    workers = workers or default_workers()
    # Photos in parallel processes when there are several; a lone photo gets the
    # cores as threads instead (the editor's usual change: one new photo).
    threads = 1 if pool_pays(workers, len(cold)) else workers
    tasks = [(job.source, job.shown_as, job.focus, settings, cache_folder, threads) for job in cold]
    run_parallel(tasks, _process_cold, workers, collect)
    if prune:
        cache.prune(used_keys)
    memo.save(keep={job.source for job in unique_jobs})

    ordered = {job: photos[job] for job in unique_jobs if job in photos}
    refusals = {job: problems[job] for job in unique_jobs if job in problems}
    published = {r.name: r.size for photo in ordered.values() for r in photo.files()}
    report = PhotoReport(
        processed=sum(1 for photo in ordered.values() if not photo.from_cache),
        from_cache=sum(1 for photo in ordered.values() if photo.from_cache),
        refused=len(refusals),
        bytes_before=sum(source_sizes.values()),
        bytes_after=sum(published.values()),
        seconds=time.perf_counter() - started,
    )
    return PhotoBatch(ordered, refusals, report)
