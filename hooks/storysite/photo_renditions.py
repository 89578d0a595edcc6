"""Photo renditions: one accepted photo as a few widths in WebP and JPEG, plus its card crop.

:func:`render_photo` takes a photo's bytes through intake, the plan and one decode, then
encodes each rendition from pixels alone (never ``exif=``, ``icc_profile=`` or the
source's ``info``), named by the hash of its own bytes (:func:`content_name`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PIL import Image

from .photo_geometry import PhotoPlan, height_for, plan_photo, planned_sizes
from .photo_intake import refuse_beyond_format_limits, take_in
from .photo_pixels import decode_photo
from .photo_settings import EXPORT_AGAIN, PhotoRefused, PhotoSettings

FULL = "full"  # the whole photo, for story pages
CARD = "card"  # the card crop (settings.card_ratio), for story cards
WEBP = "webp"
JPEG = "jpeg"
EXTENSIONS = {WEBP: "webp", JPEG: "jpg"}
_NAME_LENGTH = 16  # hex digits of sha256 in output names: 64 bits


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


def _card_image(width: int, plan: PhotoPlan, candidates: Sequence[Image.Image]) -> Image.Image:
    """The card crop ``width`` wide, cut from the narrowest candidate that is big enough.

    When a full rendition already has the card's width (photos no wider than the card
    ratio), the card is a plain crop of it: no resampling at all.
    """
    left, top, right, bottom = plan.crop
    height = height_for(width, right - left, bottom - top)
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
        refuse_beyond_format_limits(shown_as, format.upper(), planned_sizes(plan))
    working = decode_photo(source.image, plan.scale, plan.filter, source.orientation, shown_as)
    pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None

    def encode(image: Image.Image) -> Future[dict[str, bytes]]:
        return pool.submit(_both_formats, image, settings) if pool else _done(_both_formats(image, settings))

    try:
        # Full renditions, widest first, each resized from the next wider one.
        fulls: list[Image.Image] = []
        pending: list[tuple[str, int, int, Future[dict[str, bytes]]]] = []
        current = working
        for full_width in sorted(plan.full_widths, reverse=True):
            size = (full_width, height_for(full_width, plan.width, plan.height))
            if current.size != size:
                current = current.resize(size, settings.filter)
            fulls.append(current)
            pending.append((FULL, *size, encode(current)))
        # A photo in the card's own ratio is its own card: the same files, encoded once.
        whole_is_card = plan.crop == (0.0, 0.0, float(plan.width), float(plan.height))
        for card_width in sorted(plan.card_widths, reverse=True):
            card_height = height_for(card_width, plan.crop[2] - plan.crop[0], plan.crop[3] - plan.crop[1])
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
        raise PhotoRefused(f"'{shown_as}' could not be converted for the site ({error})", EXPORT_AGAIN) from None
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    facts = {"width": plan.width, "height": plan.height, "bytes": len(data)}
    return facts, encoded

