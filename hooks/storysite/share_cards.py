"""Share images: one 1200x630 card per story whose consent covers ``social``.

A card shows the story's photo (or, without one, the country's card art of
data/countries.yml, as on the story cards of the site), an excerpt of the quote, the
name as the site shows it (the role and the country for an anonymous speaker), the
role and country, and the photo credit as the page gives it (never a protected story's
photographer). Text is set in DejaVu Sans, shipped in ``fonts/`` with its licence, so
cards draw the same everywhere, offline; it also covers Arabic script (Dari, Pashto),
shaped when Pillow has Raqm.

Photos are drawn from a sanitised rendition of the photo stage (oriented, sRGB, no
metadata), never from the original. Cards are cached like photos: the key holds every
text, the rendition's content-hashed name, the fonts' bytes and the settings, so a
warm rebuild draws nothing. Output names are the hash of the card's own bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from .art import CardArt
from .model import Story
from .derivative_cache import DerivativeCache
from .excerpt import graphemes
from .parallel_work import ProgressCallback, ProgressReporter, default_workers, run_parallel
from .photo_geometry import focus_crop
from .photo_renditions import FULL, JPEG, content_name
from .photos import ProcessedPhoto

# Bump when the drawing changes: every cached card is drawn again.
SHARE_VERSION = "2"  # 2: a line is shortened by whole graphemes
# Where the adapter publishes cards, relative to the site root.
SHARE_DIR = "assets/share"
CARD_WIDTH, CARD_HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR_FONT = FONT_DIR / "DejaVuSans.ttf"
BOLD_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"
SOCIAL_SCOPE = "social"

# Colours of overrides/assets/stylesheets/storysite.css (--ss-plum and friends).
PLUM = (0x6D, 0x28, 0x46)
PEACH = (0xF6, 0xB4, 0x8A)
PEACH_SOFT = (0xFF, 0xD9, 0xB8)
ON_PLUM = (0xFF, 0xFF, 0xFF)
ON_PLUM_SOFT = (0xF6, 0xE3, 0xEB)


@dataclass(frozen=True)
class ShareSettings:
    """Every knob of the drawing; all are part of the cache key."""

    panel_width: int = 480  # the photo or pattern, on the left
    margin: int = 56
    quote_sizes: tuple[int, ...] = (46, 42, 38, 34, 30)  # the largest that fits the quote wins
    line_spacing: float = 1.3
    name_size: int = 32
    meta_size: int = 24
    credit_size: int = 20
    eyebrow_size: int = 20
    jpeg_quality: int = 88


@dataclass(frozen=True)
class ShareCardJob:
    """Everything a card shows, as plain values (see :func:`share_card_job`).

    ``photo`` is a sanitised rendition from the photo stage (its file name is a hash of
    its bytes, which the cache key relies on), or None for the pattern.
    """

    quote: str
    name: str  # Speaker.heading: the name, or "<role label>, <country name>"
    meta: str  # Speaker.share_line: "<role label>, <country name>", "... · name changed for safety", ...
    who: str  # Speaker.share_alt: who the card names, for its alternative text
    art: CardArt  # the country's card art, drawn when there is no photo
    programme: str
    credit: str | None  # Speaker.credit_line, e.g. "Photo: <photographer>"; None without a photo
    photo: Path | None
    focus: tuple[float, float] | None = None


@dataclass(frozen=True)
class ShareCard:
    """One drawn card: the adapter copies ``path`` to ``src_uri`` and points ``og:image`` at it."""

    name: str  # "<16 hex>.jpg", the hash of the card's bytes
    path: Path
    alt: str  # for og:image:alt / twitter:image:alt
    size: int  # bytes
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT

    @property
    def src_uri(self) -> str:
        """The card's address relative to the site root, e.g. ``assets/share/<name>``."""
        return f"{SHARE_DIR}/{self.name}"


@dataclass(frozen=True)
class ShareReport:
    """The one line a build prints about share images."""

    drawn: int
    from_cache: int
    seconds: float

    def __str__(self) -> str:
        return f"Share images: {self.drawn} drawn, {self.from_cache} from cache ({self.seconds:.1f} s)"


@dataclass(frozen=True)
class ShareBatch:
    """The outcome of :func:`render_share_cards`: a card for every job."""

    cards: Mapping[ShareCardJob, ShareCard]
    report: ShareReport

    def site_files(self) -> dict[str, Path]:
        """Every card to publish: site address (``assets/share/<name>``) -> cached file."""
        return dict(sorted((card.src_uri, card.path) for card in self.cards.values()))


def wants_share_card(story: Story) -> bool:
    """Whether the story's consent allows a share image (its scope includes ``social``).

    Only for stories that are published at all: the caller passes published stories.
    """
    return SOCIAL_SCOPE in story.consent.scope


