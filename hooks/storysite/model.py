"""The validated content, as frozen dataclasses. Everything here has passed validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Declared in the content contract; other stages import them from here too.
from .contract import IDENTITIES, SAFE_IDENTITIES, SCOPES  # noqa: F401
from .art import NEUTRAL_ART, CardArt
from .paragraphs import paragraphs_of
from .speaker import Speaker


def is_protected(identity: str | None, country: Country | None, minor: bool | None) -> bool:
    """Whether a story must not be identifiable by anything an editor chose: its speaker
    is anonymous or pseudonymous, lives in an at-risk country, or is a child.

    Any of the three is enough, so that a story whose identity is unknown (a typo)
    is still protected when its country or age says so.
    """
    return identity in SAFE_IDENTITIES or bool(country is not None and country.at_risk) or bool(minor)


@dataclass(frozen=True)
class Country:
    """A country of the programme, from data/countries.yml."""

    code: str  # ISO 3166-1 alpha-2
    name: str
    slug: str
    aliases: tuple[str, ...]
    at_risk: bool
    default_identity: str
    description: str
    art: CardArt = NEUTRAL_ART  # the picture of its stories' cards without a photo (data/countries.yml's art:)

    @property
    def url(self) -> str:
        """The address of the country's page: ``countries/<slug>/``."""
        return f"countries/{self.slug}/"


@dataclass(frozen=True)
class Role:
    """What a speaker is to the programme, from data/roles.yml: its id (what a story's
    ``role:`` and neutral file names use) and the words readers see."""

    id: str
    label: str  # at the start of a line or heading: "Volunteer", "Caseworker"
    in_sentence: str  # after a name, inside a sentence: "Ana, volunteer, Portugal"


@dataclass(frozen=True)
class Theme:
    """A theme id from data/themes.yml with what readers see."""

    id: str
    label: str
    description: str

    @property
    def url(self) -> str:
        """The address of the theme's page: ``themes/<id>/``."""
        return f"themes/{self.id}/"


@dataclass(frozen=True)
class Original:
    """The words as spoken, before translation."""

    lang: str
    text: str
    translator: str | None


@dataclass(frozen=True)
class Photo:
    """A photo reference; the file itself is handled by the photo stage."""

    file: str
    alt: str
    credit: str
    representative: bool
    focus: tuple[float, float] | None  # the point (x, y from 0 to 1) card crops keep in view
    line: int  # of the photo's `file:` field, for errors found when the photo is processed


@dataclass(frozen=True)
class Consent:
    """The consent record; the signed form stays offline, only its reference is here."""

    given: dt.date
    expires: dt.date
    scope: tuple[str, ...]
    reference: str
    guardian: str | None  # a parent's or guardian's form, required when the story is a child's
    withdrawn: bool


@dataclass(frozen=True)
class Update:
    """A follow-up of a story ("a year later"): the day it goes on the site (a publication
    date, never a date about the person) and its plain text."""

    date: dt.date
    text: str  # the whole text, as typed: its limits count it; pages and feed show its paragraphs

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The text cut at its blank lines, as the story's page shows it (the same rule as
        :attr:`Story.paragraphs`)."""
        return paragraphs_of(self.text)


@dataclass(frozen=True)
class Story:
    """One testimony. ``name`` is None exactly when ``identity`` is anonymous."""

    slug: str
    source: str  # e.g. "stories/monday.yml", for messages
    identity: str
    name: str | None
    country: Country
    role: Role
    quote: str
    original: Original | None
    paragraphs: tuple[str, ...]
    photo: Photo | None
    themes: tuple[Theme, ...]
    collected: dt.date
    featured: bool
    minor: bool  # the speaker is a child: never named, guardian consent required
    consent: Consent
    # The day the story first went on the site: the feed's date. None: not given (the
    # feed dates it on the build's day). Never a date about the person.
    published: dt.date | None = None
    # Follow-ups, newest first. A loaded story holds them all; a published one
    # (storysite.selection.select) only those dated on or before the build's today.
    updates: tuple[Update, ...] = ()
    # The year the speaker took part in the programme; shown only where safe (speaker.py).
    took_part: int | None = None

    @property
    def newest_update(self) -> Update | None:
        """The newest follow-up, or None."""
        return self.updates[0] if self.updates else None

    @property
    def news_update(self) -> Update | None:
        """The follow-up that is the story's latest news on the site: the newest one when it
        is later than ``published`` (or ``published`` is not given), else None. The order
        (storysite.story_order), the feed and the card's "Updated" line all ask this, so
        they agree; an update dated before the story went online is on its page only."""
        update = self.newest_update
        if update is not None and (self.published is None or update.date > self.published):
            return update
        return None

    @property
    def url(self) -> str:
        """The page's address relative to the site root."""
        return f"stories/{self.slug}/"

    @property
    def role_label(self) -> str:
        """The role as readers see it at the start of a line (:attr:`Role.label`)."""
        return self.role.label

    @property
    def speaker(self) -> Speaker:
        """How every output shows who speaks (:class:`storysite.speaker.Speaker`): the one
        place that decides, from the identity, the name, title, card and share lines."""
        return Speaker.of(self)

    @property
    def protected(self) -> bool:
        """Anonymous, pseudonymous, from an at-risk country or a child's (:func:`is_protected`):
        its address is neutral, and its translator and photographer are not named."""
        return is_protected(self.identity, self.country, self.minor)


