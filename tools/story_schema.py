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

The schema is generated, not written by hand, from the build's own field lists and limits
(hooks/storysite) and from data/countries.yml, data/themes.yml and data/roles.yml, so that
completions offer exactly the countries, themes and roles the build accepts. Regenerate it after changing
any of them; the tests fail while it is out of date.

Usage: python tools/story_schema.py [--check] [--root DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from storysite.catalogue import SAFE_IDENTITIES, load_catalogue
from storysite.errors import ContentError, ContentErrors
from storysite.model import IDENTITIES, SCOPES, Catalogue
from storysite.stories import (
    CONSENT_FIELDS, ORIGINAL_FIELDS, PHOTO_FIELDS, PHOTO_SUFFIXES, QUOTE_LIMITS, STORY_FIELDS,
)

ROOT = Path(__file__).resolve().parent.parent

SCHEMA_FILE = Path("schema") / "story.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
# The same language tag shapes as stories.py accepts (pt-BR, fr, sw, ar, zh-Hant-TW);
# the agreement tests fail if the two drift apart.
LANGUAGE_TAG = r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$"
_SYNTAX_CHARACTERS = frozenset("^$\\.*+?()[]{}|/")
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Length limits the build applies (stories.py); the agreement tests probe each boundary.
NAME_MAX, ALT_MAX, CREDIT_MAX, TRANSLATOR_MAX, REFERENCE_MAX = 80, 250, 120, 120, 60

IDENTITY_HELP = {
    "named": "The full name is shown.",
    "first-name": "Only the first name is shown.",
    "pseudonym": "A changed name is shown, with a visible note that it was changed.",
    "anonymous": "No name at all: the page shows the role and the country instead. Delete the name line.",
}
SCOPE_HELP = {
    "web": "The website. Without web the story is not published at all.",
    "social": "Share images for social media.",
    "print": "Printed material.",
}


class SchemaError(Exception):
    """The build's field lists and this generator's descriptions no longer match."""


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


def one_of_words(words: list[str]) -> str:
    """A whole-value pattern matching any of ``words`` in any letter case."""
    return "^(?:" + "|".join(any_case(word) for word in words) + ")$"


def _text(
    title: str,
    description: str,
    examples: list[Any],
    *,
    min_len: int | None = None,
    max_len: int | None = None,
    optional: bool = False,
    numbers: bool = False,
) -> dict[str, Any]:
    # The build reads every value as text, so a form reference typed as 20240142 is fine
    # there; YAML 1.2 tools see a number, which ``numbers`` allows for such fields.
    # Optional fields may be left blank (null), which the build treats as absent.
    types = ["string"] + (["number"] if numbers else []) + (["null"] if optional else [])
    schema: dict[str, Any] = {"title": title, "description": description, "type": types[0] if len(types) == 1 else types}
    if min_len is not None:
        schema["minLength"] = min_len
    if max_len is not None:
        schema["maxLength"] = max_len
    schema["examples"] = examples
    return schema


def _boolean(title: str, description: str) -> dict[str, Any]:
    return {
        "title": title,
        "description": description + " Only true or false (yes, no, on and off are refused). Blank means false.",
        "type": ["boolean", "null"],
        "errorMessage": "type true or false, without quotes",
        "examples": [False, True],
    }


def _date(title: str, description: str, example: str, *, optional: bool = False) -> dict[str, Any]:
    # An optional date may be left blank (null), which the build treats as absent.
    return {
        "title": title,
        "description": description + " Written YYYY-MM-DD.",
        "type": ["string", "null"] if optional else "string",
        "pattern": DATE,
        "format": "date",
        "patternErrorMessage": "write the date as YYYY-MM-DD, e.g. 2024-03-08",
        "examples": [example],
    }


def _country_spellings(catalogue: Catalogue, *, at_risk_only: bool = False) -> tuple[list[str], list[str]]:
    """(what completions offer: names and aliases, what is accepted: also the ISO codes)."""
    countries = [country for country in catalogue.countries if country.at_risk or not at_risk_only]
    offered = [typed for country in countries for typed in (country.name, *country.aliases)]
    accepted = [typed for country in countries for typed in (country.name, *country.aliases, country.code)]
    return offered, accepted


def _properties(catalogue: Catalogue) -> dict[str, Any]:
    offered, accepted = _country_spellings(catalogue)
    at_risk = [country.name for country in catalogue.countries if country.at_risk]
    theme_ids = [theme.id for theme in catalogue.themes]
    photo_suffix = "(?:" + "|".join(any_case(suffix.removeprefix(".")) for suffix in PHOTO_SUFFIXES) + ")"
    quote_min, quote_max = QUOTE_LIMITS
    return {
        "identity": {
            "title": "How the speaker is named",
            "description": (
                "named: full name; first-name: first name only; pseudonym: a changed name, marked as changed; "
                "anonymous: no name at all (delete the name line). Stories from "
                + (", ".join(at_risk) or "at-risk countries")
                + " and children's stories may only be anonymous or pseudonym."
            ),
            "type": "string",
            "enum": list(IDENTITIES),
            "enumDescriptions": [IDENTITY_HELP[identity] for identity in IDENTITIES],
            "examples": ["named"],
        },
        "name": _text(
            "Name shown",
            "The name as the page shows it. Required unless identity is anonymous; "
            "for anonymous, delete the line completely. For a pseudonym, the changed name.",
            ["Obadia Lowiya Steven", "Monday"],
            max_len=NAME_MAX,
        ),
        "country": {
            "title": "Country",
            "description": (
                "A country of the programme, from data/countries.yml: its name, an alias or its "
                "two-letter code, in any letter case. Countries marked at_risk ("
                + (", ".join(at_risk) or "none")
                + ") only accept identity anonymous or pseudonym."
            ),
            "anyOf": [
                {"type": "string", "enum": offered},
                {"type": "string", "pattern": one_of_words(accepted)},
            ],
            "errorMessage": "use a country from data/countries.yml: " + ", ".join(offered),
            "examples": [catalogue.countries[0].name] if catalogue.countries else [],
        },
        "role": {
            "title": "Who the speaker is",
            "description": "A role from data/roles.yml: " + "; ".join(f"{role.id} ({role.label})" for role in catalogue.roles),
            "type": "string",
            "enum": list(catalogue.role_ids()),
            "enumDescriptions": [role.label for role in catalogue.roles],
            "examples": list(catalogue.role_ids()[:1]),
        },
        "quote": _text(
            "Quote",
            f"The words in quotation marks, as translated: plain text, {quote_min} to {quote_max} characters. "
            "Nothing is read as Markdown or HTML. Use quote: >- and indented lines for long quotes.",
            ["Since attending this training my behaviour has changed for the better."],
            min_len=quote_min,
            max_len=quote_max,
        ),
        "original": {
            "title": "Original words",
            "description": "Optional: the words as spoken, before translation, with their language.",
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["lang", "text"],
            "properties": {
                "lang": {
                    "title": "Language",
                    "description": "A language tag: fa-AF (Dari), ps (Pashto), fr, ha (Hausa), ar, sw ...",
                    "type": "string",
                    "pattern": LANGUAGE_TAG,
                    "patternErrorMessage": "a language tag such as pt-BR, fr, sw or ar",
                    "examples": ["fa-AF", "ps", "ha", "ar", "sw", "fr"],
                },
                "text": _text("Words as spoken", "The quote in the original language, plain text.", ["..."]),
                "translator": _text(
                    "Translator",
                    "Optional: who translated the words. For anonymous, pseudonym, at-risk and children's stories "
                    "the site says \"Translated for the programme.\" instead: the name stays in the file.",
                    ["Aisha Bello"],
                    max_len=TRANSLATOR_MAX, optional=True,
                ),
            },
            "defaultSnippets": [
                {"label": "original words", "body": {"lang": "${1:ha}", "text": "${2:...}", "translator": "${3:...}"}}
            ],
        },
        "story": _text(
            "Longer testimony",
            "Optional: the longer story, plain text. Write story: | and indented lines; a blank line starts a new paragraph.",
            ["First paragraph.\n\nSecond paragraph."],
            optional=True,
        ),
        "photo": {
            "title": "Photo",
            "description": (
                "Optional: a photo in stories/photos/ with its description and credit. For anonymous or pseudonym "
                "speakers only a photo of someone else, standing in for them (representative: true)."
            ),
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["file", "alt", "credit"],
            "properties": {
                "file": {
                    "title": "Photo file",
                    "description": "photos/<name>.jpg (or .jpeg, .png, .webp): a file directly inside stories/photos/.",
                    "type": "string",
                    "pattern": r"^photos/[^/\\%:.][^/\\%:]*\." + photo_suffix + "$",
                    "patternErrorMessage": "put the photo in stories/photos/ and write photos/<name>.jpg",
                    "examples": ["photos/obadia-lowiya-steven.jpg"],
                },
                "alt": _text(
                    "Photo description",
                    "What the photo shows, for people who cannot see it (not the file name).",
                    ["A man in a white shirt sits outside a classroom"],
                    max_len=ALT_MAX,
                ),
                "credit": _text(
                    "Photo credit",
                    "The photographer's name: every photo needs a credit. For anonymous, pseudonym, at-risk and "
                    "children's stories the site says \"Photo taken for the programme\" instead: the name stays in the file.",
                    ["Charles Lomodong"],
                    max_len=CREDIT_MAX,
                ),
                "representative": _boolean(
                    "Someone else in the photo",
                    "true: the photo shows someone else, standing in for the speaker's safety.",
                ),
                "focus": {
                    "title": "What cards keep in view",
                    "description": (
                        "Optional: the point that cropped copies (the story cards) keep in view, as [x, y]: "
                        "x from the left (0) to the right (1), y from the top (0) to the bottom (1)."
                    ),
                    "type": "array",
                    "items": {"type": "number", "minimum": 0, "maximum": 1},
                    "minItems": 2,
                    "maxItems": 2,
                    "examples": [[0.5, 0.3]],
                },
            },
            "defaultSnippets": [
                {
                    "label": "photo",
                    "body": {"file": "photos/${1:name}.jpg", "alt": "${2:what the photo shows}", "credit": "${3:photographer}"},
                }
            ],
        },
        "themes": {
            "title": "Themes",
            "description": "Theme ids from data/themes.yml, as a list: [" + ", ".join(theme_ids[:2]) + "].",
            "type": ["array", "null"],
            "items": {
                "type": "string",
                "enum": theme_ids,
                "enumDescriptions": [theme.label for theme in catalogue.themes],
            },
            "examples": [theme_ids[:2]],
        },
        "collected": _date(
            "Recorded on", "The day the testimony was recorded. It orders stories but is never published.", "2024-03-08"
        ),
        "published": _date(
            "On the site since",
            "Optional: the day the story first went on the site, the date its feed entry carries "
            "(make story writes today's date). Without it the feed dates the story on the day of each build.",
            "2024-04-02",
            optional=True,
        ),
        "featured": _boolean("On the home page", "true: the story is shown on the home page."),
        "minor": _boolean(
            "A child's story",
            "true: the speaker is under 18. Identity must be anonymous or pseudonym and consent needs a guardian line.",
        ),
        "consent": {
            "title": "Consent record",
            "description": (
                "Required. When consent was given and ends, where the story may appear, and the reference of the "
                "signed form (the form itself stays offline)."
            ),
            "type": "object",
            "additionalProperties": False,
            "required": ["given", "expires", "scope", "reference"],
            "properties": {
                "given": _date("Consent given on", "The day consent was given.", "2023-05-12"),
                "expires": _date(
                    "Consent ends on",
                    "From this day on the story is not published anywhere. Must be after the day it was given.",
                    "2028-05-12",
                ),
                "scope": {
                    "title": "Where the story may appear",
                    "description": "A list: web is needed to publish at all; social allows share images; print.",
                    "type": "array",
                    "items": {"type": "string", "enum": list(SCOPES), "enumDescriptions": [SCOPE_HELP[s] for s in SCOPES]},
                    "examples": [["web"], ["web", "social"]],
                },
                "reference": _text(
                    "Consent form reference",
                    "The id of the signed consent form kept offline. Never the form itself.",
                    ["CF-2023-0142"],
                    max_len=REFERENCE_MAX,
                    numbers=True,
                ),
                "guardian": _text(
                    "Guardian's form reference",
                    "For a child (minor: true): the id of the parent's or guardian's signed form.",
                    ["GF-2024-0007"],
                    max_len=REFERENCE_MAX,
                    optional=True,
                    numbers=True,
                ),
                "withdrawn": _boolean("Consent withdrawn", "true: the story disappears from every page at the next build."),
            },
            "defaultSnippets": [
                {
                    "label": "consent record",
                    "body": {
                        "given": "${1:YYYY-MM-DD}",
                        "expires": "${2:YYYY-MM-DD}",
                        "scope": ["web"],
                        "reference": "${3:CF-YYYY-NNNN}",
                    },
                }
            ],
        },
    }


def _rules(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The rules between fields that the build enforces and a draft-07 schema can say."""
    safe = list(SAFE_IDENTITIES)
    rules: list[dict[str, Any]] = [
        {
            "$comment": "anonymous: no name line at all; every other identity: a name",
            "if": {"required": ["identity"], "properties": {"identity": {"const": "anonymous"}}},
            "then": {
                "properties": {
                    "name": {"not": {}, "errorMessage": "delete the name line: an anonymous story keeps no name in the file"}
                }
            },
            "else": {"required": ["name"]},
        },
        {
            "$comment": "a child is never named, and a guardian's consent is on file",
            "if": {"required": ["minor"], "properties": {"minor": {"const": True}}},
            "then": {
                "properties": {
                    "identity": {"enum": safe, "errorMessage": "a child is never named: use anonymous or pseudonym"},
                    "consent": {
                        "required": ["guardian"],
                        "properties": {"guardian": {"type": ["string", "number"]}},
                        "errorMessage": "a child's story needs the reference of the guardian's signed form",
                    },
                }
            },
        },
        {
            "$comment": "a photo of an anonymous or pseudonym speaker must show someone else",
            "if": {
                "required": ["identity", "photo"],
                "properties": {"identity": {"enum": safe}, "photo": {"type": "object"}},
            },
            "then": {
                "properties": {
                    "photo": {
                        "required": ["representative"],
                        "properties": {"representative": {"const": True}},
                        "errorMessage": "remove the photo, or use a photo of someone else and set representative: true",
                    }
                }
            },
        },
    ]
    _, at_risk = _country_spellings(catalogue, at_risk_only=True)
    if at_risk:
        rules.insert(
            1,
            {
                "$comment": "people in at-risk countries are never named",
                "if": {
                    "required": ["country"],
                    "properties": {"country": {"type": "string", "pattern": one_of_words(at_risk)}},
                },
                "then": {
                    "properties": {
                        "identity": {
                            "enum": safe,
                            "errorMessage": "people there are at risk if named: use anonymous or pseudonym",
                        }
                    }
                },
            },
        )
    return rules


def story_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a story file for ``catalogue``'s countries and themes.

    Raises :class:`SchemaError` when the build's field lists (stories.py) name a field this
    generator does not describe, or the other way round: a new field needs its help text.
    """
    properties = _properties(catalogue)
    groups = {
        "": (properties, STORY_FIELDS),
        "original.": (properties["original"]["properties"], ORIGINAL_FIELDS),
        "photo.": (properties["photo"]["properties"], PHOTO_FIELDS),
        "consent.": (properties["consent"]["properties"], CONSENT_FIELDS),
    }
    for prefix, (described, fields) in groups.items():
        if list(described) != list(fields):
            raise SchemaError(
                f"the schema describes {[prefix + name for name in described]} "
                f"but the build reads {[prefix + name for name in fields]}: update tools/story_schema.py"
            )
    return {
        "$schema": DRAFT_07,
        "$comment": "Generated by tools/story_schema.py (make schema) from hooks/storysite and data/: do not edit.",
        "title": "A testimony: stories/<name>.yml",
        "description": (
            "One story of the stories site. The build checks every story and has the last word; "
            "see CONTRIBUTING.md and stories/_template.yml."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["identity", "country", "role", "quote", "collected", "consent"],
        "properties": properties,
        "allOf": _rules(catalogue),
    }


def render(schema: dict[str, Any]) -> str:
    """The schema as the committed file: stable key order, two-space indent, final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generate(root: Path) -> str:
    """The schema text for the project at ``root``; raises ContentErrors if data/ is broken."""
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:
        raise ContentErrors(errors)
    return render(story_schema(catalogue))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    parser.add_argument("--check", action="store_true", help="only check that the committed schema is up to date")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        text = generate(root)
    except (ContentErrors, SchemaError) as error:
        sys.stderr.write(f"{error}\n")
        return 1
    target = root / SCHEMA_FILE
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{SCHEMA_FILE} is out of date: run make schema and commit the result\n")
            return 1
        sys.stdout.write(f"{SCHEMA_FILE} is up to date\n")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    sys.stdout.write(f"Wrote {SCHEMA_FILE}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
