"""The contract (storysite.contract) is what both the build and the JSON Schema apply.

The cases are generated from the declarations: for every length limit of every field a
value AT the limit (both accept) and one PAST it (both refuse, naming the field), on the
lower and the upper side; for every pattern the samples it declares at its edges; for
every choice each word (both accept) and a word that is not one (both refuse); for every
catalogue choice each id or spelling of data/. The build's side is ``load_content`` (what
``make build`` runs); the schema's is the committed schema/story.schema.json read as
yaml-language-server reads a story (YAML 1.2). A limit changed in only one of them (the
validator, the generator or the committed file) fails here.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import re
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from PIL import Image

from storysite import contract, model, stories
from storysite.catalogue import load_catalogue
from storysite.content import load_content
from storysite.contract import RULES, SAFE_IDENTITIES, Field, Kind, walk
from storysite.errors import ContentErrors
import yaml12
from tool_scripts import load_tool

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema" / "story.schema.json"
CATALOGUE = load_catalogue(REPO, [])

# A valid story with every field. A case that moves a date moves the consent around it
# (story_with), so that only the field a case changes is judged.
BASE: dict[str, Any] = {
    "identity": "named",
    "name": "Veronica Ayuba",
    "country": CATALOGUE.countries[[c.at_risk for c in CATALOGUE.countries].index(False)].name,
    "role": CATALOGUE.role_ids()[0],
    "quote": "When my husband got money, he would spend it on drink. Now he has changed.",
    "original": {"lang": "ha", "text": "Lokacin da mijina ya samu kudi.", "translator": "Aisha Bello"},
    "story": "First paragraph.\n\nSecond paragraph.",
    "photo": {"file": "photos/speaker.jpg", "alt": "A woman at a market stall", "credit": "Charles Lomodong",
              "representative": False, "focus": [0.5, 0.3]},
    "themes": [CATALOGUE.themes[0].id],
    "collected": "2024-02-14",
    "published": "2024-03-01",
    "updates": [{"date": "2024-09-01", "text": "A year later she runs a savings group of twelve women."}],
    "took_part": 2019,
    "featured": True,
    "minor": False,
    "consent": {"given": "2024-01-01", "expires": "2029-01-01", "scope": ["web", "social"],
                "reference": "CF-2024-0002", "withdrawn": False},
}


def story_with(dotted: str, value: Any) -> dict[str, Any]:
    """BASE with ``dotted`` (``consent.reference``) set to ``value``, and what the rules
    between fields then need: a protected identity gets a stand-in photo, an anonymous
    story loses its name, a first-name story keeps one word."""
    story = copy.deepcopy(BASE)
    *groups, key = dotted.split(".")
    target = story
    for group in groups:
        target = target[group]
        if isinstance(target, list):  # a list of entries: the case changes the first
            target = target[0]
    target[key] = value
    _consent_around(story, dotted, value)
    if story["minor"] is True:
        story["identity"] = "pseudonym" if story["identity"] not in SAFE_IDENTITIES else story["identity"]
        story["consent"]["guardian"] = "GF-2024-0007"
    if story["identity"] in SAFE_IDENTITIES:
        story["photo"]["representative"] = True
    if story["identity"] == "anonymous":
        story.pop("name")
    if story["identity"] == "first-name":
        story["name"] = story["name"].split()[0]
    country = CATALOGUE.find_country(str(story["country"]))
    if country is not None and country.at_risk and story["identity"] not in SAFE_IDENTITIES:
        story["identity"] = "pseudonym"
        story["photo"]["representative"] = True
    return story


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and contract.DATE.matches(value) else None
    except ValueError:
        return None


def _consent_around(story: dict[str, Any], dotted: str, value: Any) -> None:
    """Consent that holds around the date a case tries: given on or before a publication
    date, expiring within the five years the contract allows."""
    consent, day = story["consent"], _day(value)
    if day is None:
        return
    if dotted == "consent.expires":
        consent["given"] = day.replace(year=day.year - 1, day=min(day.day, 28)).isoformat()
    elif dotted == "consent.given":
        consent["expires"] = contract.latest_expiry(day).isoformat()
    elif day < dt.date.fromisoformat(consent["given"]):
        consent["given"], consent["expires"] = day.isoformat(), contract.latest_expiry(day).isoformat()


def as_yaml(story: dict[str, Any]) -> str:
    return yaml.safe_dump(story, sort_keys=False, allow_unicode=True, width=10_000)


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    return Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=Draft7Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the real data/ and one real photo, stories/photos/speaker.jpg."""
    project = tmp_path_factory.mktemp("contract") / "project"
    (project / "stories" / "photos").mkdir(parents=True)
    shutil.copytree(REPO / "data", project / "data")
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(jpeg, "JPEG")
    (project / "stories" / "photos" / "speaker.jpg").write_bytes(jpeg.getvalue())
    return project


