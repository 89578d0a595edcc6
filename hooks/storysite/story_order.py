"""The order of stories on the site: newest first, the same in every list and in the feed."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Story


def newest_first(stories: Iterable[Story]) -> tuple[Story, ...]:
    """Newest on the site first (:func:`newest_key`)."""
    return tuple(sorted(stories, key=newest_key))


def newest_key(story: Story) -> tuple[bool, int, int, str]:
    """The sort key of "newest first": the day the story went on the site (``published``),
    which the feed prints, so the site's order and the feed's dates agree. A story
    without it counts as published today (the feed dates it so) and comes first. Ties
    go to the later recording, which orders but is never printed, then to the slug, so
    the order never varies."""
    published = story.published
    return (published is not None, -published.toordinal() if published else 0, -story.collected.toordinal(), story.slug)
