"""The editors' contract of a story file, declared once as data.

Every field of ``stories/<name>.yml`` (the top level and the ``original``, ``photo`` and
``consent`` groups) is one :class:`Field`: its key, kind, whether it is required, its
limits, pattern and choices, the hint its errors carry, the description editors read and
an example. The rules between fields are :class:`Rule` objects carrying both their check
(run by :mod:`storysite.stories`) and their JSON Schema form (``if``/``then``, where
draft-07 can say it) or only a description (where it cannot).

Everything else is made from these declarations, never retyped: the readers
(:mod:`storysite.fields`, :mod:`storysite.stories`), the JSON Schema
(``tools/story_schema.py``), ``make story``'s prompts and placeholders, the PR summary, the
notes of ``stories/_template.yml`` (checked against this module) and CONTRIBUTING's field
table. tests/unit/test_contract.py probes every limit, pattern and choice declared here on
both the build and the schema, so that a copy which drifts fails a test.

This module is pure data and small functions: it imports nothing of the build, so that
every other module may import it. As with MkDocs' ``config_options`` and Pelican's
``METADATA_PROCESSORS``, the declaration is the one place a field's knowledge lives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the model imports this module
    from .model import Country


class Kind(str, Enum):
    """What a field holds, as editors would name it."""

    TEXT = "text"
    CHOICE = "choice"
    BOOLEAN = "boolean"
    DATE = "date"
    WORDS = "list of words"
    POINT = "point"
    YEAR = "year"
    GROUP = "group"
    ENTRIES = "list of entries"  # a list of groups, each with the same fields (updates)


@dataclass(frozen=True)
class Choice:
    """One allowed word of a choice field, with the help completion shows for it."""

    value: str
    help: str


@dataclass(frozen=True)
class Pattern:
    """A shape the whole value must have.

    ``regex`` is written so that Python's ``re`` and ECMA 262 (JSON Schema) read it alike:
    no flags, no Python-only syntax. The build reports ``message`` (``{value}`` is what
    was typed) with ``hint``; the schema shows ``hint`` too. ``accepts`` and ``refuses``
    are samples the agreement tests try on both sides, chosen at the shape's edges.
    """

    regex: str
    message: str
    hint: str
    accepts: tuple[str, ...]
    refuses: tuple[str, ...]

    def matches(self, text: str) -> bool:
        """True when ``text`` has this shape (ASCII only: ``[0-9]``, never other digits)."""
        return re.fullmatch(self.regex, text, re.ASCII) is not None


@dataclass(frozen=True)
class Field:
    """One field of a story file.

    ``hint`` is the hint of the field's errors (``{limits}`` is filled with the limits,
    ``{example}`` by the reader from the catalogue); ``source`` names the catalogue list
    the choices come from (``countries``, ``themes`` or ``roles``) when they are not a
    fixed list. ``numbers``: the schema also accepts a number (a form reference typed as
    20240142 is text to the build but a number to YAML 1.2 tools). ``note`` is the short
    note of the template line. ``required_by_rule``: required, except where a rule between
    fields says otherwise (the name of an anonymous story): never blank, but not required
    on its own.
    """

    key: str
    kind: Kind
    title: str
    description: str
    example: Any
    required: bool = False
    min_len: int | None = None
    max_len: int | None = None
    pattern: Pattern | None = None
    choices: tuple[Choice, ...] = ()
    source: str | None = None
    hint: str = ""
    numbers: bool = False
    fields: tuple["Field", ...] = ()
    note: str = ""
    required_by_rule: bool = False
    minimum: int | None = None  # the lowest year of a YEAR field (its highest is this year)

    @property
    def values(self) -> tuple[str, ...]:
        """The words of a fixed choice, in order."""
        return tuple(choice.value for choice in self.choices)

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of a group's fields, in order."""
        return tuple(item.key for item in self.fields)

    def field(self, key: str) -> "Field":
        """The group's field ``key``; KeyError when it has none."""
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    def limits(self) -> str:
        """The length limits in the build's words: '20 to 600', 'up to 80'; '' for none."""
        if self.max_len is None:
            return f"at least {self.min_len}" if self.min_len else ""
        return f"{self.min_len} to {self.max_len}" if self.min_len else f"up to {self.max_len}"

    def year_range(self, this_year: int) -> str:
        """A YEAR field's range in the build's words: 'from 1990 to 2026'."""
        return f"from {self.minimum} to {this_year}"

    def error_hint(self, **catalogue_words: str) -> str:
        """The hint of this field's errors, its placeholders filled in."""
        return self.hint.format(limits=self.limits(), **catalogue_words)


