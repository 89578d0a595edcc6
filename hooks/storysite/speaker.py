"""How a story's speaker is shown, decided once for every output that names them.

The page title, the story page's heading and notes, the cards, the quote block, the
feed, the share links and share images, and the lines about the translator and the
photographer all ask :meth:`Speaker.of`; templates print what it says and never decide
from ``story.identity`` or ``story.name`` themselves. The rules, by identity:

- ``named`` and ``first-name``: the name, with the role and country beside it;
- ``pseudonym``: the name as given, and wherever the story is named away from its own
  page (cards, links, the title, the feed) a "(name changed)" after it; its page says
  why in a note;
- ``anonymous``: no name at all: "<role label>, <country name>" stands in its place,
  and cards say the name is withheld.

A protected story (:attr:`Story.protected`: anonymous, pseudonymous, from an at-risk
country or a child's) never names its translator or photographer, who can lead to the
speaker, and its page gives no context about the person beyond the programme and the
country (:func:`shows_personal_context`): not the year they took part.

The Speaker also carries what a story's card prints beside the name, since the card is
drawn from the story alone (storysite.renderer caches it per story): the quote cut at a
sentence end (storysite.excerpt), the stand-in note of a representative photo and the
date of its latest news (:attr:`Story.news_update`: the newest update, when later than
the story's publication).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.dates import format_date

from .excerpt import card_excerpt

if TYPE_CHECKING:  # model imports this module: the type is only needed for checking
    from .model import Story

NAME_CHANGED = "(name changed)"
NAME_CHANGED_NOTE = "This is not the speaker’s real name: it was changed to protect them."
NOT_NAMED_NOTE = "The speaker is not named, for their safety."
NAME_WITHHELD = "Name withheld for safety"
SHARE_NAME_CHANGED = "name changed for safety"
TRANSLATED_FOR_THE_PROGRAMME = "Translated for the programme."
TAKEN_FOR_THE_PROGRAMME = "taken for the programme"
STAND_IN_NOTE = "This photo shows someone else, standing in for the speaker’s safety."
UPDATED = "Updated"


@dataclass(frozen=True)
class Speaker:
    """Every way the site shows who speaks in one story (see the module's rules).

    The examples are for Ana, a volunteer in Portugal, and for an anonymous caseworker
    in Syria.
    """

    heading: str  # the story page's h1 and the share image's name: "Ana" / "Caseworker, Syria"
    title: str  # page title, og:title, feed entry, share text: "Ana, Portugal" / "Ana (name changed), Portugal"
    name: str  # the story named away from its page (cards, links, quote block): "Ana (name changed)"
    role_line: str | None  # before the country on the story page: "Volunteer"; None when the heading says it
    card_line: str  # under the name on a card: "Volunteer, Portugal" / "Name withheld for safety"
    after_name: str  # what follows the name under a quote: ", volunteer, Portugal"; "" when the name says it
    note: str | None  # the story page's note about a changed or withheld name
    share_line: str  # under the name on the share image: "Volunteer, Portugal · name changed for safety"
    share_alt: str  # who the share image names, for its alternative text: "Ana, Volunteer, Portugal"
    translator_line: str | None  # under the original words: "Translated by ..." / "Translated for the programme."
    credit_line: str | None  # under the photo, on every output: "Photo: ..." / "Photo taken for the programme"
    stand_in_note: str | None  # with a representative photo, on its page and its card; None otherwise
    took_part: str | None  # the year they took part, "2019", only where it cannot identify them
    card_quote: str  # the quote on a card: whole sentences (storysite.excerpt.card_excerpt)
    updated_line: str | None  # on a card with news: "Updated 5 March 2026" (Story.news_update); None without
    updated_on: str | None  # the same day for machines, "2026-03-05" (<time datetime>); None without

    @classmethod
    def of(cls, story: Story) -> Speaker:
        """How ``story``'s speaker is shown."""
        country, role = story.country.name, story.role
        # The update that is news of the story, as the feed and the order read it: one
        # dated before the story went online is on its page, not "Updated" on its card.
        news = story.news_update
        named = story.name is not None
        heading = story.name if story.name is not None else f"{role.label}, {country}"
        name = f"{heading} {NAME_CHANGED}" if story.identity == "pseudonym" else heading
        role_and_country = f"{role.label}, {country}"
        if not named:
            note, share_line = NOT_NAMED_NOTE, NAME_WITHHELD
        elif story.identity == "pseudonym":
            note, share_line = NAME_CHANGED_NOTE, f"{role_and_country} · {SHARE_NAME_CHANGED}"
        else:
            note, share_line = None, role_and_country
        return cls(
            heading=heading,
            title=f"{name}, {country}" if named else heading,
            name=name,
            role_line=role.label if named else None,
            card_line=role_and_country if named else NAME_WITHHELD,
            after_name=f", {role.in_sentence}, {country}" if named else "",
            note=note,
            share_line=share_line,
            share_alt=f"{heading}, {share_line}" if named else heading,
            translator_line=_translator_line(story),
            credit_line=_credit_line(story),
            stand_in_note=STAND_IN_NOTE if story.photo is not None and story.photo.representative else None,
            took_part=str(story.took_part) if story.took_part is not None and shows_personal_context(story) else None,
            card_quote=card_excerpt(story.quote),
            updated_line=f"{UPDATED} {long_date(news.date)}" if news is not None else None,
            updated_on=news.date.isoformat() if news is not None else None,
        )


def shows_personal_context(story: Story) -> bool:
    """Whether the story page may say things about the person beyond the programme and
    the country (the year they took part): never for a protected story, whose speaker a
    year and a place together could single out."""
    return not story.protected


def long_date(day: dt.date) -> str:
    """A date as the site's wording prints it: "5 March 2026"."""
    return format_date(day, "d MMMM y", locale="en")


def _translator_line(story: Story) -> str | None:
    """The line under the original words; None when the file names no translator. A
    protected story's translator is not named: often a relative or a neighbour, they can
    lead to the speaker."""
    if story.original is None or story.original.translator is None:
        return None
    if story.protected:
        return TRANSLATED_FOR_THE_PROGRAMME
    return f"Translated by {story.original.translator}."


def _credit_line(story: Story) -> str | None:
    """The photo's credit; None without a photo. "Representative photo" for a stand-in;
    a protected story's photographer is not named (a local photographer's name can place
    the speaker)."""
    if story.photo is None:
        return None
    kind = "Representative photo" if story.photo.representative else "Photo"
    if story.protected:
        return f"{kind} {TAKEN_FOR_THE_PROGRAMME}"
    return f"{kind}: {story.photo.credit}"
