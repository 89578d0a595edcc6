"""Write honest placeholder photos: the programme's pattern saying "Placeholder photo".

For the sample site and for trying the photo pipeline without anyone's picture: every
image says in large letters that it is a placeholder, and none shows a person. The
output is the same bytes on every run (no randomness, no dates).

Usage: python tools/make_placeholder_photos.py --out DIR

Writes one photo in each shape and format the site accepts (landscape JPEG, portrait
JPEG, square PNG, wide WebP), then a list of what it wrote.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from storysite.art import NEUTRAL_ART, CardArt
from storysite.catalogue import load_catalogue
from storysite.share_cards import BOLD_FONT, REGULAR_FONT, programme_pattern

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Placeholder:
    """One file to write: its name, size and format."""

    name: str
    size: tuple[int, int]
    format: str


PLACEHOLDERS = (
    Placeholder("placeholder-landscape.jpg", (2400, 1600), "JPEG"),
    Placeholder("placeholder-portrait.jpg", (1600, 2000), "JPEG"),
    Placeholder("placeholder-square.png", (1600, 1600), "PNG"),
    Placeholder("placeholder-wide.webp", (2400, 1200), "WEBP"),
)
TITLE = "Placeholder photo"
SUBTITLE = "Not a real person. Replace it with a photo taken with consent."


def draw_placeholder(placeholder: Placeholder, art: CardArt = NEUTRAL_ART) -> Image.Image:
    """The placeholder image: a country's card art, a frame, and the words centred on it."""
    width, height = placeholder.size
    image = programme_pattern(placeholder.size, art)
    draw = ImageDraw.Draw(image)
    # A dashed frame: nobody mistakes a framed sign for a photograph.
    inset, dash = round(min(width, height) * 0.04), round(min(width, height) * 0.03)
    line = max(4, round(min(width, height) * 0.008))
    for x in range(inset, width - inset, dash * 2):
        draw.line((x, inset, min(x + dash, width - inset), inset), fill="white", width=line)
        draw.line((x, height - inset, min(x + dash, width - inset), height - inset), fill="white", width=line)
    for y in range(inset, height - inset, dash * 2):
        draw.line((inset, y, inset, min(y + dash, height - inset)), fill="white", width=line)
        draw.line((width - inset, y, width - inset, min(y + dash, height - inset)), fill="white", width=line)
    title_font = _fitting_font(BOLD_FONT, TITLE, width * 0.8, round(height * 0.12))
    subtitle_font = _fitting_font(REGULAR_FONT, SUBTITLE, width * 0.8, round(height * 0.035))
    draw.text((width / 2, height / 2), TITLE, font=title_font, fill="white", anchor="mb")
    draw.text((width / 2, height / 2 + height * 0.04), SUBTITLE, font=subtitle_font, fill="white", anchor="mt")
    label = f"{width} x {height}"
    draw.text((width - inset * 2, height - inset * 2), label, font=subtitle_font, fill="white", anchor="rs")
    return image


def _fitting_font(path: Path, text: str, width: float, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``size``, or smaller until ``text`` fits ``width``."""
    font = ImageFont.truetype(str(path), size)
    while size > 8 and font.getlength(text) > width:
        size -= 2
        font = ImageFont.truetype(str(path), size)
    return font


def write_placeholders(folder: Path) -> list[Path]:
    """Write every placeholder into ``folder`` (created if needed); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    # The programme's own country art in turn, from data/countries.yml.
    arts = [country.art for country in load_catalogue(ROOT, []).countries] or [NEUTRAL_ART]
    written = []
    for index, placeholder in enumerate(PLACEHOLDERS):
        path = folder / placeholder.name
        image = draw_placeholder(placeholder, arts[index % len(arts)])
        if placeholder.format == "PNG":
            image.save(path, "PNG", optimize=True)
        else:
            image.save(path, placeholder.format, quality=88)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into, e.g. stories/photos")
    args = parser.parse_args(argv)
    for path in write_placeholders(args.out):
        sys.stdout.write(f"wrote {path} ({path.stat().st_size:,} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
