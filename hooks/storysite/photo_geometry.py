"""Photo geometry: what one photo becomes, in sizes only, before any pixel is touched.

:func:`plan_photo` chooses the full widths (never upscaled), the card crop that keeps the
focus in view (:func:`focus_crop`) and the one scale to decode at; :func:`planned_sizes`
lists every size that will be encoded, so intake can refuse what no format can hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from .photo_settings import PhotoSettings

DEFAULT_FOCUS = (0.5, 0.4)  # people's faces tend to sit above the middle of a photo
# A configured width within this fraction of the photo's own width is skipped: the
# photo's own width is published instead, so 960 and 1000 are never both made.
_CLOSE_TO_NATIVE = 0.8


@dataclass(frozen=True)
class PhotoPlan:
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


def plan_photo(width: int, height: int, focus: tuple[float, float] | None, settings: PhotoSettings) -> PhotoPlan:
    """What an oriented ``width`` x ``height`` photo becomes under ``settings``."""
    left, top, crop_w, crop_h = focus_crop(width, height, settings.card_ratio, focus)
    full_widths = _widths(width, settings.widths)
    card_widths = _widths(int(crop_w), settings.card_widths)
    scale = min(1.0, max(full_widths[-1] / width, card_widths[-1] / crop_w))
    return PhotoPlan(width, height, full_widths, (left, top, left + crop_w, top + crop_h), card_widths, scale, settings.filter)


def planned_sizes(plan: PhotoPlan) -> list[tuple[int, int]]:
    """Every (width, height) that rendering ``plan`` encodes: full renditions, then cards."""
    left, top, right, bottom = plan.crop
    fulls = [(width, height_for(width, plan.width, plan.height)) for width in plan.full_widths]
    cards = [(width, height_for(width, right - left, bottom - top)) for width in plan.card_widths]
    return fulls + cards


def height_for(width: int, source_width: float, source_height: float) -> int:
    """The height of an image ``width`` wide in the shape of ``source_width`` x ``source_height``."""
    return max(1, round(width * source_height / source_width))