def build_fields(root: Path, text: str) -> set[str]:
    """The fields the build names for a story file holding ``text`` (under a neutral name,
    so that only the fields are judged); empty when it is valid."""
    for old in (root / "stories").glob("*.yml"):
        old.unlink()
    data = yaml12.load(text)
    country = CATALOGUE.find_country(str(data.get("country"))) if isinstance(data, dict) else None
    (root / "stories" / f"{country.slug if country else 'story'}-1.yml").write_text(text, encoding="utf-8")
    try:
        load_content(root)
    except ContentErrors as refused:
        return {error.field for error in refused.errors}
    return set()


def schema_fields(validator: Draft7Validator, text: str) -> set[str]:
    """The dotted fields the schema complains about (a required one by its own name)."""
    found: set[str] = set()
    for error in validator.iter_errors(yaml12.load(text)):
        path = ".".join(part for part in error.absolute_path if isinstance(part, str))
        if error.validator == "required":
            missing = error.message.split("'")[1]
            found.add(f"{path}.{missing}" if path else missing)
        else:
            found.add(path or "file")
    return found


def both(root: Path, validator: Draft7Validator, story: dict[str, Any]) -> tuple[set[str], set[str]]:
    text = as_yaml(story)
    return build_fields(root, text), schema_fields(validator, text)


# --- the cases, generated from the declarations ----------------------------------------------------


def limit_cases() -> Iterator[Any]:
    """(field, value, accepted) at and past every length limit, on both sides."""
    for dotted, field in walk():
        if field.kind is not Kind.TEXT:
            continue
        if field.max_len is not None:
            yield pytest.param(dotted, "x" * field.max_len, True, id=f"{dotted}-at-max-{field.max_len}")
            yield pytest.param(dotted, "x" * (field.max_len + 1), False, id=f"{dotted}-past-max-{field.max_len}")
        if field.min_len:
            yield pytest.param(dotted, "x" * field.min_len, True, id=f"{dotted}-at-min-{field.min_len}")
            yield pytest.param(dotted, "x" * (field.min_len - 1), False, id=f"{dotted}-past-min-{field.min_len}")


def pattern_cases() -> Iterator[Any]:
    for dotted, field in walk():
        if field.pattern is None:
            continue
        for sample in field.pattern.accepts:
            yield pytest.param(dotted, sample, True, id=f"{dotted}-accepts-{sample}")
        for sample in field.pattern.refuses:
            yield pytest.param(dotted, sample, False, id=f"{dotted}-refuses-{sample}")


def _catalogue_words(field: Field) -> tuple[list[str], str]:
    """Every word a catalogue choice accepts (each spelling of each country, in two
    cases), and one it refuses."""
    if field.source == "countries":
        spellings = [typed for c in CATALOGUE.countries for typed in (c.name, *c.aliases, c.code)]
        return spellings + [typed.lower() for typed in spellings], "Atlantis"
    if field.source == "roles":
        return list(CATALOGUE.role_ids()), CATALOGUE.role_ids()[0] + "s"
    return [theme.id for theme in CATALOGUE.themes], CATALOGUE.themes[0].id + "s"


def choice_cases() -> Iterator[Any]:
    for dotted, field in walk():
        if field.kind not in (Kind.CHOICE, Kind.WORDS):
            continue
        listed = field.kind is Kind.WORDS
        words, wrong = _catalogue_words(field) if field.source else (list(field.values), field.values[0] + "x")
        for word in words:
            yield pytest.param(dotted, [word] if listed else word, True, id=f"{dotted}-{word}")
        yield pytest.param(dotted, [wrong] if listed else wrong, False, id=f"{dotted}-not-{wrong}")


def boolean_cases() -> Iterator[Any]:
    for dotted, field in walk():
        if field.kind is Kind.BOOLEAN:
            yield pytest.param(dotted, True, True, id=f"{dotted}-true")
            yield pytest.param(dotted, False, True, id=f"{dotted}-false")
            yield pytest.param(dotted, "yes", False, id=f"{dotted}-yes")


