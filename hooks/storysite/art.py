"""A country's card art: the picture on the cards of stories without a photo and on their
share images, declared once in ``data/countries.yml`` (``art:``).

The stylesheet draws it from custom properties that the card template writes out of
:attr:`CardArt.css` (``style="--ss-art-from: ...; ..."``), and the share images draw the
same gradient and rings in Python (:func:`storysite.share_cards.programme_pattern`), so
that a shared card looks like the card on the site. A country without ``art:`` gets
:data:`NEUTRAL_ART`, in the site's own colours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A colour as CSS and editors write it: "#5b2040".
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# The country's name is printed in white on the art, in small bold capitals: WCAG AA's
# contrast for normal text.
MIN_CONTRAST_WITH_WHITE = 4.5

Point = tuple[float, float]


@dataclass(frozen=True)
class CardArt:
    """A linear gradient from ``start`` to ``end`` at ``angle`` and two rings around it.

    ``angle`` is in CSS degrees (0 points up, 90 runs left to right, 180 top to bottom);
    each ring's centre is (x, y), 0 to 1 from the top left corner.
    """

    start: str  # "#rrggbb", lowercase
    end: str
    angle: float
    rings: tuple[Point, Point]

    @property
    def start_rgb(self) -> tuple[int, int, int]:
        return rgb(self.start)

    @property
    def end_rgb(self) -> tuple[int, int, int]:
        return rgb(self.end)

    @property
    def css(self) -> str:
        """The custom properties cards.css reads (``.ss-card__art``), for a style
        attribute: ``--ss-art-from: #...; --ss-art-to: #...; --ss-art-angle: 135deg;
        --ss-art-ring-1: 74% 38%; --ss-art-ring-2: 90% 62%``."""
        rings = [f"--ss-art-ring-{number}: {_percent(x)} {_percent(y)}" for number, (x, y) in enumerate(self.rings, start=1)]
        return "; ".join([f"--ss-art-from: {self.start}", f"--ss-art-to: {self.end}", f"--ss-art-angle: {self.angle:g}deg", *rings])


# The art of a country that declares none: the site's plums (home.css: the hero's).
NEUTRAL_ART = CardArt("#461830", "#6d2846", 135, ((0.74, 0.38), (0.90, 0.62)))


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#5b2040"`` as (91, 32, 64)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def contrast_with_white(colour: str) -> float:
    """The WCAG 2 contrast ratio of white text on ``colour`` (1 to 21)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb(colour))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)
