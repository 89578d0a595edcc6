"""The Atom feed's entries: published stories, newest first, with absolute addresses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Story
from .pages import story_title

FEED_PATH = "feed.xml"
FEED_LIMIT = 50  # feed readers only look at recent entries; the site has them all


@dataclass(frozen=True)
class FeedEntry:
    """One story in the feed."""

    story: Story
    title: str
    url: str
    updated: str  # RFC 3339, as Atom requires


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_entries(stories: tuple[Story, ...], site_url: str) -> tuple[str, tuple[FeedEntry, ...]]:
    """The feed's ``updated`` time and its entries, for ``stories`` already newest first.

    Times come from the stories' ``collected`` dates, never from the clock, so two
    builds of the same content write the same feed.
    """
    entries = tuple(
        FeedEntry(story, story_title(story), site_url + story.url, _timestamp(story.collected))
        for story in stories[:FEED_LIMIT]
    )
    updated = entries[0].updated if entries else _timestamp(dt.date(2000, 1, 1))
    return updated, entries
