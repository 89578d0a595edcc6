"""The building blocks of the contract: what a field is (:class:`Field`), its kind, its
fixed choices and the shapes a value must have (:class:`Pattern`), and the patterns more
than one file shares (dates, years, language tags, ids).

Pure data: this module imports nothing of the build, so that every module may import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = [
    "Kind", "Choice", "Pattern", "Field", "FIRST_YEAR", "YEAR", "DATE", "LANGUAGE_TAG",
    "file_description", "form_description", "walk_group",
    "BLANK_IS_FALSE", "WRITTEN_AS_DATE", "TRUE_IN_FILE", "ON_IN_FORM",
]


class Kind(str, Enum):
    """What a field holds, as editors would name it."""

    TEXT = "text"
    CHOICE = "choice"
    BOOLEAN = "boolean"
    DATE = "date"
    WORDS = "list of words"
    POINT = "point"
    YEAR = "year"
    NUMBER = "number"
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

    ``description`` is what the field means, true wherever it is filled in: the YAML
    file and the editors' web form alike. ``in_file`` is how to type it in a YAML file
    (``quote: >-`` and indented lines, delete the line, a list in brackets): the schema
    (editors' hover help) and CONTRIBUTING's table append it to the description (see
    :func:`file_description`); the form, where nobody types YAML, leaves it out
    (:func:`form_description`). Both may hold the same placeholders (``{limits}`` ...).

    ``hint_in_file`` is the same for ``hint``: the part of a refused value's hint only a
    file needs ("for identity: anonymous, delete the line"). The build's errors
    (:meth:`error_hint`) give ``hint; hint_in_file``; the form refuses with ``hint`` alone.
    A hint that is all a file's (``hint_in_file`` without ``hint``: a photo's path) leaves
    the form to refuse with what the field is, its form description.

    A boolean's description starts with ``true: ``, as a file says it; the form, where a
    boolean is a switch, says ``On: `` instead (:func:`form_description`).
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
    in_file: str = ""
    hint_in_file: str = ""
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
        """The hint of this field's errors in a file (``hint``, then ``; hint_in_file``),
        its placeholders filled in."""
        hint = "; ".join(part for part in (self.hint, self.hint_in_file) if part)
        return hint.format(limits=self.limits(), **catalogue_words)



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

# How a boolean is typed in a file: the YAML words the build refuses. A file's advice only:
# the form's switch cannot be set to "yes".
BLANK_IS_FALSE = " Only true or false (yes, no, on and off are refused). Blank means false."
# The shape of a date, in a file and in the form's date field alike.
WRITTEN_AS_DATE = " Written YYYY-MM-DD."
# How a boolean's description starts in a file, and in the form, where it is a switch.
TRUE_IN_FILE = "true: "
ON_IN_FORM = "On: "


def file_description(item: Field) -> str:
    """The description as readers of a YAML file get it (schema, CONTRIBUTING): the
    description, then how to type the value in the file (``in_file``; for a boolean,
    :data:`BLANK_IS_FALSE`; for a date, its shape). Placeholders are left unfilled."""
    text = item.description + (" " + item.in_file if item.in_file else "")
    if item.kind is Kind.BOOLEAN:
        return text + BLANK_IS_FALSE
    if item.kind is Kind.DATE:
        return text + WRITTEN_AS_DATE
    return text


def form_description(item: Field) -> str:
    """The description as the editors' web form shows it: without any YAML advice (no
    ``in_file``, no words the build refuses for a boolean); a date keeps its shape, and a
    boolean, a switch in the form, starts ``On: `` where a file's starts ``true: ``.
    Placeholders are left unfilled."""
    if item.kind is Kind.BOOLEAN and item.description.startswith(TRUE_IN_FILE):
        return ON_IN_FORM + item.description.removeprefix(TRUE_IN_FILE)
    return item.description + (WRITTEN_AS_DATE if item.kind is Kind.DATE else "")


def walk_group(group: Field, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field under ``group`` with its dotted name (``consent.reference``), in file order."""
    for item in group.fields:
        yield prefix + item.key, item
        if item.kind in (Kind.GROUP, Kind.ENTRIES):
            yield from walk_group(item, f"{prefix}{item.key}.")