def share_card_job(story: Story, programme: str, photo: ProcessedPhoto | None, focus: tuple[float, float] | None = None) -> ShareCardJob:
    """The card of ``story``: its words as the site shows them, and its photo if it has one.

    Who speaks is drawn as :class:`storysite.speaker.Speaker` says, like every other output:
    its heading, its share line ("Name withheld for safety" for an anonymous speaker, "name
    changed for safety" after a pseudonym) and its credit line (never a protected story's
    photographer). ``photo`` is the story's :class:`ProcessedPhoto` (its widest JPEG is used).
    """
    speaker = story.speaker
    return ShareCardJob(
        quote=story.quote, name=speaker.heading, meta=speaker.share_line, who=speaker.share_alt,
        art=story.country.art, programme=programme,
        credit=speaker.credit_line if photo is not None else None,
        photo=photo.largest(FULL, JPEG).path if photo is not None else None, focus=focus,
    )


# --- drawing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    regular: dict[int, ImageFont.FreeTypeFont]
    bold: dict[int, ImageFont.FreeTypeFont]


def _layout_engine() -> ImageFont.Layout:
    # Raqm shapes Arabic script and orders right-to-left runs; without it (a Pillow
    # built without FriBiDi) Latin text still draws the same.
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


def first_strong_direction(text: str) -> str:
    """``rtl`` when the first letter with a strong direction is Arabic or Hebrew, else ``ltr``."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _load_fonts(settings: ShareSettings) -> _Fonts:
    engine = _layout_engine()
    regular_sizes = {*settings.quote_sizes, settings.meta_size, settings.credit_size}
    bold_sizes = {settings.name_size, settings.eyebrow_size}
    return _Fonts(
        {size: ImageFont.truetype(str(REGULAR_FONT), size, layout_engine=engine) for size in sorted(regular_sizes)},
        {size: ImageFont.truetype(str(BOLD_FONT), size, layout_engine=engine) for size in sorted(bold_sizes)},
    )


def wrap_text(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``, at spaces (inside words only
    when a word alone is too wide)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width:
            cut = max(1, next((i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def fit_quote(quote: str, fonts: Mapping[int, ImageFont.FreeTypeFont], width: float, height: float, spacing: float) -> tuple[int, list[str]]:
    """The largest font size at which the quote, in quotation marks, fits the box; at the
    smallest size, as many words as fit, ending in an ellipsis. (size, lines)."""
    sizes = sorted(fonts, reverse=True)
    for size in sizes:
        lines = wrap_text(f"“{quote}”", fonts[size], width)
        if len(lines) * size * spacing <= height:
            return size, lines
    size = sizes[-1]
    font = fonts[size]
    room = max(1, int(height // (size * spacing)))
    lines = wrap_text(f"“{quote}", font, width)[:room]
    # Cut whole words from the last line until the ellipsis fits after it.
    last = lines[-1].split()
    while len(last) > 1 and font.getlength(" ".join(last) + " …”") > width:
        last.pop()
    lines[-1] = " ".join(last).rstrip(",;:.") + " …”"
    return size, lines


def _gradient(size: tuple[int, int], art: CardArt) -> Image.Image:
    """A linear gradient like CSS ``linear-gradient(<angle>deg, start, end)``."""
    # Computed small and scaled up: smooth, cheap and the same on every machine.
    small_w, small_h = 48, max(2, round(48 * size[1] / size[0]))
    radians = math.radians(art.angle)
    dx, dy = math.sin(radians), -math.cos(radians)  # CSS: 0deg points up, 90deg right
    half = (abs(small_w * dx) + abs(small_h * dy)) / 2
    mask = Image.new("L", (small_w, small_h))
    mask.putdata([
        max(0, min(255, round(255 * (((x + 0.5 - small_w / 2) * dx + (y + 0.5 - small_h / 2) * dy) / half + 1) / 2)))
        for y in range(small_h) for x in range(small_w)
    ])
    mask = mask.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, art.end_rgb), Image.new("RGB", size, art.start_rgb), mask)


def programme_pattern(size: tuple[int, int], art: CardArt) -> Image.Image:
    """A country's card art at ``size``: the gradient and two rings that cards.css
    draws on the site's cards (``.ss-card__art``), from the same declaration."""
    picture = _gradient(size, art).convert("RGBA")
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    radius = round(min(size) * 0.3)
    ring = max(2, round(radius * 0.12))
    colours = ((*PEACH_SOFT, round(0.34 * 255)), (255, 255, 255, round(0.18 * 255)))
    for (fx, fy), colour in zip(art.rings, colours):
        cx, cy = fx * size[0], fy * size[1]
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=ring)
    return Image.alpha_composite(picture, overlay).convert("RGB")


