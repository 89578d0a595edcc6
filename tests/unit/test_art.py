"""art: a country's card art, as the stylesheet and the share images read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storysite.art import NEUTRAL_ART, CardArt, contrast_with_white, rgb

STYLESHEET = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "stylesheets" / "cards.css"
ART = CardArt("#263766", "#3b4f8a", 120, ((0.7, 0.78), (0.92, 0.44)))


def test_the_art_is_written_as_the_custom_properties_of_a_style_attribute() -> None:
    assert ART.css == (
        "--ss-art-from: #263766; --ss-art-to: #3b4f8a; --ss-art-angle: 120deg; "
        "--ss-art-ring-1: 70% 78%; --ss-art-ring-2: 92% 44%"
    )
    assert CardArt("#000000", "#000000", 22.5, ((0.125, 0), (1, 0.5))).css.endswith(
        "--ss-art-angle: 22.5deg; --ss-art-ring-1: 12.5% 0%; --ss-art-ring-2: 100% 50%"
    )


def test_the_stylesheet_draws_the_cards_from_exactly_those_properties() -> None:
    """Renaming a property on one side only would leave the cards blank: both must agree."""
    css = STYLESHEET.read_text(encoding="utf-8")
    written = set(re.findall(r"(--ss-art-[a-z0-9-]+):", ART.css))
    rule = re.search(r"\.ss-card__art \{(.*?)\n\}", css, re.DOTALL)
    assert rule is not None
    assert set(re.findall(r"var\((--ss-art-[a-z0-9-]+)\)", rule.group(1))) == written
    # Nothing else in the stylesheet sets them, or names a country's own art.
    assert re.findall(r"--ss-art-[a-z0-9-]+\s*:", css) == []
    assert re.search(r"ss-card__art--", css) is None


@pytest.mark.parametrize(("colour", "ratio"), [("#000000", 21.0), ("#ffffff", 1.0), ("#767676", 4.54), ("#6d2846", 10.28)])
def test_contrast_with_white_follows_wcag(colour: str, ratio: float) -> None:
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)


def test_the_neutral_art_is_readable_and_colours_convert() -> None:
    assert min(contrast_with_white(NEUTRAL_ART.start), contrast_with_white(NEUTRAL_ART.end)) >= 4.5
    assert rgb("#5b2040") == (0x5B, 0x20, 0x40) and ART.start_rgb == (0x26, 0x37, 0x66) and ART.end_rgb == (0x3B, 0x4F, 0x8A)
