"""Images in hand-written pages (``docs/``): a story photo's intake and sanitising, one file
at a time, published again in the format each image already has.

:func:`sanitise_page_image` returns new bytes built from pixels alone, or raises
:class:`PhotoRefused` with what the editor should do.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

from .photo_intake import read_source, refuse_beyond_format_limits, take_in
from .photo_pixels import decode_photo
from .photo_settings import EXPORT_AGAIN, PhotoRefused, PhotoSettings

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
    pixels = decode_photo(source.image, scale, settings.filter, source.orientation, shown_as, keep_alpha=format != "JPEG")
    if pixels.mode == "RGBA" and pixels.getextrema()[3] == (255, 255):
        pixels = pixels.convert("RGB")  # alpha that hides nothing only costs bytes
    refuse_beyond_format_limits(shown_as, format, [pixels.size])
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
        raise PhotoRefused(f"'{shown_as}' could not be encoded as {format} ({error})", EXPORT_AGAIN) from None
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