def year_cases() -> Iterator[Any]:
    """A year field at its first year and just before it (the build also refuses a year after
    this one, which a schema cannot know)."""
    for dotted, field in walk():
        if field.kind is Kind.YEAR:
            assert field.minimum is not None
            yield pytest.param(dotted, field.minimum, True, id=f"{dotted}-at-min-{field.minimum}")
            yield pytest.param(dotted, field.minimum - 1, False, id=f"{dotted}-past-min-{field.minimum}")
            yield pytest.param(dotted, str(field.minimum - 1), False, id=f"{dotted}-past-min-as-text")


@pytest.mark.parametrize(
    ("dotted", "value", "accepted"),
    [*limit_cases(), *pattern_cases(), *choice_cases(), *boolean_cases(), *year_cases()],
)
def test_build_and_schema_agree_on_the_contract(
    dotted: str, value: Any, accepted: bool, root: Path, validator: Draft7Validator
) -> None:
    by_build, by_schema = both(root, validator, story_with(dotted, value))
    if accepted:
        assert (by_build, by_schema) == (set(), set())
    else:
        assert dotted in by_build, f"the build accepts {dotted}: {value!r}"
        assert dotted in by_schema, f"the schema accepts {dotted}: {value!r}"


def test_the_base_story_is_valid_for_both(root: Path, validator: Draft7Validator) -> None:
    assert both(root, validator, BASE) == (set(), set())


def test_every_limit_of_the_contract_is_probed() -> None:
    # A limit declared on a field of another kind would escape the cases above.
    for dotted, field in walk():
        if field.kind is not Kind.TEXT:
            assert field.min_len is None and field.max_len is None, dotted
    limited = {case.values[0] for case in limit_cases()}
    assert {"name", "quote", "photo.alt", "photo.credit", "original.translator", "consent.reference"} <= limited


# --- the schema holds the contract's fields, and only those -----------------------------------------


