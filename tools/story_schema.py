"""Write schema/story.schema.json: the story format as a JSON Schema for editors' tools.

``make schema`` runs this. VS Code (with Red Hat's YAML extension, i.e. yaml-language-server)
reads the schema to offer completions, hover help and red underlines while an editor types
a story. The schema is JSON Schema draft-07, the newest draft yaml-language-server reads.

The build stays the authority: it reads every value as the text typed and converts it by
the field's type, while the editors' tools read YAML 1.2, where ``True`` is a boolean and
``0142`` a number. A few rules cannot be said in a schema at all (the photo file exists,
consent ends after it was given, the file's name is a valid address). So the schema helps
while typing; the build decides. tests/unit/test_schema.py checks that both agree on the
sample stories and on a set of broken ones.

The schema is generated, not written by hand, from the contract the build reads by
(the package hooks/storysite/contract/: every field's kind, limits, pattern, choices, description and
example, and the rules between fields in their schema form) and from data/countries.yml,
data/themes.yml and data/roles.yml, so that completions offer exactly the countries, themes
and roles the build accepts. Regenerate it after changing any of them; the tests fail while
it is out of date.

Usage: python tools/story_schema.py [--check] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from storysite.catalogue import load_catalogue
from storysite.contract import (
    PHOTO_PATH_HINT, PHOTO_PATH_REGEX, RULES, STORY, Field, Kind, SchemaWords, file_description,
    walk,
)
from storysite.errors import ContentError, ContentErrors
from storysite.model import Catalogue

ROOT = Path(__file__).resolve().parent.parent

SCHEMA_FILE = Path("schema") / "story.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
_SYNTAX_CHARACTERS = frozenset("^$\\.*+?()[]{}|/")


class SchemaError(Exception):
    """A field of the contract has a kind this generator cannot describe."""


def any_case(text: str) -> str:
    """A JavaScript-compatible regular expression matching ``text`` in any letter case.

    JSON Schema patterns are ECMA 262 expressions without flags, so "Peru" becomes
    ``[Pp][Ee][Rr][Uu]`` to match what the build accepts (it compares
    countries case-insensitively).
    """
    parts = []
    for char in text:
        upper, lower = char.upper(), char.lower()
        if upper != lower and len(upper) == 1 and len(lower) == 1:
            parts.append(f"[{upper}{lower}]")
        else:
            # Escape only ECMA 262 syntax characters: with the "u" flag JavaScript refuses
            # escapes of anything else (Python's re.escape escapes spaces, for one).
            parts.append("\\" + char if char in _SYNTAX_CHARACTERS else char)
    return "".join(parts)


def at_least(number: int) -> str:
    """A regular expression matching the numbers of ``number``'s digit count that are at
    least ``number``: 1990 gives ``(?:199[0-9]|[2-9][0-9]{3})``, written out digit by digit."""
    digits = str(number)
    options = [digits]
    for place in range(len(digits) - 1, -1, -1):
        higher = int(digits[place]) + 1
        if higher > 9:
            continue
        rest = len(digits) - place - 1
        options.append(digits[:place] + f"[{higher}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(options) + ")"


def one_of_words(words: list[str]) -> str:
    """A whole-value pattern matching any of ``words`` in any letter case."""
    return "^(?:" + "|".join(any_case(word) for word in words) + ")$"



def _country_spellings(catalogue: Catalogue, *, at_risk_only: bool = False) -> tuple[list[str], list[str]]:
    """(what completions offer: names and aliases, what is accepted: also the ISO codes)."""
    countries = [country for country in catalogue.countries if country.at_risk or not at_risk_only]
    offered = [typed for country in countries for typed in (country.name, *country.aliases)]
    accepted = [typed for country in countries for typed in (country.name, *country.aliases, country.code)]
    return offered, accepted


def _from_catalogue(field: Field, catalogue: Catalogue, described: dict[str, Any]) -> dict[str, Any]:
    """A choice whose words are a catalogue's: countries (any spelling, any case), roles, themes."""
    if field.source == "countries":
        offered, accepted = _country_spellings(catalogue)
        return described | {
            "anyOf": [{"type": "string", "enum": offered}, {"type": "string", "pattern": one_of_words(accepted)}],
            "errorMessage": "use a country from data/countries.yml: " + ", ".join(offered),
            "examples": [catalogue.countries[0].name] if catalogue.countries else [],
        }
    if field.source == "roles":
        return described | {
            "type": "string",
            "enum": list(catalogue.role_ids()),
            "enumDescriptions": [role.label for role in catalogue.roles],
            "examples": list(catalogue.role_ids()[:1]),
        }
    if field.source == "themes":
        theme_ids = [theme.id for theme in catalogue.themes]
        return described | {
            "type": ["array", "null"],
            "items": {"type": "string", "enum": theme_ids, "enumDescriptions": [theme.label for theme in catalogue.themes]},
            "examples": [theme_ids[:2]],
        }
    raise SchemaError(f"{field.key}: no catalogue list called {field.source!r}")


