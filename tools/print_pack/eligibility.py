"""Which stories may be printed today, by the build's rules (:mod:`storysite.selection`).

The selection module answers "may this story be on the site?". Printing asks the same
question of every rule but one: the scope must hold ``print`` instead of ``web``.
Withdrawal, the template's placeholders, expiry, consent dated after today and a
``published`` day still to come hold a story back from paper exactly as from the
site; their wording and order stay in one place, :func:`why_not_published`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from storysite.model import Story
from storysite.selection import why_not_published

PRINT = "print"
WEB = "web"
NO_PRINT = "consent scope has no 'print'"


def why_not_printed(story: Story, on: dt.date) -> str | None:
    """The reason ``story`` may not be printed on ``on``, or None when it may."""
    if PRINT not in story.consent.scope:
        return NO_PRINT
    # Every rule of the site but its scope: the story is asked about as if its scope
    # also held 'web', so that only the scope rule can change its answer.
    scope = story.consent.scope if WEB in story.consent.scope else (*story.consent.scope, WEB)
    as_if_online = dataclasses.replace(story, consent=dataclasses.replace(story.consent, scope=scope))
    return why_not_published(as_if_online, on)


def printable(stories: Iterable[Story], on: dt.date) -> tuple[Story, ...]:
    """The stories of ``stories`` that may be printed on ``on``, in their order."""
    return tuple(story for story in stories if why_not_printed(story, on) is None)


def on_the_web(story: Story, on: dt.date) -> bool:
    """Whether ``story`` is on the site on ``on``: only then does its page give its address."""
    return why_not_published(story, on) is None


def last_day_of_print(story: Story) -> dt.date:
    """The last day ``story`` may be used on paper: the day before ``consent.expires``,
    the day from which the build takes it off the site too."""
    return story.consent.expires - dt.timedelta(days=1)