# --- fixed vocabulary -----------------------------------------------------------------------------

IDENTITY_CHOICES = (
    Choice("named", "The full name is shown."),
    Choice("first-name", "Only the first name is shown."),
    Choice("pseudonym", "A changed name is shown, with a visible note that it was changed."),
    Choice("anonymous", "No name at all: the page shows the role and the country instead. Delete the name line."),
)
SCOPE_CHOICES = (
    Choice("web", "The website. Without web the story is not published at all."),
    Choice("social", "Share images for social media."),
    Choice("print", "Printed material."),
)
IDENTITIES = tuple(choice.value for choice in IDENTITY_CHOICES)
SCOPES = tuple(choice.value for choice in SCOPE_CHOICES)
# The identities that never show a real name: the only ones an at-risk country or a
# child's story may have.
SAFE_IDENTITIES = ("anonymous", "pseudonym")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

# The earliest year a speaker may have taken part in a programme (took_part).
FIRST_YEAR = 1990
YEAR = Pattern(
    "[0-9]{4}",
    "'{value}' is not a year",
    "write the year as four digits, e.g. 2019",
    accepts=("1990", "2019"),
    refuses=("19", "'19", "2019-05", "20190", "twenty"),
)
DATE = Pattern(
    "[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "'{value}' is not a date",
    "write the date as YYYY-MM-DD, e.g. 2024-03-08",
    accepts=("2024-02-29", "1999-12-31"),
    refuses=("2024-3-08", "2024-03-8", "24-03-08", "2024/03/08", "8 March 2024", "20240308"),
)
# A BCP 47 language tag in its common shapes: pt-BR, fr, sw, ar, zh-Hant-TW.
LANGUAGE_TAG = Pattern(
    "[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*",
    "'{value}' is not a language tag",
    "e.g. pt-BR for Brazilian Portuguese, sw for Swahili",
    accepts=("ha", "fil", "pt-BR", "zh-Hant-TW", "fa-IR", "de-1996", "ab-12345678"),
    refuses=("h", "hausa", "pt_BR", "pt-", "ab-c", "ab-123456789", "Hausa language"),
)

# How long one consent may last: five years, as Healthwatch's and Toybox's guidelines use,
# then it is renewed (Bond's 2024 guidelines call for consent that is renewed). expires is
# required, so there is no consent without an end date to count from.
CONSENT_YEARS = 5


def latest_expiry(given: dt.date) -> dt.date:
    """The last day ``consent.expires`` may hold for consent given on ``given``: the same
    day CONSENT_YEARS years on (28 February for consent given on 29 February)."""
    try:
        return given.replace(year=given.year + CONSENT_YEARS)
    except ValueError:
        return given.replace(year=given.year + CONSENT_YEARS, day=28)


# --- placeholders of a new story --------------------------------------------------------------------

# What `make story` writes until the editor fills it in. A story still holding one builds,
# so that an editor can preview it, but is never published (selection.py): its consent
# form is not referenced, or its speaker not named.
PLACEHOLDER_NAMES = {"named": "First Last", "first-name": "First", "pseudonym": "Changed Name"}
PLACEHOLDER_REFERENCE_END = "-0000"
PLACEHOLDER_REFERENCE = re.compile(re.escape(PLACEHOLDER_REFERENCE_END) + "$")


def placeholder_reference(year: int, prefix: str = "CF") -> str:
    """The reference a new story's consent (``CF``) or guardian (``GF``) form starts with."""
    return f"{prefix}-{year}{PLACEHOLDER_REFERENCE_END}"


# --- the fields -------------------------------------------------------------------------------------

_BLANK_IS_FALSE = " Only true or false (yes, no, on and off are refused). Blank means false."
_PROTECTED_CREDIT = (
    "For anonymous, pseudonym, at-risk and children's stories the site says {instead} instead: "
    "the name stays in the file."
)

