"""Which stories may be published today, and why the others may not.

"Today" is the real date unless ``STORIES_TODAY`` is set; never ``SOURCE_DATE_EPOCH``,
which pins the build time for reproducible output and would keep expired consent online.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .contract import PLACEHOLDER_NAMES, PLACEHOLDER_REFERENCE
from .model import Story

# The build log and the consent report say "ends soon" this many days ahead: time enough
# to find the person and renew their consent.
EXPIRY_WARNING_DAYS = 90
TODAY_VARIABLE = "STORIES_TODAY"
# What a new story says until the editor fills it in: declared in the contract, where
# tools/new_story.py takes them from too. A story still holding one builds but is never published.
__all__ = ["PLACEHOLDER_NAMES", "PLACEHOLDER_REFERENCE"]


class TodayError(ValueError):
    """``STORIES_TODAY`` is set but is not a date."""


def today(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The publication date: ``STORIES_TODAY`` (YYYY-MM-DD) when set, else the real date."""
    typed = environ.get(TODAY_VARIABLE, "").strip()
    if not typed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(typed)
    except ValueError:
        raise TodayError(f"{TODAY_VARIABLE}={typed!r} is not a date; write it as YYYY-MM-DD") from None


@dataclass(frozen=True)
class LeftOut:
    """A story that is not published, with the reason in words."""

    story: Story
    reason: str


@dataclass(frozen=True)
class Selection:
    """The outcome of :func:`select`; ``published`` keeps the input order."""

    published: tuple[Story, ...]
    left_out: tuple[LeftOut, ...]
    expiring: tuple[Story, ...]  # published, but consent ends within EXPIRY_WARNING_DAYS


def why_not_published(story: Story, on: dt.date) -> str | None:
    """The reason ``story`` may not be published on ``on``, or None when it may."""
    consent = story.consent
    if consent.withdrawn:
        return "consent withdrawn"
    if PLACEHOLDER_REFERENCE.search(consent.reference):
        return f"consent.reference {consent.reference} is the template's placeholder: write the signed form's id"
    if story.name is not None and story.name == PLACEHOLDER_NAMES.get(story.identity):
        return f"name '{story.name}' is the template's placeholder: write the speaker's name"
    if consent.expires <= on:
        return f"consent expired on {consent.expires.isoformat()}"
    if "web" not in consent.scope:
        return "consent scope has no 'web'"
    if consent.given > on:
        return f"consent is dated {consent.given.isoformat()}, after today"
    if story.published is not None and story.published > on:
        return f"published is dated {story.published.isoformat()}: the story goes online that day"
    return None


def as_shown_on(story: Story, on: dt.date) -> Story:
    """``story`` as published on ``on``: without its updates dated later, which are held
    back until their day, like a later ``published``."""
    shown = tuple(update for update in story.updates if update.date <= on)
    return story if len(shown) == len(story.updates) else replace(story, updates=shown)


def select(stories: list[Story] | tuple[Story, ...], on: dt.date) -> Selection:
    """Split ``stories`` into those published on ``on`` (as shown that day:
    :func:`as_shown_on`) and those left out."""
    published: list[Story] = []
    left_out: list[LeftOut] = []
    for story in stories:
        reason = why_not_published(story, on)
        if reason is None:
            published.append(as_shown_on(story, on))
        else:
            left_out.append(LeftOut(story, reason))
    horizon = on + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    expiring = tuple(
        sorted((story for story in published if story.consent.expires <= horizon), key=lambda s: (s.consent.expires, s.slug))
    )
    return Selection(tuple(published), tuple(left_out), expiring)


@dataclass(frozen=True)
class ConsentStatus:
    """One line of the consent report."""

    story: Story
    status: str  # "published", "expires in 12 days", or why it is left out


def consent_statuses(stories: list[Story] | tuple[Story, ...], on: dt.date) -> list[ConsentStatus]:
    """Every story's consent status on ``on``, soonest expiry first (then by file name)."""
    statuses: list[ConsentStatus] = []
    for story in sorted(stories, key=lambda s: (s.consent.expires, s.slug)):
        reason = why_not_published(story, on)
        days_left = (story.consent.expires - on).days
        if reason is not None:
            status = f"left out: {reason}"
        elif days_left <= EXPIRY_WARNING_DAYS:
            status = f"published; expires in {days_left} day{'s' if days_left != 1 else ''}"
        else:
            status = "published"
        statuses.append(ConsentStatus(story, status))
    return statuses
