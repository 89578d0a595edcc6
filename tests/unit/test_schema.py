"""The JSON Schema for editors' tools (schema/story.schema.json) agrees with the build.

The schema is read as yaml-language-server reads a story (YAML 1.2, see tests/yaml12.py)
and checked with jsonschema's draft-07 validator; the build's side is ``load_content``, the
validation ``make build`` runs. Both must accept the sample stories and the template, and
both must refuse each broken story below, naming the same fields. The last group holds the
rules only the build can check: there the schema says nothing and the build refuses.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, ValidationError
from PIL import Image

from storysite.catalogue import load_catalogue
from storysite.content import load_content
from storysite.contract import BLANK_IS_FALSE, STORY, Field, Kind, walk
from storysite.errors import ContentErrors
from tool_scripts import load_tool
import yaml12

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema" / "story.schema.json"

# A valid story using every field; the cases below change one thing in it.
BASE = """\
identity: named
name: Veronica Ayuba
country: Nigeria
role: partner
quote: >-
  When my husband got money, he would spend it on drink. Now he has changed.
original:
  lang: ha
  text: Lokacin da mijina ya samu kudi, yana shan giya.
  translator: Aisha Bello
story: |
  First paragraph.

  Second paragraph.
photo:
  file: photos/speaker.jpg
  alt: A woman stands in front of a market stall
  credit: Charles Lomodong
  representative: false
themes: [household-finances]
collected: 2024-02-14
published: 2024-03-01
featured: true
minor: false
consent:
  given: 2024-02-14
  expires: 2029-02-14
  scope: [web, social]
  reference: CF-2024-0002
  withdrawn: false