ORIGINAL = Field(
    "original", Kind.GROUP, "Original words",
    "Optional: the words as spoken, before translation, with their language.",
    example=None, note="the words as spoken, before translation",
    fields=(
        Field(
            "lang", Kind.TEXT, "Language",
            "A language tag: pt-BR (Brazilian Portuguese), fr, sw (Swahili), ar, zh-Hant-TW ...",
            example=["pt-BR", "fr", "sw", "ar"], required=True, pattern=LANGUAGE_TAG,
            hint="a language tag such as pt-BR, fr, sw or ar",
        ),
        Field(
            "text", Kind.TEXT, "Words as spoken", "The quote in the original language, plain text.",
            example=["..."], required=True, hint="the words as spoken",
        ),
        Field(
            "translator", Kind.TEXT, "Translator",
            "Optional: who translated the words. "
            + _PROTECTED_CREDIT.format(instead='"Translated for the programme."'),
            example=["Aisha Bello"], max_len=120,
        ),
    ),
)

PHOTO = Field(
    "photo", Kind.GROUP, "Photo",
    "Optional: a photo in stories/photos/ with its description and credit. For anonymous or pseudonym "
    "speakers only a photo of someone else, standing in for them (representative: true).",
    example=None,
    fields=(
        Field(
            "file", Kind.TEXT, "Photo file",
            "photos/<name>.jpg (or .jpeg, .png, .webp): a file directly inside stories/photos/.",
            example=["photos/obadia-lowiya-steven.jpg"], required=True,
            hint="a file in stories/photos/, e.g. photos/monday.jpg",
            note="JPEG, PNG or WebP, in stories/photos/",
        ),
        Field(
            "alt", Kind.TEXT, "Photo description",
            "What the photo shows, for people who cannot see it (not the file name).",
            example=["A man in a white shirt sits outside a classroom"], required=True, max_len=250,
            hint="describe what the photo shows, for people who cannot see it",
        ),
        Field(
            "credit", Kind.TEXT, "Photo credit",
            "The photographer's name: every photo needs a credit. "
            + _PROTECTED_CREDIT.format(instead='"Photo taken for the programme"'),
            example=["Charles Lomodong"], required=True, max_len=120,
            hint="every photo needs a credit: the photographer's name",
        ),
        Field(
            "representative", Kind.BOOLEAN, "Someone else in the photo",
            "true: the photo shows someone else, standing in for the speaker's safety.",
            example=[False, True], note="true: the photo shows someone else, for safety",
        ),
        Field(
            "focus", Kind.POINT, "What cards keep in view",
            "Optional: the point that cropped copies (the story cards) keep in view, as [x, y]: "
            "x from the left (0) to the right (1), y from the top (0) to the bottom (1).",
            example=[[0.5, 0.3]],
            hint="the point to keep in view when cards crop, e.g. [0.5, 0.3]",
        ),
    ),
)

CONSENT = Field(
    "consent", Kind.GROUP, "Consent record",
    "Required. When consent was given and ends, where the story may appear, and the reference of the "
    "signed form (the form itself stays offline).",
    example=None, required=True,
    hint="every story needs its consent record: given, expires, scope, reference",
    fields=(
        Field(
            "given", Kind.DATE, "Consent given on", "The day consent was given.",
            example=["2023-05-12"], required=True, pattern=DATE,
            hint="the day consent was given, as YYYY-MM-DD", note="the day consent was given",
        ),
        Field(
            "expires", Kind.DATE, "Consent ends on",
            "From this day on the story is not published anywhere. Must be after the day it was given and "
            f"at most {CONSENT_YEARS} years later (on or before the same day {CONSENT_YEARS} years on): "
            "consent is renewed with the person, never open-ended, so a story cannot go without an end date.",
            example=["2028-05-12"], required=True, pattern=DATE,
            hint="the day consent ends, as YYYY-MM-DD; the story goes offline that day",
            note="the story goes offline on this day",
        ),
        Field(
            "scope", Kind.WORDS, "Where the story may appear",
            "A list: web is needed to publish at all; social allows share images; print.",
            example=[["web"], ["web", "social"]], required=True, choices=SCOPE_CHOICES,
            hint="where the story may appear, e.g. [web, social]",
        ),
        Field(
            "reference", Kind.TEXT, "Consent form reference",
            "The id of the signed consent form kept offline. Never the form itself.",
            example=["CF-2023-0142"], required=True, max_len=60, numbers=True,
            hint="the id of the signed form kept offline, e.g. CF-2023-0142",
            note="the id of the signed form, kept offline",
        ),
        Field(
            "guardian", Kind.TEXT, "Guardian's form reference",
            "For a child (minor: true): the id of the parent's or guardian's signed form.",
            example=["GF-2024-0007"], max_len=60, numbers=True,
        ),
        Field(
            "withdrawn", Kind.BOOLEAN, "Consent withdrawn",
            "true: the story disappears from every page at the next build.",
            example=[False, True], note="true: the story disappears at the next build",
        ),
    ),
)