def _photo_panel(path: Path, size: tuple[int, int], focus: tuple[float, float] | None) -> Image.Image:
    """The rendition at ``path`` cropped to ``size`` around ``focus`` (it is already clean)."""
    with Image.open(path, formats=["JPEG", "WEBP"]) as image:
        width, height = image.size
        left, top, crop_w, crop_h = focus_crop(width, height, size, focus)
        scale = size[1] / crop_h
        if image.format == "JPEG" and scale < 0.5:
            image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
        image.load()
        shrink = image.width / width  # draft may have decoded at 1/2, 1/4 or 1/8
        box = (left * shrink, top * shrink, (left + crop_w) * shrink, (top + crop_h) * shrink)
        panel = image.convert("RGB").resize(size, Image.Resampling.LANCZOS, box=box)
    panel.info = {}
    return panel


@dataclass(frozen=True)
class _Text:
    """One line of text placed on the card."""

    text: str
    font: ImageFont.FreeTypeFont
    fill: tuple[int, int, int]
    xy: tuple[float, float]
    anchor: str
    direction: str | None


def _layout(job: ShareCardJob, settings: ShareSettings, fonts: _Fonts) -> tuple[list[_Text], list[str]]:
    """Where every line of text goes, and the quote's lines as they appear (for the alt text).

    With Raqm, every line is laid out left to right around its right-to-left runs (a
    name in Arabic script inside an English line), except a quote written in such a
    script, which is set right to left and aligned right. Basic layout has no choice.
    """
    raqm = features.check("raqm")
    ltr = "ltr" if raqm else None
    left = settings.panel_width + settings.margin
    width = CARD_WIDTH - left - settings.margin
    texts: list[_Text] = []

    # From the bottom up: credit, meta, name; the quote takes the room that is left.
    y = CARD_HEIGHT - settings.margin
    if job.credit:
        font = fonts.regular[settings.credit_size]
        texts.append(_Text(_ellipsize(job.credit, font, width), font, ON_PLUM_SOFT, (left, y), "ls", ltr))
        y -= round(settings.credit_size * 2.2)
    font = fonts.regular[settings.meta_size]
    texts.append(_Text(_ellipsize(job.meta, font, width), font, ON_PLUM_SOFT, (left, y), "ls", ltr))
    y -= round(settings.meta_size * 1.6)
    font = fonts.bold[settings.name_size]
    texts.append(_Text(_ellipsize(job.name, font, width), font, PEACH_SOFT, (left, y), "ls", ltr))
    name_top = y - settings.name_size

    font = fonts.bold[settings.eyebrow_size]
    texts.append(_Text(_ellipsize(job.programme.upper(), font, width), font, PEACH, (left, settings.margin), "lt", ltr))
    quote_top = settings.margin + settings.eyebrow_size + 28
    quote_fonts = {size: fonts.regular[size] for size in settings.quote_sizes}
    size, lines = fit_quote(job.quote, quote_fonts, width, name_top - 36 - quote_top, settings.line_spacing)
    line_height = round(size * settings.line_spacing)
    right_to_left = raqm and first_strong_direction(job.quote) == "rtl"
    for index, line in enumerate(lines):
        top = quote_top + index * line_height
        if right_to_left:
            texts.append(_Text(line, quote_fonts[size], ON_PLUM, (left + width, top), "rt", "rtl"))
        else:
            texts.append(_Text(line, quote_fonts[size], ON_PLUM, (left, top), "lt", ltr))
    return texts, lines


def draw_share_card(job: ShareCardJob, settings: ShareSettings = ShareSettings(), fonts: _Fonts | None = None) -> Image.Image:
    """The card of ``job`` as a 1200x630 RGB image carrying no metadata."""
    fonts = fonts or _load_fonts(settings)
    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), PLUM)
    panel_size = (settings.panel_width, CARD_HEIGHT)
    panel = _photo_panel(job.photo, panel_size, job.focus) if job.photo is not None else programme_pattern(panel_size, job.art)
    card.paste(panel, (0, 0))
    draw = ImageDraw.Draw(card)
    for text in _layout(job, settings, fonts)[0]:
        draw.text(text.xy, text.text, font=text.font, fill=text.fill, anchor=text.anchor, direction=text.direction)
    return card


def card_alt(job: ShareCardJob, settings: ShareSettings = ShareSettings(), fonts: _Fonts | None = None) -> str:
    """Alternative text for the card (``og:image:alt``): the words it shows, quote excerpt first."""
    lines = _layout(job, settings, fonts or _load_fonts(settings))[1]
    return f"{' '.join(lines)} {job.who}"


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """``text`` shortened with an ellipsis to fit one line of ``width``."""
    if font.getlength(text) <= width:
        return text
    # Shortened by whole graphemes: never half an emoji or a letter without its accent.
    kept = graphemes(text)
    while kept and font.getlength("".join(kept) + "…") > width:
        kept.pop()
    return "".join(kept).rstrip() + "…"


