"""The Atom feed's entries: published stories, newest first, with absolute addresses.

An entry's date is the day the story last had news on the site (``published``, or its
newest update's date when later: :func:`storysite.story_order.last_news`; the entry then
carries that update, one XHTML paragraph for each of its paragraphs), never a date about
the person: when the testimony was recorded (``collected``) or consent was given stays
out of every output. A story without ``published`` is dated on the build's
"today" (:func:`storysite.selection.today`), which moves with every daily build, so
:func:`feed_notes` gives the build log a line asking for the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Story, Update
from .selection import today
from .story_order import last_news

FEED_PATH = "feed.xml"
FEED_LIMIT = 50  # feed readers only look at recent entries; the site has them all
# The feed's own date when it has no entry: a fixed day, so that an empty feed stays
# byte-identical between builds.
EMPTY_FEED_DAY = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class FeedEntry:
    """One story in the feed."""

    story: Story
    title: str  # Speaker.title: a changed name says so, an anonymous speaker is role and country
    url: str
    updated: str  # RFC 3339, as Atom requires: the story's publication day, or its newest update's
    dated_today: bool = False  # the story has no `published` (nor an update): dated on the build's day
    update: Update | None = None  # the update that dates the entry; the entry carries its paragraphs
    published: str | None = None  # RFC 3339: the story's own publication day, when an update dates the entry


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_entries(
    stories: tuple[Story, ...], site_url: str, on: dt.date | None = None
) -> tuple[str, tuple[FeedEntry, ...]]:
    """The feed's ``updated`` time and its entries, for ``stories`` already newest first.

    Each entry is dated by its story's latest news (``published``, or a later update's
    date, whose text it then carries), or ``on`` (the build's today;
    :func:`storysite.selection.today` when not given) for a story without one; the feed's
    ``updated`` is the newest entry's date. Nothing comes from the clock beyond "today",
    which tests pin, so two builds of the same content on the same day write the same feed.
    """
    day = on if on is not None else today()
    entries = tuple(_entry(story, site_url, day) for story in stories[:FEED_LIMIT])
    newest = max((last_news(story) or day for story in stories[:FEED_LIMIT]), default=EMPTY_FEED_DAY)
    return _timestamp(newest), entries


def _entry(story: Story, site_url: str, day: dt.date) -> FeedEntry:
    news = last_news(story)
    update = story.news_update  # the update that dates the entry (last_news), if one does
    return FeedEntry(
        story, story.speaker.title, site_url + story.url, _timestamp(news or day),
        dated_today=news is None, update=update,
        published=_timestamp(story.published) if update is not None and story.published else None,
    )


def feed_notes(entries: tuple[FeedEntry, ...]) -> tuple[str, ...]:
    """A line for the build log per entry dated on the build's day for want of ``published``."""
    return tuple(
        f"Feed: {entry.story.source} has no published date, so its entry is dated today "
        f"({entry.updated[:10]}) and changes with every build: add published: YYYY-MM-DD, "
        "the day it first went on the site"
        for entry in entries
        if entry.dated_today
    )
