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
    stories: tuple[Story, ...]
    period: str | None
    sample: str | None


def stories_from(countries: Iterable[Country], stories: Iterable[Story]) -> tuple[Story, ...]:
    """The stories told in any of ``countries``, in the order given."""
    codes = {country.code for country in countries}
    return tuple(story for story in stories if story.country.code in codes)


def impact_block(argument: str | None, site: SiteData) -> dict[str, object]:
    """The counters (counts), the measures (every other figure), all entries for the
    table and the sources, and ``open_data``: the open figures' addresses by format."""
    entries = tuple(
        ImpactEntry(
            shown, number, bar_chart(shown), stories_from(shown.figure.countries, site.stories),
            stated(shown.figure.period), stated(shown.figure.sample),
        )
        for number, shown in enumerate(site.figures, start=1)
    )
    return {
        "counters": tuple(entry for entry in entries if entry.shown.figure.unit == "count"),
        "measures": tuple(entry for entry in entries if entry.shown.figure.unit != "count"),
        "entries": entries,
        "open_data": {"CSV": CSV_PATH, "JSON": JSON_PATH},
    }
