"""The blocks that draw content into pages, declared in one registry, and the data of
each block and of a story's own page: Python chooses and orders, Jinja writes markup.

A block is drawn where a page's Markdown holds its marker (``<!-- storysite:figures
-->``, see :mod:`storysite.pages`), or as the whole of a generated country or theme
page. :data:`REGISTRY` declares each block once: its name, what its argument names, the
function that chooses its data and its template. The checks of the markers in docs/, the
renderer and the tests all read it, so a block exists everywhere or nowhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from .charts import BarChart, bar_chart
from .impact import ShownFigure
from .languages import language_name, text_direction
from .model import Country, Story, Theme
from .story_order import newest_key

RELATED_LIMIT = 3


@dataclass(frozen=True)
class SiteData:
    """What blocks draw from: the published stories, newest first, and the figures."""

    stories: tuple[Story, ...]
    figures: tuple[ShownFigure, ...]
    countries: tuple[Country, ...]  # all of data/countries.yml, with or without stories
    themes: tuple[Theme, ...]
    site_url: str  # absolute, ending in "/": share links and the feed need full addresses
    locale: str
    related: dict[str, tuple[Story, ...]] = field(default_factory=dict)  # by slug, see related_stories
    following: dict[str, Story] = field(default_factory=dict)  # by slug, see next_stories


def next_stories(stories: tuple[Story, ...]) -> dict[str, Story]:
    """For every story (by slug), the one after it in ``stories``, wrapping round;
    nothing for a story that is alone."""
    if len(stories) < 2:
        return {}
    return {story.slug: stories[(index + 1) % len(stories)] for index, story in enumerate(stories)}


@dataclass(frozen=True)
class ImpactEntry:
    """A figure on the impact page: its footnote number, chart and related stories."""

    shown: ShownFigure
    footnote: int
    chart: BarChart | None
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class ShareLink:
    """A plain link to share a story somewhere: no third-party script, just an address."""

    label: str
    href: str


@dataclass(frozen=True)
class Facet:
    """A country or theme in the stories filter, with how many stories it holds."""

    id: str  # what the filter matches on the cards: a country slug or a theme id
    label: str
    url: str
    count: int


def stories_from(countries: Iterable[Country], stories: Iterable[Story]) -> tuple[Story, ...]:
    """The stories told in any of ``countries``, in the order given."""
    codes = {country.code for country in countries}
    return tuple(story for story in stories if story.country.code in codes)


def related_stories(stories: tuple[Story, ...], limit: int = RELATED_LIMIT) -> dict[str, tuple[Story, ...]]:
    """For every story (by slug), up to ``limit`` others sharing a theme or the country,
    most in common first.

    A shared theme counts twice a shared country (a theme is what moved the reader);
    ties go to the newer story (story_order.newest_key), so the choice never varies between builds.

    Stories with the same themes and country have the same candidates, so the work is
    done once per such *signature* (a few hundred at most), not once per pair of stories:
    a thousand stories would otherwise cost a million comparisons.
    """
    order = sorted(range(len(stories)), key=lambda i: newest_key(stories[i]))
    groups: dict[tuple[frozenset[str], str], list[int]] = {}
    for index in order:  # each group lists its stories newest first
        story = stories[index]
        groups.setdefault((frozenset(theme.id for theme in story.themes), story.country.code), []).append(index)
    rank = {index: position for position, index in enumerate(order)}
    related: dict[str, tuple[Story, ...]] = {}
    for (themes, country), members in groups.items():
        scored = sorted(
            ((2 * len(themes & other_themes) + (country == other_country), others)
             for (other_themes, other_country), others in groups.items()),
            key=lambda item: -item[0],
        )
        # Take whole score levels, best first, until one more than needed is in hand
        # (the story itself may be among them); within a level the newest come first.
        chosen: list[int] = []
        for score in sorted({score for score, _ in scored if score}, reverse=True):
            level = [other for level_score, others in scored if level_score == score for other in others[: limit + 1]]
            chosen += sorted(level, key=rank.__getitem__)
            if len(chosen) > limit:
                break
        for index in members:
            related[stories[index].slug] = tuple(stories[other] for other in chosen if other != index)[:limit]
    return related


def share_links(page_url: str, story: Story) -> tuple[ShareLink, ...]:
    """Share links for a story whose consent includes ``social``; none otherwise."""
    if "social" not in story.consent.scope:
        return ()
    title = story.speaker.title
    text, url = quote(f"{title}: “{story.quote}”", safe=""), quote(page_url, safe="")
    return (
        ShareLink("Email", f"mailto:?subject={quote(title, safe='')}&body={text}%0A%0A{url}"),
        ShareLink("WhatsApp", f"https://wa.me/?text={text}%20{url}"),
        ShareLink("X", f"https://x.com/intent/post?text={text}&url={url}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
    )


def facets(stories: tuple[Story, ...]) -> tuple[tuple[Facet, ...], tuple[Facet, ...]]:
    """The countries and the themes of ``stories``, by name, with their story counts."""
    country_counts = Counter(story.country for story in stories)
    theme_counts: Counter[Theme] = Counter(theme for story in stories for theme in story.themes)
    countries = tuple(
        Facet(country.slug, country.name, country.url, count)
        for country, count in sorted(country_counts.items(), key=lambda item: item[0].name)
    )
    themes = tuple(
        Facet(theme.id, theme.label, theme.url, count)
        for theme, count in sorted(theme_counts.items(), key=lambda item: item[0].label)
    )
    return countries, themes


def story_page(story: Story, site: SiteData) -> dict[str, object]:
    """What a story's own page draws (storysite/story-page.html): the testimony, its
    original words with their language and direction, share links (only with ``social``
    consent), related stories and the way on."""
    page_url = site.site_url + story.url
    original = story.original
    return {
        "story": story,
        "original_direction": text_direction(original.lang) if original else None,
        "original_language": language_name(original.lang, site.locale) if original else None,
        "share": share_links(page_url, story),
        "page_url": page_url,
        "related": site.related.get(story.slug, ()),
        "next_story": site.following.get(story.slug),
    }


# --- the blocks ---------------------------------------------------------------------------------

BlockData = Callable[[str | None, SiteData], Mapping[str, object]]


@dataclass(frozen=True)
class Argument:
    """What a block's argument names, and how hints spell it: ``placeholder`` stands
    for it in ``<!-- storysite:quote FILE-NAME -->``, ``where`` says where to find one."""

    kind: str  # the key of the names a build knows: "story", "country" or "theme"
    described: str  # "a story's file name"
    placeholder: str  # "FILE-NAME"
    where: str  # "as in stories/FILE-NAME.yml"


STORY_FILE = Argument("story", "a story's file name", "FILE-NAME", "as in stories/FILE-NAME.yml")
COUNTRY_NAME = Argument("country", "a country's address name", "NAME", "as in the address countries/NAME/")
THEME_ID = Argument("theme", "a theme id", "ID", "an id of data/themes.yml")


@dataclass(frozen=True)
class Block:
    """One block: its marker's name, what its argument names (None: it takes none), the
    data its template draws, and what it shows."""

    name: str
    argument: Argument | None
    data: BlockData
    shows: str

    @property
    def template(self) -> str:
        """Its template, under overrides/: ``storysite/blocks/<name>.html``."""
        return f"storysite/blocks/{self.name}.html"


def _all_stories(argument: str | None, site: SiteData) -> dict[str, object]:
    countries, themes = facets(site.stories)
    return {"stories": site.stories, "countries": countries, "themes": themes}


def _featured_stories(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"stories": tuple(story for story in site.stories if story.featured)}


def _quote(argument: str | None, site: SiteData) -> dict[str, object]:
    # A story left out today (consent) simply is not shown: the block draws nothing.
    return {"story": next((story for story in site.stories if story.slug == argument), None)}


def _country(argument: str | None, site: SiteData) -> dict[str, object]:
    country = next((country for country in site.countries if country.slug == argument), None)
    return {"country": country, "stories": tuple(story for story in site.stories if story.country == country)}


def _theme(argument: str | None, site: SiteData) -> dict[str, object]:
    theme = next((theme for theme in site.themes if theme.id == argument), None)
    return {"theme": theme, "stories": tuple(story for story in site.stories if theme in story.themes)}


def _figures(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"figures": tuple(shown for shown in site.figures if shown.figure.unit != "count")}


def _counter(argument: str | None, site: SiteData) -> dict[str, object]:
    return {"figures": tuple(shown for shown in site.figures if shown.figure.unit == "count")}


def _takedown(argument: str | None, site: SiteData) -> dict[str, object]:
    return {}  # the template reads extra.takedown of mkdocs.yml


def _impact(argument: str | None, site: SiteData) -> dict[str, object]:
    entries = tuple(
        ImpactEntry(shown, number, bar_chart(shown), stories_from(shown.figure.countries, site.stories))
        for number, shown in enumerate(site.figures, start=1)
    )
    return {
        "counters": tuple(entry for entry in entries if entry.shown.figure.unit == "count"),
        "measures": tuple(entry for entry in entries if entry.shown.figure.unit != "count"),
        "entries": entries,
    }


REGISTRY: dict[str, Block] = {
    block.name: block
    for block in (
        Block("all-stories", None, _all_stories, "every story as a card, with the country and theme filters"),
        Block("featured-stories", None, _featured_stories, "the stories marked featured: true"),
        Block("quote", STORY_FILE, _quote, "one story's quote, linking to it"),
        Block("country", COUNTRY_NAME, _country, "a country and its stories (its generated page)"),
        Block("theme", THEME_ID, _theme, "a theme and its stories (its generated page)"),
        Block("figures", None, _figures, "the programme's percentages, as big numbers"),
        Block("counter", None, _counter, "the programme's counts"),
        Block("takedown", None, _takedown, "how to ask for a story to be taken down (extra.takedown)"),
        Block("impact", None, _impact, "every figure: counters, charts, a table and the sources"),
    )
}


def block_data(name: str, argument: str | None, site: SiteData) -> Mapping[str, object]:
    """The template variables of the block ``name`` with ``argument``; KeyError for a
    name that is not in :data:`REGISTRY`."""
    return REGISTRY[name].data(argument, site)