@dataclass(frozen=True)
class Baseline:
    """The comparison value of a figure, e.g. 15 "at enrolment"."""

    value: float
    label: str


@dataclass(frozen=True)
class Figure:
    """One statistic of data/impact.yml, with its provenance."""

    id: str
    statement: str  # what the number counts, read after it: "39% | Graduates in ..."
    countries: tuple[Country, ...]
    unit: str
    value: float
    value_label: str  # when or of whom the value was measured: "graduates", "at graduation"
    qualifier: str | None  # "over", "about", "at least"
    baseline: Baseline | None
    period: str
    source: str
    sample: str
    note: str | None


@dataclass(frozen=True)
class Catalogue:
    """The programme's vocabulary: countries, themes and roles, with lookups by what
    editors may type."""

    countries: tuple[Country, ...]
    themes: tuple[Theme, ...]
    roles: tuple[Role, ...] = ()
    _country_index: dict[str, Country] = field(default_factory=dict, compare=False, repr=False)

    def find_country(self, typed: str) -> Country | None:
        """The country whose name, alias or code is ``typed`` (case-insensitive)."""
        return self._country_index.get(typed.strip().casefold())

    def country_names(self) -> list[str]:
        """Names and aliases editors may type, for did-you-mean hints."""
        return [name for country in self.countries for name in (country.name, *country.aliases)]

    def find_theme(self, theme_id: str) -> Theme | None:
        """The theme with this id, or None."""
        return next((theme for theme in self.themes if theme.id == theme_id), None)

    def find_role(self, role_id: str) -> Role | None:
        """The role with this id (exactly as in data/roles.yml), or None."""
        return next((role for role in self.roles if role.id == role_id), None)

    def role_ids(self) -> tuple[str, ...]:
        """Every role id, in the order of data/roles.yml: the words a neutral file name may use."""
        return tuple(role.id for role in self.roles)

    def description_words(self) -> dict[str, str]:
        """The words of data/ that the contract's descriptions and hints name (``{at_risk}``,
        ``{roles}``, ...), for the schema and the form to fill them in alike."""
        at_risk = ", ".join(country.name for country in self.countries if country.at_risk)
        theme_ids = [theme.id for theme in self.themes]
        return {
            "at_risk": at_risk or "at-risk countries",
            "at_risk_or_none": at_risk or "none",
            "roles": "; ".join(f"{role.id} ({role.label})" for role in self.roles),
            "ids": ", ".join(self.role_ids()),
            "first_ids": ", ".join(theme_ids[:2]),
        }


def make_catalogue(
    countries: tuple[Country, ...], themes: tuple[Theme, ...], roles: tuple[Role, ...] = ()
) -> Catalogue:
    """A catalogue with its case-insensitive country index built once."""
    index: dict[str, Country] = {}
    for country in countries:
        for typed in (country.name, country.code, *country.aliases):
            index[typed.casefold()] = country
    return Catalogue(countries, themes, roles, index)
