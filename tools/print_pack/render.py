"""The pack as one HTML file, drawn by the Jinja templates in ``templates/``.

Every value is escaped by the templates (autoescape): a quote or a name is printed as
typed, never read as markup. Everything the page loads is a local file: the stylesheet
beside the templates, the typeface of the repository (``hooks/storysite/fonts``), the
sanitised photos in the build's cache and the QR codes, which :func:`render_pack` writes
as PNG files beside the HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno
import storysite
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .pack import Pack

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONTS = Path(storysite.__file__).resolve().parent / "fonts"
PACK_TEMPLATE = "pack.html"
STYLESHEET = TEMPLATES / "pack.css"
HTML_NAME = "pack.html"


@dataclass(frozen=True)
class Paper:
    """A sheet the pack is printed on, portrait."""

    name: str  # as CSS's @page size and the command line name it
    width_mm: int
    height_mm: int


PAPERS = {paper.name: paper for paper in (Paper("A4", 210, 297), Paper("A5", 148, 210))}
DEFAULT_PAPER = "A4"


def qr_file_name(slug: str) -> str:
    """The QR code's file beside the HTML: slugs are lowercase letters, digits and hyphens."""
    return f"qr-{slug}.png"


# Pixels per module of the QR code's image: sharp at any print size, a few KB a code.
QR_SCALE = 8
QR_BORDER = 4  # modules of quiet zone, as the standard asks


def write_qr(address: str, path: Path) -> None:
    """A QR code of ``address`` as a PNG file: black on white, with the quiet zone
    readers need, error correction M (a smudged or folded page still scans). A bitmap,
    not SVG: the PDF then holds it as one image, which can be read back and checked."""
    segno.make(address, error="m").save(str(path), kind="png", scale=QR_SCALE, border=QR_BORDER, dark="#000", light="#fff")


def render_pack(pack: Pack, paper: Paper, folder: Path) -> Path:
    """Write the pack's HTML and its QR codes into ``folder``; return the HTML file."""
    qr_codes: dict[str, str] = {}
    for page in pack.pages:
        if page.web_address is not None:
            name = qr_file_name(page.story.slug)
            write_qr(page.web_address, folder / name)
            qr_codes[page.story.slug] = name
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
    html = environment.get_template(PACK_TEMPLATE).render(
        pack=pack,
        paper=paper,
        qr_codes=qr_codes,
        stylesheet=STYLESHEET.as_uri(),
        font_regular=(FONTS / "DejaVuSans.ttf").as_uri(),
        font_bold=(FONTS / "DejaVuSans-Bold.ttf").as_uri(),
    )
    path = folder / HTML_NAME
    path.write_text(html, encoding="utf-8")
    return path


def pack_files(pack: Pack, folder: Path) -> frozenset[Path]:
    """Every file the pack's HTML in ``folder`` may load, and nothing else: the browser is
    held to exactly these."""
    photos = {page.photo.path for page in pack.pages if page.photo is not None}
    qr_codes = {folder / qr_file_name(page.story.slug) for page in pack.pages if page.web_address is not None}
    files = {folder / HTML_NAME, STYLESHEET, FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf", *photos, *qr_codes}
    return frozenset(path.resolve() for path in files)
