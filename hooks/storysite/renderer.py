"""Our templates, drawn with an explicit context.

Like Material's tags plugin's ``Renderer``, the renderer gets the Jinja environment and
the site's settings once, and each template gets what it needs and nothing else: the
settings (``config``), the page it is drawn on (``page`` and ``base_url``, which MkDocs'
``url`` filter reads), the stories' photos, a way to draw a story's card, and its own
data (:mod:`storysite.blocks`). Never the whole page context: a block cannot depend on
what happens to be in it.

A story's card is the same markup on every page but for its links, which lead back to
the site's root from where the page is. Each card is drawn once per story and heading
level, with :data:`_ROOT` where the way back to the root goes, and each page puts in its
own: a thousand stories' cards appear on about three thousand pages, and drawing each one
for every way back cost a tenth of the build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .model import Story
from .photos import ProcessedPhoto

STORY_PAGE = "storysite/story-page.html"
STORY_CARD = "storysite/story-card.html"
FEED = "storysite/feed.xml"
ROBOTS = "storysite/robots.txt"
COUNTRY_ART = "storysite/country-art.css"
CARD_HEADINGS = ("h2", "h3")
# Stands for a page's way back to the root in a card drawn for every page. It can come
# from nothing an editor typed: the readers refuse control characters in every field.
_ROOT = "\x00root\x00"


def autoescape_ours(env: Environment, overrides: Path) -> None:
    """Escape by default in every template under ``overrides`` (ours): the one place
    editor text is made safe. Material's templates do not autoescape (they print page
    content that must stay HTML); ours print editor text, escaped unless they say not to."""
    # Listed once: Jinja asks for every template it compiles, thousands of times a build.
    ours = {path.relative_to(overrides).as_posix() for path in overrides.rglob("*") if path.is_file()}

    def escape_ours(name: str | None) -> bool:
        return name in ours

    env.autoescape = escape_ours


class Renderer:
    """Draws our templates for one build (see the module's notes).

    ``config`` is what templates read as ``config`` (mkdocs.yml's settings: ``extra``,
    ``site_name``, ...); ``photos`` are the published stories' photos by slug.
    """

    def __init__(self, env: Environment, config: Mapping[str, Any], photos: Mapping[str, ProcessedPhoto]) -> None:
        self.env = env
        self.config = config
        self.photos = photos
        # Drawn cards by (slug, heading), split where the way back to the root goes.
        self._cards: dict[tuple[str, str], tuple[str, ...]] = {}

    def render(self, template: str, page: object, base_url: str, data: Mapping[str, object]) -> str:
        """``template`` drawn on ``page`` (whatever MkDocs' ``url`` filter takes, or None)
        whose way back to the site's root is ``base_url``, with ``data``."""
        return self.env.get_template(template).render(self._context(page, base_url, data))

    def render_blocks(self, template: str, page: object, base_url: str, data: Mapping[str, object]) -> dict[str, Markup]:
        """Each top-level block of ``template`` drawn on its own, by name, with one
        context (as :meth:`render`): one template for a page whose parts go to different
        places (storysite/story-page.html: the content that search reads, and the rest)."""
        loaded = self.env.get_template(template)
        context = loaded.new_context(self._context(page, base_url, data))
        return {name: Markup("".join(draw(context))) for name, draw in loaded.blocks.items()}

    def _context(self, page: object, base_url: str, data: Mapping[str, object]) -> dict[str, object]:
        return {
            "config": self.config, "page": page, "base_url": base_url, "story_photos": self.photos,
            "story_card": self._card_drawer(base_url), **data,
        }

    def story_card(self, story: Story, heading: str, base_url: str) -> Markup:
        """``story``'s card (storysite/story-card.html) with an ``h2`` or ``h3`` name,
        for a page whose way back to the root is ``base_url``.

        Drawn without a page, so that MkDocs' ``url`` filter joins every address onto
        ``base_url`` (``../../stories/x/``) and the markup depends on nothing else."""
        heading = heading if heading in CARD_HEADINGS else "h3"
        key = (story.slug, heading)
        parts = self._cards.get(key)
        if parts is None:
            context = {
                "config": self.config, "page": None, "base_url": _ROOT, "story_photos": self.photos,
                "story": story, "card_heading": heading,
            }
            parts = self._cards[key] = tuple(self.env.get_template(STORY_CARD).render(context).split(_ROOT))
        return Markup(base_url.join(parts))

    def _card_drawer(self, base_url: str) -> Callable[[Story, str], Markup]:
        """``story_card(story, heading)`` as templates call it, for one page."""

        def story_card(story: Story, heading: str = "h3") -> Markup:
            return self.story_card(story, heading, base_url)

        return story_card

    def render_file(self, template: str, data: Mapping[str, object]) -> str:
        """A template that is not a page (the feed, robots.txt), with ``config`` and ``data``."""
        return self.env.get_template(template).render({"config": self.config, **data})
