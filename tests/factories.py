"""One story factory for every suite: a valid story as YAML text, or as a :class:`Story`.

``story_yaml(**overrides)`` writes a story file the build accepts with the programme's
real data/ (a named story from South Sudan, consent from 2024-01-01 to 2029-01-01, web
and social). Each keyword replaces a top-level field; a dict for a group (``consent=``,
``photo=``, ``original=``) is merged into the group's defaults; None deletes the field or
group key. ``make_story(**overrides)`` is the same story as a model object, for unit tests
that need no file (``consent=`` there is a dict of :class:`Consent` fields to change).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

import yaml

from storysite.model import Consent, Country, Role, Story, Theme, Update

SOUTH_SUDAN = Country("SS", "South Sudan", "south-sudan", (), False, "named", "")
GRADUATE = Role("graduate", "Graduate", "graduate")
SCHOOL = Theme("girls-education", "Girls' education", "Keeping girls in school until they finish.")

STORY: dict[str, Any] = {
    "identity": "named",
    "name": "Obadia Lowiya Steven",
    "country": "South Sudan",
    "role": "graduate",
    "quote": "Since attending this training my behaviour has changed for the better.",
    "themes": ["girls-education"],
    "collected": "2024-03-08",
    "published": "2024-04-02",
    "featured": False,
    "consent": {
        "given": "2024-01-01",
        "expires": "2029-01-01",
        "scope": ["web", "social"],
        "reference": "CF-2024-0142",
        "withdrawn": False,
    },
}


def story_data(**overrides: Any) -> dict[str, Any]:
    """The story's fields as a dict, ``overrides`` applied (see the module's docstring)."""
    story = copy.deepcopy(STORY)
    for key, value in overrides.items():
        if value is None:
            story.pop(key, None)
        elif isinstance(value, dict) and isinstance(story.get(key), dict):
            for inner, inner_value in value.items():
                if inner_value is None:
                    story[key].pop(inner, None)
                else:
                    story[key][inner] = inner_value
        else:
            story[key] = value
    return story


def story_yaml(**overrides: Any) -> str:
    """A story file's text: every string in double quotes where YAML would read it as
    something else (the build reads them as the text typed either way)."""
    return yaml.safe_dump(story_data(**overrides), sort_keys=False, allow_unicode=True, width=10_000)


def make_story(slug: str = "obadia-lowiya-steven", **overrides: Any) -> Story:
    """The factory's story as a :class:`Story` (filed under ``slug``), with ``overrides``
    of its dataclass fields; ``consent`` may be a dict of the consent's fields to change,
    ``updates`` a list of ``(YYYY-MM-DD, text)`` pairs (given in any order, kept newest first)."""
    consent = Consent(dt.date(2024, 1, 1), dt.date(2029, 1, 1), ("web", "social"), "CF-2024-0142", None, False)
    changes = overrides.pop("consent", None)
    if isinstance(changes, dict):
        consent = dataclasses.replace(consent, **{
            key: dt.date.fromisoformat(value) if key in ("given", "expires") and isinstance(value, str) else value
            for key, value in changes.items()
        })
    elif isinstance(changes, Consent):
        consent = changes
    updates = overrides.pop("updates", ())
    if updates and not isinstance(updates[0], Update):
        updates = tuple(Update(dt.date.fromisoformat(day), text) for day, text in updates)
    base = Story(
        slug=slug, source=f"stories/{slug}.yml", identity="named", name="Obadia Lowiya Steven", country=SOUTH_SUDAN,
        role=GRADUATE, quote=STORY["quote"], original=None, paragraphs=(), photo=None, themes=(SCHOOL,),
        collected=dt.date(2024, 3, 8), featured=False, minor=False, consent=consent, published=dt.date(2024, 4, 2),
        updates=tuple(sorted(updates, key=lambda update: update.date, reverse=True)),
    )
    for key in ("collected", "published"):
        if isinstance(overrides.get(key), str):
            overrides[key] = dt.date.fromisoformat(overrides[key])
    return dataclasses.replace(base, **overrides)