def encode_card(image: Image.Image, settings: ShareSettings) -> bytes:
    """The card as JPEG bytes (what every social network reads), with no metadata."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=settings.jpeg_quality, optimize=True)
    return buffer.getvalue()


# --- cache and batch ----------------------------------------------------------------------------


def share_fingerprint(settings: ShareSettings) -> str:
    """Everything besides a job that decides a card's bytes, as stable text."""
    fonts = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (REGULAR_FONT, BOLD_FONT)}
    libraries = {name: features.version(name) for name in ("jpg", "freetype2", "raqm")}
    payload = {
        "version": SHARE_VERSION, "pillow": PIL.__version__, "libraries": libraries, "fonts": fonts,
        "settings": asdict(settings),
    }
    return json.dumps(payload, sort_keys=True)


def share_key(job: ShareCardJob, fingerprint: str) -> str:
    """The cache entry of a card. The photo counts by its file name, a hash of its bytes."""
    fields = asdict(job)
    fields["photo"] = job.photo.name if job.photo is not None else None
    fields["focus"] = list(job.focus) if job.focus is not None else None
    return hashlib.sha256(json.dumps([fields, fingerprint], sort_keys=True).encode()).hexdigest()


def _draw_chunk(jobs: Sequence[ShareCardJob], keys: Sequence[str], settings: ShareSettings, cache_folder: Path) -> list[dict[str, Any]]:
    """Draw and cache several cards (fonts loaded once). Runs in a worker process."""
    fonts = _load_fonts(settings)
    cache = DerivativeCache(cache_folder)
    manifests = []
    for job, key in zip(jobs, keys):
        data = encode_card(draw_share_card(job, settings, fonts), settings)
        name = content_name(data, "jpg")
        manifests.append(cache.store(key, {name: data}, {"name": name, "alt": card_alt(job, settings, fonts)}))
    return manifests


def render_share_cards(
    jobs: Iterable[ShareCardJob],
    cache_folder: Path,
    settings: ShareSettings = ShareSettings(),
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    progress_interval: float = 1.0,
    prune: bool = True,
) -> ShareBatch:
    """A card for every job, from the cache where possible (a warm rebuild draws nothing).

    Cold cards are drawn in ``workers`` processes (default: every core) when there are
    several. With ``prune``, cached cards no job of this batch used are deleted, so pass
    every card of the site in one call, and use a folder of its own (not the photos').
    Raises PipelineError when the cache cannot be written or a worker dies.
    """
    started = time.perf_counter()
    unique_jobs = list(dict.fromkeys(jobs))
    cache = DerivativeCache(cache_folder)
    fingerprint = share_fingerprint(settings)
    keys = {job: share_key(job, fingerprint) for job in unique_jobs}
    cards: dict[ShareCardJob, ShareCard] = {}
    cold: list[ShareCardJob] = []
    for job in unique_jobs:
        manifest = cache.load(keys[job])
        card = _card_from_manifest(manifest, cache.entry(keys[job])) if manifest is not None else None
        if card is None:
            cold.append(job)
        else:
            cards[job] = card

    workers = workers or default_workers()
    # A few chunks per worker: fonts load once per chunk, and progress still moves.
    chunk_count = min(len(cold), workers * 4) or 1
    chunks = [cold[index::chunk_count] for index in range(chunk_count)]
    chunks = [chunk for chunk in chunks if chunk]
    reporter = ProgressReporter("share images", len(cold), progress, progress_interval)

    def collect(index: int, results: list[dict[str, Any]]) -> None:
        for job, manifest in zip(chunks[index], results):
            card = _card_from_manifest(manifest, cache.entry(keys[job]))
            assert card is not None, "a manifest just written is complete"
            cards[job] = card
            reporter.advance()

    tasks = [(chunk, [keys[job] for job in chunk], settings, cache_folder) for chunk in chunks]
    run_parallel(tasks, _draw_chunk, workers, collect)
    if prune:
        cache.prune(set(keys.values()))

    report = ShareReport(len(cold), len(unique_jobs) - len(cold), time.perf_counter() - started)
    return ShareBatch({job: cards[job] for job in unique_jobs}, report)


def _card_from_manifest(manifest: Mapping[str, Any], entry: Path) -> ShareCard | None:
    """The card a cache manifest describes, or None when it does not describe one."""
    try:
        name = manifest["name"]
        return ShareCard(name, entry / name, str(manifest["alt"]), int(manifest["files"][name]))
    except (KeyError, TypeError, ValueError):
        return None  # written by another version, or damaged: draw again
