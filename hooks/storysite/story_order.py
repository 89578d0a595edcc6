"""The order of stories on the site: newest first, the same in every list and in the feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import Story


def newest_first(stories: Iterable[Story]) -> tuple[Story, ...]:
    """Newest on the site first (:func:`newest_key`)."""
    return tuple(sorted(stories, key=newest_key))


def last_news(story: Story) -> dt.date | None:
    """The latest day the story had news on the site: its newest update's date when later
    than ``published`` (or when ``published`` is not given: :attr:`Story.news_update`),
    else ``published``. The feed dates the story's entry by it, so the order and the feed
    agree."""
    update = story.news_update
    return update.date if update is not None else story.published


def newest_key(story: Story) -> tuple[bool, int, int, str]:
    """The sort key of "newest first": the story's latest news on the site
    (:func:`last_news`: ``published``, or a later update's date), which the feed prints,
    so the site's order and the feed's dates agree. A story without any counts as
    published today (the feed dates it so) and comes first. Ties go to the later
    recording, which orders but is never printed, then to the slug, so the order never
    varies."""
    news = last_news(story)
    return (news is not None, -news.toordinal() if news else 0, -story.collected.toordinal(), story.slug)
