"""The impact page's block: every figure with its footnote, chart and related stories,
and the addresses of the same figures as open data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .charts import BarChart, bar_chart
from .impact import ShownFigure
from .model import Country, Story
from .open_figures import CSV_PATH, JSON_PATH, stated
from .site_data import SiteData


@dataclass(frozen=True)
class ImpactEntry:
    """A figure on the impact page: its footnote number, chart and related stories, and
    its period and sample when the data states them (None where it says "not stated":
    the page then leaves the line out rather than print it)."""

    shown: ShownFigure
    footnote: int
    chart: BarChart | None
    stories: tuple[Story, ...]  # the newest few (STORIES_PER_FIGURE) of its countries
    period: str | None
    sample: str | None
    more_from: tuple[Country, ...] = ()  # its countries with stories beyond those shown


# A figure names its countries' stories, not all of them: with thousands of stories the
# page would grow without end. The country pages list the rest.
STORIES_PER_FIGURE = 4


def stories_from(countries: Iterable[Country], stories: Iterable[Story]) -> tuple[Story, ...]:
    """The stories told in any of ``countries``, in the order given."""
    codes = {country.code for country in countries}
    return tuple(story for story in stories if story.country.code in codes)


def impact_block(argument: str | None, site: SiteData) -> dict[str, object]:
    """The counters (counts), the measures (every other figure), all entries for the
    table and the sources, and ``open_data``: the open figures' addresses by format."""
    entries = tuple(_entry(number, shown, site.stories) for number, shown in enumerate(site.figures, start=1))
    return {
        "counters": tuple(entry for entry in entries if entry.shown.figure.unit == "count"),
        "measures": tuple(entry for entry in entries if entry.shown.figure.unit != "count"),
        "entries": entries,
        "open_data": {"CSV": CSV_PATH, "JSON": JSON_PATH},
    }


def _entry(number: int, shown: ShownFigure, stories: tuple[Story, ...]) -> ImpactEntry:
    """The figure ``shown`` as footnote ``number``: the newest stories of its countries (up
    to STORIES_PER_FIGURE), and the countries whose page holds more than those."""
    told = stories_from(shown.figure.countries, stories)
    named = told[:STORIES_PER_FIGURE]
    more_from = tuple(
        country for country in shown.figure.countries
        if any(story.country.code == country.code for story in told[STORIES_PER_FIGURE:])
    )
    return ImpactEntry(
        shown, number, bar_chart(shown), named, stated(shown.figure.period), stated(shown.figure.sample), more_from
    )