def _snippet(group: Field) -> dict[str, Any]:
    """What completion inserts for a group: its required fields, each a tab stop at its example."""
    body: dict[str, Any] = {}
    for number, item in enumerate((item for item in group.fields if item.required), start=1):
        example = item.example[0]
        body[item.key] = example if isinstance(example, list) else f"${{{number}:{example}}}"
    return {"label": group.title.lower(), "body": body}


def _typed(field: Field, optional: bool, *names: str) -> str | list[str]:
    # The build reads every value as text, so a form reference typed as 20240142 is fine
    # there; YAML 1.2 tools see a number, which ``numbers`` allows for such fields.
    # Optional fields may be left blank (null), which the build treats as absent.
    types = list(names) + (["number"] if field.numbers else []) + (["null"] if optional else [])
    return types[0] if len(types) == 1 else types


def describe_field(field: Field, catalogue: Catalogue, words: dict[str, str]) -> dict[str, Any]:
    """The JSON Schema of one declared field (a group with its fields)."""
    described: dict[str, Any] = {
        "title": field.title,
        # The description with its YAML advice (Field.in_file): hover help is read in a file.
        "description": file_description(field).format(limits=field.limits(), **words),
    }
    optional = not field.required
    if field.source is not None:
        return _from_catalogue(field, catalogue, described)
    if field.kind is Kind.TEXT:
        described["type"] = _typed(field, optional, "string")
        if field.min_len:
            described["minLength"] = field.min_len
        if field.max_len is not None:
            described["maxLength"] = field.max_len
        if field.pattern is not None:
            described["pattern"] = f"^{field.pattern.regex}$"
            described["patternErrorMessage"] = field.pattern.hint
        if field.key == "file":
            # The photo path's shape, declared once with the build's (stories.photo_path_problem).
            described["pattern"] = f"^{PHOTO_PATH_REGEX}$"
            described["patternErrorMessage"] = PHOTO_PATH_HINT
        return described | {"examples": field.example}
    if field.kind is Kind.CHOICE:
        return described | {
            "type": "string",
            "enum": list(field.values),
            "enumDescriptions": [choice.help for choice in field.choices],
            "examples": field.example,
        }
    if field.kind is Kind.BOOLEAN:
        return described | {
            "type": ["boolean", "null"],
            "errorMessage": "type true or false, without quotes",
            "examples": field.example,
        }
    if field.kind is Kind.DATE:
        assert field.pattern is not None, f"{field.key}: a date has the date pattern"
        return described | {
            "type": _typed(field, optional, "string"),
            "pattern": f"^{field.pattern.regex}$",
            "format": "date",
            "patternErrorMessage": field.pattern.hint,
            "examples": field.example,
        }
    if field.kind is Kind.WORDS:
        return described | {
            "type": _typed(field, optional, "array"),
            "items": {"type": "string", "enum": list(field.values), "enumDescriptions": [c.help for c in field.choices]},
            "examples": field.example,
        }
    if field.kind is Kind.POINT:
        return described | {
            "type": "array",
            "items": {"type": "number", "minimum": 0, "maximum": 1},
            "minItems": 2,
            "maxItems": 2,
            "examples": field.example,
        }
    if field.kind is Kind.YEAR:
        assert field.pattern is not None and field.minimum is not None, f"{field.key}: a year has a pattern and a minimum"
        # YAML 1.2 reads 2019 as a number and "2019" as text; the build reads both as the
        # text typed. "Up to this year" is the build's alone: a schema cannot know the date.
        return described | {
            "type": _typed(field, optional, "integer", "string"),
            "minimum": field.minimum,
            "maximum": 10 ** len(str(field.minimum)) - 1,
            "pattern": f"^{at_least(field.minimum)}$",
            "patternErrorMessage": field.pattern.hint,
            "examples": field.example,
        }
    if field.kind is Kind.ENTRIES:
        return described | {
            "type": _typed(field, optional, "array"),
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": _required(field),
                "properties": {item.key: describe_field(item, catalogue, words) for item in field.fields},
                "defaultSnippets": [_snippet(field)],
            },
            "defaultSnippets": [{"label": field.title.lower(), "body": [_snippet(field)["body"]]}],
        }
    if field.kind is Kind.GROUP:
        return described | {
            "type": _typed(field, optional, "object"),
            "additionalProperties": False,
            "required": _required(field),
            "properties": {item.key: describe_field(item, catalogue, words) for item in field.fields},
            "defaultSnippets": [_snippet(field)],
        }
    raise SchemaError(f"{field.key}: the schema generator cannot describe a field of kind {field.kind.value!r}")