STORY = Field(
    "", Kind.GROUP, "A testimony: stories/<name>.yml",
    "One story of the stories site. The build checks every story and has the last word; "
    "see CONTRIBUTING.md and stories/_template.yml.",
    example=None,
    fields=(
        Field(
            "identity", Kind.CHOICE, "How the speaker is named",
            "named: full name; first-name: first name only; pseudonym: a changed name, marked as changed; "
            "anonymous: no name at all (delete the name line). Stories from {at_risk} and children's "
            "stories may only be anonymous or pseudonym.",
            example=["named"], required=True, choices=IDENTITY_CHOICES,
        ),
        Field(
            "name", Kind.TEXT, "Name shown",
            "The name as the page shows it. Required unless identity is anonymous; "
            "for anonymous, delete the line completely. For a pseudonym, the changed name.",
            example=["Obadia Lowiya Steven", "Monday"], required=True, required_by_rule=True, max_len=80,
            hint="the name to show; for identity: anonymous, delete the line",
            note="delete this line when identity is anonymous",
        ),
        Field(
            "country", Kind.CHOICE, "Country",
            "A country of the programme, from data/countries.yml: its name, an alias or its "
            "two-letter code, in any letter case. Countries marked at_risk ({at_risk_or_none}) "
            "only accept identity anonymous or pseudonym.",
            example=None, required=True, source="countries",
            hint="a country from data/countries.yml{example}",
            note="a country from data/countries.yml (its name or an alias)",
        ),
        Field(
            "role", Kind.CHOICE, "Who the speaker is", "A role from data/roles.yml: {roles}",
            example=None, required=True, source="roles",
            hint="a role id from data/roles.yml: {ids}",
        ),
        Field(
            "quote", Kind.TEXT, "Quote",
            "The words in quotation marks, as translated: plain text, {limits} characters. "
            "Nothing is read as Markdown or HTML. Use quote: >- and indented lines for long quotes.",
            example=["Since attending this training my behaviour has changed for the better."],
            required=True, min_len=20, max_len=600,
            hint="the words in quotation marks, {limits} characters",
        ),
        ORIGINAL,
        Field(
            "story", Kind.TEXT, "Longer testimony",
            "Optional: the longer story, plain text. Write story: | and indented lines; a blank line starts a new paragraph.",
            example=["First paragraph.\n\nSecond paragraph."],
            note="the longer testimony; a blank line starts a new paragraph",
        ),
        PHOTO,
        Field(
            "themes", Kind.WORDS, "Themes", "Theme ids from data/themes.yml, as a list: [{first_ids}].",
            example=None, source="themes", hint="theme ids from data/themes.yml{example}",
            note="ids from data/themes.yml",
        ),
        Field(
            "collected", Kind.DATE, "Recorded on",
            "The day the testimony was recorded. It orders stories but is never published.",
            example=["2024-03-08"], required=True, pattern=DATE,
            hint="the day the testimony was recorded, as YYYY-MM-DD",
            note="the day the testimony was recorded (YYYY-MM-DD); never published",
        ),
        Field(
            "published", Kind.DATE, "On the site since",
            "Optional: the day the story first went on the site, the date its feed entry carries "
            "(make story writes today's date). Without it the feed dates the story on the day of each build.",
            example=["2024-04-02"], pattern=DATE,
            hint="the day the story first went on the site, as YYYY-MM-DD",
            note="the day the story first goes on the site: the feed's date",
        ),
        Field(
            "updates", Kind.ENTRIES, "What happened next",
            "Optional: follow-ups published after the story, a list of entries, each with its date and text. "
            "The story page shows them newest first; the newest moves the story up in \"newest first\" "
            "and updates its feed entry. An update dated later than today is held back until its day.",
            example=None, note="follow-ups, each with its date and text",
            fields=(
                Field(
                    "date", Kind.DATE, "Update published on",
                    "The day the update goes on the site (a publication date, never a date about the person): "
                    "on or after consent.given.",
                    example=["2025-06-01"], required=True, pattern=DATE,
                    hint="the day the update goes on the site, as YYYY-MM-DD",
                    note="the day the update goes on the site",
                ),
                Field(
                    "text", Kind.TEXT, "Update",
                    "What happened next: plain text, {limits} characters, read like the quote "
                    "(nothing is read as Markdown or HTML).",
                    example=["A year later he leads the fathers' group in his village."],
                    required=True, min_len=20, max_len=1200,
                    hint="what happened next, plain text, {limits} characters",
                ),
            ),
        ),
        Field(
            "took_part", Kind.YEAR, "Year in the programme",
            f"Optional: the year the speaker took part in the programme, four digits, from {FIRST_YEAR} to this "
            "year. The page shows it only where it cannot identify the speaker.",
            example=[2019], pattern=YEAR, minimum=FIRST_YEAR,
            hint="the year the speaker took part in the programme, e.g. 2019",
            note="the year the speaker took part in the programme",
        ),
        Field(
            "featured", Kind.BOOLEAN, "On the home page", "true: the story is shown on the home page.",
            example=[False, True], note="true: shown on the home page",
        ),
        Field(
            "minor", Kind.BOOLEAN, "A child's story",
            "true: the speaker is under 18. Identity must be anonymous or pseudonym and consent needs a guardian line.",
            example=[False, True],
        ),
        CONSENT,
    ),
)
QUOTE = STORY.field("quote")
NAME = STORY.field("name")
UPDATES = STORY.field("updates")
TOOK_PART = STORY.field("took_part")


