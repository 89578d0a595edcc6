"""The rules between a story's fields: each a :class:`Rule` carrying its check (run by
:mod:`storysite.stories`) and its JSON Schema form where draft-07 can say it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .story import CONSENT, CONSENT_YEARS, PHOTO, SAFE_IDENTITIES, STORY, latest_expiry

if TYPE_CHECKING:  # types only: the model imports this package
    from ..model import Country

__all__ = [
    "Facts", "Breach", "SchemaWords", "Rule", "ANONYMOUS_HAS_NO_NAME", "FIRST_NAME_IS_ONE_WORD",
    "AT_RISK_IS_NOT_NAMED", "CHILD_IS_NOT_NAMED", "CHILD_HAS_GUARDIAN", "PUBLISHED_AFTER_GIVEN",
    "PROTECTED_PHOTO_IS_SOMEONE_ELSE", "EXPIRES_AFTER_GIVEN", "UPDATE_AFTER_GIVEN", "CONSENT_AT_MOST_FIVE_YEARS",
    "NEUTRAL_FILE_NAME", "STORY_RULES", "RULES", "first_breach",
]


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

    ``description`` says the rule in a file's words (keys, ``minor: true``), for the schema
    and CONTRIBUTING. ``form_text`` says it in the editors' form's words, naming fields by
    the titles the form labels them with; "" for a rule the form does not state (it
    leaves out a field instead, or only the build checks it).

    ``checked_by`` names the function holding the check when it needs more than the
    facts (the file name needs the folder's other files).
    """

    name: str
    description: str
    check: Callable[[Facts], Breach | None] | None
    schema: Callable[[SchemaWords], dict[str, Any] | None] | None = None
    checked_by: str = ""
    form_text: str = ""

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
    form_text="Only the first name, one word.",
)
AT_RISK_IS_NOT_NAMED = Rule(
    "at-risk-is-not-named", "a country marked at_risk: identity anonymous or pseudonym.",
    _at_risk_is_not_named, _schema_at_risk,
    form_text="People in a country at risk are never named: only pseudonym and anonymous stories.",
)
CHILD_IS_NOT_NAMED = Rule(
    "child-is-not-named", "minor: true: identity anonymous or pseudonym.", _child_is_not_named, _schema_child_named,
)
CHILD_HAS_GUARDIAN = Rule(
    "child-has-guardian", "minor: true: consent.guardian holds the guardian's form reference.",
    _child_has_guardian, _schema_child_guardian,
    form_text=f"{STORY.field('minor').title}: the {CONSENT.field('guardian').title.lower()} is needed.",
)
PUBLISHED_AFTER_GIVEN = Rule(
    "published-after-given", "published: on or after consent.given.", _published_after_given,
)
PROTECTED_PHOTO_IS_SOMEONE_ELSE = Rule(
    "protected-photo-is-someone-else",
    "identity anonymous or pseudonym: a photo shows someone else (photo.representative: true).",
    _protected_photo_is_someone_else, _schema_protected_photo,
    form_text=f"In a pseudonym or anonymous story a photo must show someone else: switch "
    f"“{PHOTO.field('representative').title}” on.",
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
    "-<number>; anonymous, pseudonym, an at-risk country or a child: only <country>-<role>, optionally "
    "-<number>, with no name, place or date.",
    None, checked_by="storysite.stories.file_name_error",
    form_text="The form names the file, and with it the page’s address: after the name in named and first-name "
    "stories; in pseudonym and anonymous stories after the country and the role only, never a name, place or date.",
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