def _schema_paths(properties: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for key, described in properties.items():
        yield prefix + key, described
        inner = described.get("properties") or described.get("items", {}).get("properties", {})
        yield from _schema_paths(inner, f"{prefix}{key}.")


def test_schema_describes_exactly_the_contract_fields() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    described = dict(_schema_paths(schema["properties"]))
    assert list(described) == [dotted for dotted, _ in walk()]
    for dotted, field in walk():
        assert described[dotted]["title"] == field.title
        if field.kind is Kind.TEXT:
            assert described[dotted].get("maxLength") == field.max_len, dotted
            assert described[dotted].get("minLength") == (field.min_len or None), dotted


def test_every_rule_with_a_schema_form_is_in_the_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    comments = [rule["$comment"] for rule in schema["allOf"]]
    words = contract.SchemaWords(at_risk_pattern="^x$")
    expected = [form["$comment"] for rule in RULES if rule.schema is not None if (form := rule.schema(words))]
    assert comments == expected


def test_every_rule_has_a_check_or_names_the_function_that_has_it() -> None:
    for rule in RULES:
        assert (rule.check is None) != (not rule.checked_by) or rule.check is not None, rule.name
        assert rule.description, rule.name


def test_model_keeps_the_contract_vocabulary() -> None:
    # model.py should import these from the contract; until it does, they may not drift.
    assert (model.IDENTITIES, model.SCOPES, model.SAFE_IDENTITIES) == (
        contract.IDENTITIES, contract.SCOPES, contract.SAFE_IDENTITIES,
    )


def test_every_field_is_documented_for_editors() -> None:
    for dotted, field in walk():
        assert field.title and field.description, dotted
        if field.kind not in (Kind.GROUP, Kind.ENTRIES) and field.source is None:
            assert field.example, f"{dotted} has no example"


def test_a_hint_keeps_its_file_only_part_for_the_builds_errors() -> None:
    """``hint_in_file`` follows the hint in the build's errors, and only there."""
    field = Field("name", Kind.TEXT, "Name", "The name.", example=["Ada"], max_len=80,
                  hint="the name to show", hint_in_file="for a story without one, delete the line")
    assert field.error_hint() == "the name to show; for a story without one, delete the line"
    assert Field("x", Kind.TEXT, "X", "X.", example=["x"], hint="up to {limits}", max_len=9).error_hint() == "up to up to 9"
    assert Field("x", Kind.TEXT, "X", "X.", example=["x"], hint_in_file="in the file only").error_hint() == "in the file only"


def test_placeholder_reference_is_what_selection_recognises() -> None:
    assert contract.PLACEHOLDER_REFERENCE.search(contract.placeholder_reference(2026))
    assert not contract.PLACEHOLDER_REFERENCE.search("CF-2026-0142")


# --- the editors' documents ---------------------------------------------------------------------------


def test_template_notes_agree_with_the_contract() -> None:
    template = (REPO / "stories" / "_template.yml").read_text(encoding="utf-8")
    assert load_tool("story_schema").template_problems(template, CATALOGUE) == []
    assert contract.placeholder_reference(2026) in template


def test_a_stale_template_note_is_reported() -> None:
    tool = load_tool("story_schema")
    template = (REPO / "stories" / "_template.yml").read_text(encoding="utf-8")
    assert tool.template_problems(template.replace("20 to 600 characters", "20 to 500 characters"), CATALOGUE) == [
        "quote: the template should say '20 to 600 characters'"
    ]
    assert tool.template_problems(template.replace("# named | first-name", "# named | firstname"), CATALOGUE) == [
        "identity: the note should be 'named | first-name | pseudonym | anonymous'"
    ]


@contextlib.contextmanager
def _quote_limited_to(limit: int) -> Iterator[None]:
    """The contract's quote with ``limit`` as its maximum, for the length of a test: the one
    declaration every reader (the build, the schema, the template check) reads."""
    old = contract.QUOTE.max_len
    object.__setattr__(contract.QUOTE, "max_len", limit)  # a frozen declaration, changed for one test
    try:
        yield
    finally:
        object.__setattr__(contract.QUOTE, "max_len", old)


def test_a_limit_changed_in_the_contract_changes_the_validator_the_schema_and_the_editors_documents(root: Path) -> None:
    tool, new_story = load_tool("story_schema"), load_tool("new_story")
    template = (REPO / "stories" / "_template.yml").read_text(encoding="utf-8")
    quote = "x" * 550
    assert build_fields(root, as_yaml(story_with("quote", quote))) == set()
    with _quote_limited_to(500):
        # The validator ...
        assert build_fields(root, as_yaml(story_with("quote", quote))) == {"quote"}
        assert build_fields(root, as_yaml(story_with("quote", "x" * 500))) == set()
        # ... the schema ...
        schema = Draft7Validator(tool.story_schema(CATALOGUE))
        assert schema_fields(schema, as_yaml(story_with("quote", quote))) == {"quote"}
        assert tool.story_schema(CATALOGUE)["properties"]["quote"]["maxLength"] == 500
        # ... the committed schema and CONTRIBUTING are then stale, and so is the template:
        assert tool.render(tool.story_schema(CATALOGUE)) != SCHEMA.read_text(encoding="utf-8")
        assert "20 to 500 characters" in tool.field_table(CATALOGUE)
        assert tool.template_problems(template, CATALOGUE) == ["quote: the template should say '20 to 500 characters'"]
        # ... and make story's instructions.
        assert "20 to 500 characters" in new_story.QUOTE.error_hint()
    assert build_fields(root, as_yaml(story_with("quote", quote))) == set()


@pytest.mark.parametrize("char", contract.PHOTO_PATH_REFUSED)
def test_photo_path_characters_are_refused_by_the_build_and_the_schema_alike(char: str, root: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    pattern = schema["properties"]["photo"]["properties"]["file"]["pattern"]
    typed = f"photos/speaker{char}.jpg"
    assert stories.photo_path_problem(typed, root / "stories") is not None
    assert re.fullmatch(pattern, typed) is None
    assert re.fullmatch(pattern, "photos/speaker.jpg") and stories.photo_path_problem("photos/speaker.jpg", root / "stories") is None


def test_contributing_prints_the_contract() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tool = load_tool("story_schema")
    assert text == tool.with_table(text, tool.field_table(CATALOGUE)), "CONTRIBUTING.md is out of date: run make schema"
    for dotted, field in walk():
        shown = " → ".join(f"`{part}`" for part in dotted.split("."))
        assert shown in text, dotted
        if field.max_len is not None:
            assert f"Up to {field.max_len} characters" in text or field.limits() in text, dotted


def test_contributing_keeps_how_to_type_each_field_in_yaml() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tool = load_tool("story_schema")
    words = CATALOGUE.description_words()
    # Each row of the field table by its field as shown: `consent` → `withdrawn`.
    rows = {line.split(" | ")[0].strip("|* "): line for line in text.splitlines() if line.startswith("| `") or line.startswith("| *`")}
    advised = [dotted for dotted, field in walk() if field.in_file]
    assert {"quote", "story", "updates.text"} <= set(advised)
    for dotted, field in walk():
        row = rows[" → ".join(f"`{part}`" for part in dotted.split("."))]
        if field.in_file:
            assert tool._cell(field.in_file.format(limits=field.limits(), **words)) in row, dotted
        if field.kind is Kind.BOOLEAN:
            assert contract.BLANK_IS_FALSE.strip() in row, dotted