def boolean_description(item: Field) -> str:
    """A boolean field's description with what the build accepts of it."""
    return item.description + _BLANK_IS_FALSE


def date_description(item: Field) -> str:
    """A date field's description with the shape it is written in."""
    return item.description + " Written YYYY-MM-DD."


def walk(group: Field = STORY, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field under ``group`` with its dotted name (``consent.reference``), in file order."""
    for item in group.fields:
        yield prefix + item.key, item
        if item.kind in (Kind.GROUP, Kind.ENTRIES):
            yield from walk(item, f"{prefix}{item.key}.")


# --- rules between fields ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the rules between fields look at, as read from one story; None: unknown
    (the field is absent or has an error of its own). ``has_name``: a ``name:`` line is
    there, whatever it holds. ``photo_representative`` is None without a photo."""

    identity: str | None = None
    has_name: bool = False
    name: str | None = None
    country: "Country | None" = None
    minor: bool | None = None
    given: dt.date | None = None
    expires: dt.date | None = None
    has_consent: bool = False
    guardian: str | None = None
    published: dt.date | None = None
    photo_representative: bool | None = None
    update_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Breach:
    """One broken rule: the error names ``field``; its line is that of the key ``line_of``
    (a top-level key, or a key of the group ``field`` is in)."""

    field: str
    line_of: str
    message: str
    hint: str


@dataclass(frozen=True)
class SchemaWords:
    """What a rule's schema form may need from the catalogue: a pattern matching every
    spelling of an at-risk country (None when no country is at risk)."""

    at_risk_pattern: str | None


@dataclass(frozen=True)
class Rule:
    """A rule between fields: ``check`` (None when it holds), its JSON Schema form (None
    where draft-07 cannot say it: then only ``description`` tells the editors' tools).

    ``checked_by`` names the function holding the check when it needs more than the
    facts (the file name needs the folder's other files).
    """

    name: str
    description: str
    check: Callable[[Facts], Breach | None] | None
    schema: Callable[[SchemaWords], dict[str, Any] | None] | None = None
    checked_by: str = ""

    def breach(self, facts: Facts) -> Breach | None:
        """The breach of this rule by ``facts``, or None (also for a rule checked elsewhere)."""
        return self.check(facts) if self.check is not None else None


_NO_NAME_HINT = "delete the name line: an anonymous story keeps no name in the file"


def _anonymous_has_no_name(facts: Facts) -> Breach | None:
    if facts.identity == "anonymous" and facts.has_name:
        return Breach(
            "name", "name", "must be absent when identity is anonymous", _NO_NAME_HINT,
        )
    return None


def _first_name_is_one_word(facts: Facts) -> Breach | None:
    if facts.identity == "first-name" and facts.name is not None and len(facts.name.split()) > 1:
        return Breach(
            "name", "name", f"'{facts.name}' is more than a first name, and identity is first-name",
            f"write only '{facts.name.split()[0]}', or set identity: named if the person agreed to their full name",
        )
    return None


def _at_risk_is_not_named(facts: Facts) -> Breach | None:
    country = facts.country
    if country is not None and facts.identity is not None and country.at_risk and facts.identity not in SAFE_IDENTITIES:
        return Breach(
            "identity", "identity",
            f"'{facts.identity}' is not allowed for {country.name}: people there are at risk if named",
            "use anonymous or pseudonym",
        )
    return None


def _child_is_not_named(facts: Facts) -> Breach | None:
    if facts.minor and facts.identity is not None and facts.identity not in SAFE_IDENTITIES:
        return Breach(
            "identity", "identity", f"'{facts.identity}' is not allowed for a child (minor: true)",
            "use anonymous or pseudonym: a child is never named",
        )
    return None


def _child_has_guardian(facts: Facts) -> Breach | None:
    if facts.minor and facts.has_consent and facts.guardian is None:
        return Breach(
            "consent.guardian", "consent", "missing: a child's story needs a parent's or guardian's consent",
            "the reference of the guardian's signed form, e.g. GF-2024-0007",
        )
    return None


def _published_after_given(facts: Facts) -> Breach | None:
    if facts.published is not None and facts.given is not None and facts.published < facts.given:
        return Breach(
            "published", "published", f"{facts.published} is before consent was given ({facts.given})",
            "the day the story first went on the site: on or after consent.given",
        )
    return None


def _protected_photo_is_someone_else(facts: Facts) -> Breach | None:
    if facts.identity in SAFE_IDENTITIES and facts.photo_representative is False:
        return Breach(
            "photo.representative", "photo",
            f"a photo of the speaker would identify a person whose identity is {facts.identity}",
            "remove the photo, or use a photo of someone else and set representative: true",
        )
    return None


def _update_after_given(facts: Facts) -> Breach | None:
    # One update at a time: the build reports each at its own line.
    late = [day for day in facts.update_dates if facts.given is not None and day < facts.given]
    if late:
        return Breach(
            "updates.date", "date", f"{late[0]} is before consent was given ({facts.given})",
            "an update goes on the site after consent was given: on or after consent.given",
        )
    return None


def _expires_after_given(facts: Facts) -> Breach | None:
    if facts.given is not None and facts.expires is not None and facts.expires <= facts.given:
        return Breach(
            "consent.expires", "expires", f"{facts.expires} is not after consent was given ({facts.given})",
            "check both dates",
        )
    return None


def _consent_at_most_five_years(facts: Facts) -> Breach | None:
    if facts.given is not None and facts.expires is not None and facts.expires > latest_expiry(facts.given):
        return Breach(
            "consent.expires", "expires",
            f"{facts.expires} is more than {CONSENT_YEARS} years after consent was given ({facts.given})",
            f"consent lasts at most {CONSENT_YEARS} years: renew it with the person (a new form, given and reference) "
            f"or end it on or before {latest_expiry(facts.given)}",
        )
    return None


def _schema_anonymous(_: SchemaWords) -> dict[str, Any]:
    return {
        "$comment": "anonymous: no name line at all; every other identity: a name",
        "if": {"required": ["identity"], "properties": {"identity": {"const": "anonymous"}}},
        "then": {"properties": {"name": {"not": {}, "errorMessage": _NO_NAME_HINT}}},
        "else": {"required": ["name"]},
    }


def _schema_at_risk(words: SchemaWords) -> dict[str, Any] | None:
    if words.at_risk_pattern is None:
        return None
    return {
        "$comment": "people in at-risk countries are never named",
        "if": {"required": ["country"], "properties": {"country": {"type": "string", "pattern": words.at_risk_pattern}}},
        "then": {"properties": {"identity": {
            "enum": list(SAFE_IDENTITIES), "errorMessage": "people there are at risk if named: use anonymous or pseudonym",
        }}},
    }


def _schema_child_named(_: SchemaWords) -> dict[str, Any]:
    return {
        "$comment": "a child is never named",
        "if": {"required": ["minor"], "properties": {"minor": {"const": True}}},
        "then": {"properties": {"identity": {
            "enum": list(SAFE_IDENTITIES), "errorMessage": "a child is never named: use anonymous or pseudonym",
        }}},
    }


def _schema_child_guardian(_: SchemaWords) -> dict[str, Any]:
    return {
        "$comment": "a child's story has a guardian's consent on file",
        "if": {"required": ["minor"], "properties": {"minor": {"const": True}}},
        "then": {"properties": {"consent": {
            "required": ["guardian"],
            "properties": {"guardian": {"type": ["string", "number"]}},
            "errorMessage": "a child's story needs the reference of the guardian's signed form",
        }}},
    }


def _schema_protected_photo(_: SchemaWords) -> dict[str, Any]:
    return {
        "$comment": "a photo of an anonymous or pseudonym speaker must show someone else",
        "if": {
            "required": ["identity", "photo"],
            "properties": {"identity": {"enum": list(SAFE_IDENTITIES)}, "photo": {"type": "object"}},
        },
        "then": {"properties": {"photo": {
            "required": ["representative"],
            "properties": {"representative": {"const": True}},
            "errorMessage": "remove the photo, or use a photo of someone else and set representative: true",
        }}},
    }


ANONYMOUS_HAS_NO_NAME = Rule(
    "anonymous-has-no-name", "identity anonymous: no name line at all; every other identity: a name.",
    _anonymous_has_no_name, _schema_anonymous,
)
FIRST_NAME_IS_ONE_WORD = Rule(
    "first-name-is-one-word", "identity first-name: the name is one word.", _first_name_is_one_word,
)
AT_RISK_IS_NOT_NAMED = Rule(
    "at-risk-is-not-named", "a country marked at_risk: identity anonymous or pseudonym.",
    _at_risk_is_not_named, _schema_at_risk,
)
CHILD_IS_NOT_NAMED = Rule(
    "child-is-not-named", "minor: true: identity anonymous or pseudonym.", _child_is_not_named, _schema_child_named,
)
CHILD_HAS_GUARDIAN = Rule(
    "child-has-guardian", "minor: true: consent.guardian holds the guardian's form reference.",
    _child_has_guardian, _schema_child_guardian,
)
PUBLISHED_AFTER_GIVEN = Rule(
    "published-after-given", "published: on or after consent.given.", _published_after_given,
)
PROTECTED_PHOTO_IS_SOMEONE_ELSE = Rule(
    "protected-photo-is-someone-else",
    "identity anonymous or pseudonym: a photo shows someone else (photo.representative: true).",
    _protected_photo_is_someone_else, _schema_protected_photo,
)
EXPIRES_AFTER_GIVEN = Rule(
    "expires-after-given", "consent.expires: after consent.given.", _expires_after_given,
)
UPDATE_AFTER_GIVEN = Rule(
    "update-after-given", "updates → date: on or after consent.given.", _update_after_given,
)
CONSENT_AT_MOST_FIVE_YEARS = Rule(
    "consent-at-most-five-years",
    f"consent.expires: at most {CONSENT_YEARS} years after consent.given (renew it after that).",
    _consent_at_most_five_years,
)
NEUTRAL_FILE_NAME = Rule(
    "neutral-file-name",
    "The file name is the page's address: named: the name; first-name: the first name, optionally "
    "-<number>; anonymous, pseudonym, an at-risk country or a child: only <country>-<role>-<number>, "
    "with no name, place or date.",
    None, checked_by="storysite.stories.file_name_error",
)

# The rules the build checks once every field is read, in the order it checks them: a
# story stops at the first broken one.
STORY_RULES = (AT_RISK_IS_NOT_NAMED, CHILD_IS_NOT_NAMED, CHILD_HAS_GUARDIAN, PUBLISHED_AFTER_GIVEN,
               PROTECTED_PHOTO_IS_SOMEONE_ELSE)
# Every rule, in the order the schema and the editors' documents list them.
RULES = (ANONYMOUS_HAS_NO_NAME, FIRST_NAME_IS_ONE_WORD, AT_RISK_IS_NOT_NAMED, CHILD_IS_NOT_NAMED,
         CHILD_HAS_GUARDIAN, PROTECTED_PHOTO_IS_SOMEONE_ELSE, EXPIRES_AFTER_GIVEN, PUBLISHED_AFTER_GIVEN,
         CONSENT_AT_MOST_FIVE_YEARS, UPDATE_AFTER_GIVEN, NEUTRAL_FILE_NAME)


def first_breach(rules: tuple[Rule, ...], facts: Facts) -> Breach | None:
    """The first of ``rules`` that ``facts`` break, or None."""
    for rule in rules:
        breach = rule.breach(facts)
        if breach is not None:
            return breach
    return None