def _required(group: Field) -> list[str]:
    """The keys a group must hold on their own (a rule's schema form says the others)."""
    return [item.key for item in group.fields if item.required and not item.required_by_rule]


def _rules(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The rules between fields that the build enforces and a draft-07 schema can say."""
    _, at_risk = _country_spellings(catalogue, at_risk_only=True)
    words = SchemaWords(at_risk_pattern=one_of_words(at_risk) if at_risk else None)
    forms = (rule.schema(words) for rule in RULES if rule.schema is not None)
    return [form for form in forms if form is not None]


def story_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a story file for ``catalogue``'s countries, themes and
    roles, made from the contract (storysite.contract.STORY and RULES)."""
    words = catalogue.description_words()
    return {
        "$schema": DRAFT_07,
        "$comment": "Generated by tools/story_schema.py (make schema) from hooks/storysite/contract/ and data/: do not edit.",
        "title": STORY.title,
        "description": STORY.description,
        "type": "object",
        "additionalProperties": False,
        "required": _required(STORY),
        "properties": {item.key: describe_field(item, catalogue, words) for item in STORY.fields},
        "allOf": _rules(catalogue),
    }


# --- the editors' field table in CONTRIBUTING.md -----------------------------------------------------

CONTRIBUTING = Path("CONTRIBUTING.md")
TABLE_START = "<!-- contract: generated by make schema from hooks/storysite/contract/ and data/; edit those, not this -->"
TABLE_END = "<!-- contract: end -->"


class StaleDocument(Exception):
    """CONTRIBUTING.md has no place for the generated table (its two marker lines)."""


def _cell(text: str) -> str:
    # Markdown: a pipe would end the cell and <name> would be read as a tag.
    return " ".join(text.split()).replace("|", "\\|").replace("<", "\\<").replace(">", "\\>")


def _example(field: Field, catalogue: Catalogue) -> str:
    if field.source == "countries":
        return f"`{catalogue.countries[0].name}`" if catalogue.countries else ""
    if field.source == "roles":
        return f"`{catalogue.role_ids()[0]}`" if catalogue.roles else ""
    if field.source == "themes":
        return "`[" + ", ".join(theme.id for theme in catalogue.themes[:2]) + "]`"
    if not field.example or field.kind is Kind.GROUP:
        return ""
    first = field.example[0]
    if isinstance(first, bool):
        return f"`{str(first).lower()}`"
    if isinstance(first, list):
        return "`[" + ", ".join(str(item) for item in first) + "]`"
    return "" if "\n" in str(first) else f"`{first}`"


def _what_to_write(field: Field, words: dict[str, str]) -> str:
    # The description with its YAML advice (Field.in_file): the table is read to write a file.
    text = file_description(field).format(limits=field.limits(), **words)
    if field.kind is Kind.TEXT and field.limits() and "{limits}" not in field.description + field.in_file:
        text += f" {field.limits().capitalize()} characters."
    if field.choices:
        text += " " + " ".join(f"`{choice.value}`: {choice.help}" for choice in field.choices)
    return _cell(text)


def field_table(catalogue: Catalogue) -> str:
    """CONTRIBUTING's table of every field and the list of rules between fields, from the contract."""
    words = catalogue.description_words()
    lines = ["| Field | What to write | Example |", "| --- | --- | --- |"]
    for dotted, field in walk():
        shown = " → ".join(f"`{part}`" for part in dotted.split("."))
        optional = not field.required or any(
            not parent.required for name, parent in walk() if dotted.startswith(name + ".")
        )
        lines.append(f"| {f'*{shown}*' if optional else shown} | {_what_to_write(field, words)} | {_example(field, catalogue)} |")
    lines += ["", "Rules between fields: the build checks each; editors' tools underline those marked (schema).", ""]
    lines += [f"- {_cell(rule.description)}{' (schema)' if rule.schema is not None else ''}" for rule in RULES]
    return "\n".join([TABLE_START, "", *lines, "", TABLE_END])


def with_table(document: str, table: str) -> str:
    """``document`` with the text between its marker lines replaced by ``table``."""
    if document.count(TABLE_START) != 1 or document.count(TABLE_END) != 1:
        raise StaleDocument(f"{CONTRIBUTING} needs the two marker lines {TABLE_START!r} and {TABLE_END!r}")
    before, rest = document.split(TABLE_START)
    _, after = rest.split(TABLE_END)
    return before + table + after


# --- the notes of stories/_template.yml ------------------------------------------------------------

TEMPLATE = Path("stories") / "_template.yml"


def _template_notes(template: str) -> dict[str, tuple[str, str]]:
    """``key -> (value, note)`` of the template's lines ``key: value   # note``, commented-out
    ones and list entries (``- date: ...``) too; the first line of each key counts."""
    notes: dict[str, tuple[str, str]] = {}
    for line in template.splitlines():
        body = line.lstrip("# ").removeprefix("- ").rstrip()
        key, colon, rest = body.partition(":")
        if colon and key.isidentifier() and "#" in rest:
            value, _, note = rest.partition("#")
            notes.setdefault(key, (value.strip(), note.strip()))
    return notes


def template_problems(template: str, catalogue: Catalogue) -> list[str]:
    """Where the template's notes say something other than the contract (and data/): a
    field's note, the identities and roles listed, each text field's limits; [] when they
    agree. ``make schema --check`` and the tests report them."""
    notes = _template_notes(template)
    problems: list[str] = []
    for dotted, field in walk():
        if field.note and not notes.get(field.key, ("", ""))[1].startswith(field.note):
            problems.append(f"{dotted}: the note should start {field.note!r}")
        if field.kind is Kind.TEXT and field.min_len and field.max_len:
            limits = f"{field.min_len:,} to {field.max_len:,} characters"
            if limits not in template:
                problems.append(f"{dotted}: the template should say {limits!r}")
    identity = " | ".join(STORY.field("identity").values)
    if notes.get("identity", ("", ""))[1] != identity:
        problems.append(f"identity: the note should be {identity!r}")
    roles = " | ".join(catalogue.role_ids())
    if notes.get("role", ("", ""))[1] != roles:
        problems.append(f"role: the note should be {roles!r} (the ids of data/roles.yml)")
    return problems


def render(schema: dict[str, Any]) -> str:
    """The schema as the committed file: stable key order, two-space indent, final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _catalogue(root: Path) -> Catalogue:
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:
        raise ContentErrors(errors)
    return catalogue


def generate(root: Path) -> str:
    """The schema text for the project at ``root``; raises ContentErrors if data/ is broken."""
    return render(story_schema(_catalogue(root)))


def generate_contributing(root: Path) -> str | None:
    """CONTRIBUTING.md with its field table made afresh; None when the project has none."""
    path = root / CONTRIBUTING
    if not path.is_file():
        return None
    return with_table(path.read_text(encoding="utf-8"), field_table(_catalogue(root)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    parser.add_argument("--check", action="store_true", help="only check that the committed files are up to date")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        made = {SCHEMA_FILE: generate(root), CONTRIBUTING: generate_contributing(root)}
    except (ContentErrors, SchemaError, StaleDocument) as error:
        sys.stderr.write(f"{error}\n")
        return 1
    stale = False
    template = root / TEMPLATE
    if template.is_file():
        for problem in template_problems(template.read_text(encoding="utf-8"), _catalogue(root)):
            sys.stderr.write(f"{TEMPLATE}: {problem}: edit the template's notes\n")
            stale = True
    for relative, text in made.items():
        if text is None:
            continue
        target = root / relative
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                sys.stderr.write(f"{relative} is out of date: run make schema and commit the result\n")
                stale = True
            else:
                sys.stdout.write(f"{relative} is up to date\n")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        sys.stdout.write(f"Wrote {relative}\n")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