"""


def variant(*changes: tuple[str, str]) -> str:
    """BASE with each ``(old, new)`` replaced; ``old`` must occur exactly once."""
    text = BASE
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur once in BASE"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft7Validator:
    # format_checker: yaml-language-server checks "format": "date" too.
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


@pytest.fixture
def build_root(tmp_path: Path) -> Path:
    """A project root with the real data files and one real JPEG, stories/photos/speaker.jpg."""
    root = tmp_path / "project"
    (root / "stories" / "photos").mkdir(parents=True)
    shutil.copytree(REPO / "data", root / "data")
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(jpeg, "JPEG")
    (root / "stories" / "photos" / "speaker.jpg").write_bytes(jpeg.getvalue())
    return root


def neutral_name(text: str) -> str:
    """A file name the build accepts for ``text`` whatever its identity: ``<country>-1``
    for the country it names (nigeria-1 when it names none the data knows)."""
    data = yaml12.load(text) if text.strip() else None
    typed = data.get("country") if isinstance(data, dict) else None
    country = load_catalogue(REPO, []).find_country(typed) if isinstance(typed, str) else None
    return f"{country.slug if country else 'nigeria'}-1"


def build_fields(root: Path, text: str, name: str | None = None) -> set[str]:
    """The fields the build's validation names for a story file holding ``text``; empty when valid.

    The file is ``stories/<name>.yml``, by default a neutral name (see :func:`neutral_name`),
    so that only the fields are judged here; file names have tests of their own."""
    (root / "stories" / f"{name or neutral_name(text)}.yml").write_text(text, encoding="utf-8")
    try:
        load_content(root)
    except ContentErrors as refused:
        return {error.field for error in refused.errors}
    return set()


def _error_fields(error: ValidationError) -> set[str]:
    """The dotted fields one schema error is about, spelled as the build spells them."""
    path = ".".join(part for part in error.absolute_path if isinstance(part, str))
    prefix = f"{path}." if path else ""
    if error.validator == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        assert match, error.message
        return {prefix + match.group(1)}
    if error.validator == "additionalProperties":
        unexpected = error.message[error.message.index("(") :]
        return {prefix + key for key in re.findall(r"'([^']+)'", unexpected)}
    return {path or "file"}


def schema_fields(validator: Draft7Validator, text: str) -> set[str]:
    """The fields the schema complains about, for ``text`` read as YAML 1.2; empty when valid."""
    return {field for error in validator.iter_errors(yaml12.load(text)) for field in _error_fields(error)}


# --- the schema itself ----------------------------------------------------------------------------


def test_schema_is_draft_07_for_yaml_language_server(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


def test_schema_is_up_to_date_with_the_build_and_data() -> None:
    generated = load_tool("story_schema").generate(REPO)
    assert SCHEMA.read_text(encoding="utf-8") == generated, "schema/story.schema.json is out of date: run make schema"


def test_every_field_has_help_for_hover_and_completion(schema: dict[str, Any]) -> None:
    def fields(properties: dict[str, Any], prefix: str = "") -> Any:
        for name, field in properties.items():
            yield prefix + name, field
            yield from fields(field.get("properties", {}), f"{prefix}{name}.")

    for name, field in fields(schema["properties"]):
        assert field.get("title") and field.get("description"), f"{name} has no title or description"
        # Completion offers enum values and examples; for a group, a snippet of its fields.
        offered = field.get("examples") or field.get("enum") or field.get("defaultSnippets")
        assert offered, f"{name} has nothing for completion to offer"


def test_completions_offer_the_build_vocabulary(schema: dict[str, Any]) -> None:
    properties = schema["properties"]
    assert properties["identity"]["enum"] == ["named", "first-name", "pseudonym", "anonymous"]
    assert properties["role"]["enum"] == ["graduate", "partner", "facilitator", "community-leader"]
    assert properties["consent"]["properties"]["scope"]["items"]["enum"] == ["web", "social", "print"]
    assert "early-marriage" in properties["themes"]["items"]["enum"]
    assert properties["country"]["anyOf"][0]["enum"] == [
        "Afghanistan", "Afghan", "DR Congo", "DRC", "Democratic Republic of the Congo", "Congo-Kinshasa",
        "Nigeria", "South Sudan",
    ]


def test_role_choices_come_from_data_roles(tmp_path: Path) -> None:
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "data" / "roles.yml").write_text(
        "volunteer:\n  label: Volunteer\ncaseworker:\n  label: Caseworker\n", encoding="utf-8"
    )
    role = json.loads(load_tool("story_schema").generate(tmp_path))["properties"]["role"]
    assert (role["enum"], role["enumDescriptions"], role["examples"]) == (
        ["volunteer", "caseworker"], ["Volunteer", "Caseworker"], ["volunteer"]
    )
    assert role["description"] == (
        "What the speaker is to the programme. A role from data/roles.yml: volunteer (Volunteer); caseworker (Caseworker)"
    )


def test_generator_refuses_a_contract_field_it_cannot_describe(monkeypatch: pytest.MonkeyPatch) -> None:
    # The schema is made from the contract, so every declared field is described; a
    # choice from a catalogue list the generator does not know is refused, not guessed.
    tool = load_tool("story_schema")
    location = Field("location", Kind.CHOICE, "Location", "A place.", example=None, source="locations")
    monkeypatch.setattr(tool, "STORY", dataclasses.replace(STORY, fields=(*STORY.fields, location)))
    with pytest.raises(tool.SchemaError, match="'locations'"):
        tool.generate(REPO)


def test_generator_check_mode_reports_a_stale_schema(tmp_path: Path) -> None:
    tool = load_tool("story_schema")
    shutil.copytree(REPO / "data", tmp_path / "data")
    assert tool.main(["--root", str(tmp_path), "--check"]) == 1
    assert tool.main(["--root", str(tmp_path)]) == 0
    assert tool.main(["--root", str(tmp_path), "--check"]) == 0


def test_editors_tools_are_pointed_at_the_schema() -> None:
    first_line = (REPO / "stories" / "_template.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/story.schema.json"
    assert (REPO / "stories" / "../schema/story.schema.json").resolve() == SCHEMA
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/story.schema.json": ["/stories/*.yml"]}
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# --- both accept ----------------------------------------------------------------------------------

SAMPLES = sorted(path.name for path in (REPO / "stories").glob("*.yml"))


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_stories_and_the_template_pass_both(name: str, validator: Draft7Validator, build_root: Path) -> None:
    text = (REPO / "stories" / name).read_text(encoding="utf-8")
    assert schema_fields(validator, text) == set()
    # Under its own name (the template's would not be read: files starting with "_" are not stories).
    assert build_fields(build_root, text, None if name.startswith("_") else name.removesuffix(".yml")) == set()


GOOD = {
    "every-field": BASE,
    "country-in-lower-case": variant(("country: Nigeria", "country: nigeria")),
    "country-by-code": variant(("country: Nigeria", "country: NG")),
    "country-by-alias": variant(("country: Nigeria", "country: drc")),
    # YAML 1.1 would read "no" (Norwegian) as false; the build and YAML 1.2 read text.
    "language-no": variant(("lang: ha", "lang: no")),
    "reference-of-digits": variant(("reference: CF-2024-0002", "reference: 20240002")),
    "blank-optional-fields": variant(
        ("featured: true", "featured:"), ("translator: Aisha Bello", "translator:"), ("published: 2024-03-01", "published:"),
    ),
    "no-published-date": variant(("published: 2024-03-01\n", "")),
    "anonymous-with-a-stand-in-photo": variant(
        ("identity: named", "identity: anonymous"), ("name: Veronica Ayuba\n", ""),
        ("representative: false", "representative: true"),
    ),
    "at-risk-pseudonym": variant(
        ("identity: named", "identity: pseudonym"), ("country: Nigeria", "country: Afghanistan"),
        ("representative: false", "representative: true"),
    ),
    "child-pseudonym-with-guardian": variant(
        ("identity: named", "identity: pseudonym"), ("minor: false", "minor: true"),
        ("representative: false", "representative: true"),
        ("  withdrawn: false", "  guardian: GF-2024-0007\n  withdrawn: false"),
    ),
    "no-optional-groups": (
        "identity: first-name\nname: Monday\ncountry: Nigeria\nrole: graduate\n"
        "quote: I had to beg my wife for forgiveness.\ncollected: 2023-11-02\n"
        "consent:\n  given: 2023-11-02\n  expires: 2028-11-02\n  scope: [web]\n  reference: S-4\n"
    ),
}


@pytest.mark.parametrize("text", GOOD.values(), ids=GOOD.keys())
def test_valid_variants_pass_both(text: str, validator: Draft7Validator, build_root: Path) -> None:
    assert schema_fields(validator, text) == set()
    assert build_fields(build_root, text) == set()


# --- both refuse, naming the same field -----------------------------------------------------------

LONG = "x" * 700
BAD: dict[str, tuple[str, str]] = {
    "misspelled-field": (variant(("quote:", "qoute:")), "qoute"),
    "misspelled-nested-field": (variant(("  expires:", "  expiry:")), "consent.expiry"),
    "misspelled-original-field": (variant(("  translator:", "  translater:")), "original.translater"),
    "unknown-identity": (variant(("identity: named", "identity: anonymus")), "identity"),
    "anonymous-with-a-name": (variant(("identity: named", "identity: anonymous")), "name"),
    "named-without-a-name": (variant(("name: Veronica Ayuba\n", "")), "name"),
    "blank-name": (variant(("name: Veronica Ayuba", "name:")), "name"),
    "name-too-long": (variant(("name: Veronica Ayuba", "name: " + "N" * 81)), "name"),
    "unknown-country": (variant(("country: Nigeria", "country: Kenya")), "country"),
    # YAML 1.1 reads NO as false; everywhere else it is text, and not a country here.
    "country-NO": (variant(("country: Nigeria", "country: NO")), "country"),
    "at-risk-country-named": (variant(("country: Nigeria", "country: Afghanistan")), "identity"),
    "at-risk-alias-any-case-named": (variant(("country: Nigeria", "country: afghan")), "identity"),
    "unknown-role": (variant(("role: partner", "role: wife")), "role"),
    "quote-too-short": (
        variant(("quote: >-\n  When my husband got money, he would spend it on drink. Now he has changed.", "quote: Too short.")),
        "quote",
    ),
    "quote-too-long": (
        variant(("  When my husband got money, he would spend it on drink. Now he has changed.", "  " + "w" * 601)),
        "quote",
    ),
    "featured-yes": (variant(("featured: true", "featured: yes")), "featured"),
    "featured-quoted": (variant(("featured: true", 'featured: "true"')), "featured"),
    "withdrawn-no": (variant(("withdrawn: false", "withdrawn: no")), "consent.withdrawn"),
    "date-shape": (variant(("collected: 2024-02-14", "collected: 2024-2-14")), "collected"),
    "date-not-real": (variant(("collected: 2024-02-14", "collected: 2024-02-30")), "collected"),
    "published-shape": (variant(("published: 2024-03-01", "published: 1 March 2024")), "published"),
    "published-not-real": (variant(("published: 2024-03-01", "published: 2024-13-01")), "published"),
    "consent-missing": (BASE[: BASE.index("consent:")], "consent"),
    "expires-missing": (variant(("  expires: 2029-02-14\n", "")), "consent.expires"),
    "unknown-scope": (variant(("[web, social]", "[web, twitter]")), "consent.scope"),
    "scope-not-a-list": (variant(("scope: [web, social]", "scope: web")), "consent.scope"),
    "reference-too-long": (variant(("reference: CF-2024-0002", "reference: " + "R" * 61)), "consent.reference"),
    "unknown-theme": (variant(("[household-finances]", "[household-finance]")), "themes"),
    "themes-not-a-list": (variant(("themes: [household-finances]", "themes: household-finances")), "themes"),
    "photo-without-credit": (variant(("  credit: Charles Lomodong\n", "")), "photo.credit"),
    "photo-outside-photos": (variant(("file: photos/speaker.jpg", "file: ../speaker.jpg")), "photo.file"),
    "photo-not-an-image-name": (variant(("file: photos/speaker.jpg", "file: photos/speaker.gif")), "photo.file"),
    "alt-too-long": (variant(("alt: A woman stands in front of a market stall", "alt: " + LONG)), "photo.alt"),
    "own-photo-of-a-pseudonym": (variant(("identity: named", "identity: pseudonym")), "photo.representative"),
    "child-named": (variant(("minor: false", "minor: true")), "identity"),
    "child-without-guardian": (
        variant(
            ("identity: named", "identity: pseudonym"), ("minor: false", "minor: true"),
            ("representative: false", "representative: true"),
        ),
        "consent.guardian",
    ),
    "language-not-a-tag": (variant(("lang: ha", "lang: Hausa language")), "original.lang"),
    "empty-file": ("", "file"),
    "a-list-not-fields": ("- identity: named\n", "file"),
}


@pytest.mark.parametrize(("text", "field"), BAD.values(), ids=BAD.keys())
def test_broken_stories_are_refused_by_both_at_the_same_fields(
    text: str, field: str, validator: Draft7Validator, build_root: Path
) -> None:
    refused_by_build = build_fields(build_root, text)
    assert field in refused_by_build
    # Every field the build names is underlined in the editor too. The schema may name
    # one more: the build stops a story at its first broken rule between fields.
    assert refused_by_build <= schema_fields(validator, text)


# --- the build has the last word ------------------------------------------------------------------

BUILD_ONLY: dict[str, tuple[str, str]] = {
    # Comparing two dates is beyond draft-07.
    "expires-before-given": (variant(("expires: 2029-02-14", "expires: 2020-01-01")), "consent.expires"),
    # The schema cannot look at the disk.
    "photo-file-missing": (variant(("photos/speaker.jpg", "photos/nobody.jpg")), "photo.file"),
    "alt-repeats-the-file-name": (variant(("alt: A woman stands in front of a market stall", "alt: speaker.jpg")), "photo.alt"),
    # YAML 1.2 reads True as a boolean; the build accepts only the words true and false.
    "boolean-in-capitals": (variant(("featured: true", "featured: True")), "featured"),
}


@pytest.mark.parametrize(("text", "field"), BUILD_ONLY.values(), ids=BUILD_ONLY.keys())
def test_rules_only_the_build_can_check(text: str, field: str, validator: Draft7Validator, build_root: Path) -> None:
    assert schema_fields(validator, text) == set()
    assert field in build_fields(build_root, text)


def test_file_name_is_checked_by_the_build_only(validator: Draft7Validator, build_root: Path) -> None:
    assert schema_fields(validator, BASE) == set()
    assert build_fields(build_root, BASE, name="Veronica Ayuba") == {"file"}


def test_hover_help_keeps_how_to_type_each_field_in_yaml(schema: dict[str, Any]) -> None:
    errors: list = []
    catalogue = load_catalogue(REPO, errors)
    assert not errors
    words = catalogue.description_words()
    advised = 0
    for dotted, field in walk():
        node = schema
        for part in dotted.split("."):
            node = node["properties"][part] if "properties" in node else node["items"]["properties"][part]
        if field.in_file:
            advised += 1
            assert node["description"].endswith(" " + field.in_file.format(limits=field.limits(), **words)), dotted
        if field.kind is Kind.BOOLEAN:
            assert node["description"].endswith(BLANK_IS_FALSE), dotted
    assert advised >= 3
    assert "Use quote: >- and indented lines for long quotes." in schema["properties"]["quote"]["description"]
    assert "Write story: | and" in schema["properties"]["story"]["description"]
