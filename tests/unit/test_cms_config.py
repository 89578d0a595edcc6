"""storysite.cms: the form's configuration is the contract's, field by field.

``disagreements`` reads a generated config.yml back and compares every widget with its
contract field (required, choices, limits, pattern and the hint it refuses with); it is
shown to catch a config that drifted, so the agreement test can fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from storysite import cms
from storysite.catalogue import load_catalogue
from storysite.contract import SAFE_IDENTITIES, STORY, Field, Kind, file_description, form_description, walk
from storysite.model import Catalogue

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 15)
SETTINGS = {"site_url": "https://stories.example.org/", "repo_url": "https://github.com/example-ngo/stories"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    errors: list = []
    loaded = load_catalogue(REPO, errors)
    assert not errors
    return loaded


def generated(catalogue: Catalogue) -> dict[str, Any]:
    """config.yml as Decap reads it: the rendered text, parsed."""
    return yaml.safe_load(cms.render_config(cms.cms_config(catalogue, SETTINGS, TODAY)))


def widgets(fields: list[dict[str, Any]], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Every widget of a collection by its dotted name (consent.reference)."""
    found: dict[str, dict[str, Any]] = {}
    for item in fields:
        dotted = prefix + item["name"]
        found[dotted] = item
        found |= widgets(item.get("fields", []), dotted + ".")
    return found


def _matches(pattern: str, text: str) -> bool:
    # Decap tests new RegExp(pattern).test(value): a search, anchored by the pattern itself.
    return re.search(pattern, text) is not None


def _options(item: dict[str, Any]) -> list[str]:
    return [option["value"] for option in item.get("options", [])]


def disagreements(config: dict[str, Any], catalogue: Catalogue) -> list[str]:
    """Where the config's widgets and the contract differ, one line each ([] when they agree)."""
    problems: list[str] = []
    for collection in config["collections"]:
        identity = collection["filter"]["value"]
        form = next(form for form in cms.FORMS if form.identity == identity)
        found = widgets(collection["fields"])
        contract = dict(walk())
        for dotted in found:
            if dotted not in contract and not dotted.startswith("photo.focus."):
                problems.append(f"{identity}: {dotted}: a widget for no field of the contract")
        for dotted, field in contract.items():
            where = f"{identity}: {dotted}"
            if dotted not in found:
                parent = dotted.rsplit(".", 1)[0]
                left_out = (identity, dotted) in cms.LEFT_OUT_BY_RULE or (identity, parent) in cms.LEFT_OUT_BY_RULE
                if not left_out:
                    problems.append(f"{where}: no widget")
                continue
            in_optional = any(not contract[name].required for name in contract if dotted.startswith(name + "."))
            problems += _field_problems(where, field, found[dotted], form, catalogue, in_optional)
    return problems


def _field_problems(
    where: str, field: Field, item: dict[str, Any], form: cms.Form, catalogue: Catalogue, in_optional: bool,
) -> list[str]:
    problems: list[str] = []
    # Inside an optional group (photo, original) Decap would demand the field even with the
    # group left empty: there the form leaves it to the build, and says so.
    required = (field.required or field.required_by_rule) and not in_optional
    if in_optional and field.required:
        if "Needed when this part is filled in." not in item["hint"] or cms.NEEDED not in item:
            problems.append(f"{where}: neither says nor checks that it is needed with its group")
    if field.kind is Kind.GROUP and item["widget"] != ("object" if field.required else cms.GROUP_WIDGET):
        problems.append(f"{where}: an {'' if field.required else 'optional '}group shown as {item['widget']}")
    if item["required"] is not required:
        problems.append(f"{where}: required is {item['required']}, the contract says {required}")
    if item["label"] != field.title:
        problems.append(f"{where}: label {item['label']!r}, the contract's title is {field.title!r}")
    if field.key == "identity":
        if item["widget"] != "hidden" or item["default"] != form.identity or form.identity not in field.values:
            problems.append(f"{where}: not the form's own identity")
    elif field.source == "countries":
        offered = [c.name for c in catalogue.countries if form.at_risk_countries or not c.at_risk]
        if _options(item) != offered:
            problems.append(f"{where}: offers {_options(item)}, not {offered}")
    elif field.source == "roles":
        if _options(item) != list(catalogue.role_ids()):
            problems.append(f"{where}: offers {_options(item)}, not the roles of data/roles.yml")
    elif field.source == "themes":
        if _options(item) != [theme.id for theme in catalogue.themes] or not item.get("multiple"):
            problems.append(f"{where}: not a multiple choice of the themes of data/themes.yml")
    elif field.choices:
        if _options(item) != list(field.values) or item.get("multiple", False) is not (field.kind is Kind.WORDS):
            problems.append(f"{where}: offers {_options(item)}, not {list(field.values)}")
    if field.kind.value == cms.YEAR_KIND and (item["min"], item["max"]) != (field.minimum, TODAY.year):
        problems.append(f"{where}: years from {item['min']} to {item['max']}, not {field.minimum} to this year")
    pattern, message = item.get("pattern", [None, None])
    has_rule = field.pattern is not None or field.min_len is not None or field.max_len is not None
    if has_rule and pattern is None:
        problems.append(f"{where}: the contract limits the value; the widget checks nothing")
    if pattern is not None:
        if field.hint and field.hint.split("{")[0] not in message:
            problems.append(f"{where}: refuses with {message!r}, not the field's hint")
        samples = []
        if field.pattern is not None:
            samples += [(text, True) for text in field.pattern.accepts] + [(text, False) for text in field.pattern.refuses]
        if field.max_len is not None and field.pattern is None:
            samples += [("x" * field.max_len, True), ("x" * (field.max_len + 1), False)]
        if field.min_len:
            samples += [("x" * field.min_len, True), ("x" * (field.min_len - 1), False)]
            samples += [("a\n" * (field.min_len // 2), True)]  # over several lines
        for text, accepted in samples:
            if _matches(pattern, text) is not accepted:
                problems.append(f"{where}: {'refuses' if accepted else 'accepts'} {text[:30]!r} (of length {len(text)})")
    return problems


def test_every_field_of_the_contract_has_its_widget_with_the_same_rules(catalogue: Catalogue) -> None:
    assert disagreements(generated(catalogue), catalogue) == []


def test_a_filled_in_photo_needs_its_file_description_and_credit(catalogue: Catalogue) -> None:
    photo = widgets(generated(catalogue)["collections"][3]["fields"])["photo"]
    assert photo["widget"] == "storysite-group"
    needed = {item["name"]: item.get(cms.NEEDED) for item in photo["fields"]}
    assert needed == {
        # The build's hint is all a file's (a path in stories/photos/): the picker is refused
        # with what the field is.
        "file": "a JPEG, PNG or WebP photo",
        "alt": "describe what the photo shows, for people who cannot see it (up to 250 characters)",
        "credit": "every photo needs a credit: the photographer's name (up to 120 characters)",
        "representative": None, "focus": None,
    }


@pytest.mark.parametrize("drift", ["limit", "pattern", "required", "choice", "country", "missing", "needed"])
def test_a_config_that_drifted_from_the_contract_is_caught(catalogue: Catalogue, drift: str) -> None:
    config = generated(catalogue)
    named = widgets(config["collections"][0]["fields"])
    if drift == "limit":
        named["quote"]["pattern"][0] = "^[\\s\\S]{20,500}$"
    elif drift == "pattern":
        named["original.lang"]["pattern"][0] = "^[a-z]{2}$"
    elif drift == "required":
        named["consent.reference"]["required"] = False
    elif drift == "choice":
        named["consent.scope"]["options"].pop()
    elif drift == "country":
        named["country"]["options"].append({"label": "Afghanistan", "value": "Afghanistan"})
    elif drift == "needed":
        del named["photo.alt"][cms.NEEDED]
    else:
        config["collections"][0]["fields"] = [f for f in config["collections"][0]["fields"] if f["name"] != "collected"]
    assert disagreements(config, catalogue)


def test_a_changed_limit_in_the_contract_changes_the_form(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    quote = STORY.field("quote")
    shorter = dataclasses.replace(quote, max_len=500)
    story = dataclasses.replace(STORY, fields=tuple(shorter if f is quote else f for f in STORY.fields))
    monkeypatch.setattr(cms, "STORY", story)
    item = widgets(generated(catalogue)["collections"][0]["fields"])["quote"]
    assert item["pattern"] == ["^[\\s\\S]{20,500}$", "the words in quotation marks, 20 to 500 characters"]


def test_at_risk_countries_are_offered_only_where_nobody_is_named(catalogue: Catalogue) -> None:
    at_risk = [c.name for c in catalogue.countries if c.at_risk]
    assert at_risk
    for collection in generated(catalogue)["collections"]:
        country = widgets(collection["fields"])["country"]
        protected = collection["filter"]["value"] in SAFE_IDENTITIES
        assert all((name in _options(country)) is protected for name in at_risk), collection["name"]
        if not protected:
            assert country["hint"].endswith("Add the story under Pseudonym stories or Anonymous stories.")


def test_children_only_in_the_forms_that_name_nobody(catalogue: Catalogue) -> None:
    for collection in generated(catalogue)["collections"]:
        found = widgets(collection["fields"])
        protected = collection["filter"]["value"] in SAFE_IDENTITIES
        assert ("minor" in found) is protected
        assert ("name" in found) is (collection["filter"]["value"] != "anonymous")
        if protected:
            # The rules in the form's words, by the labels the form shows.
            assert found["photo.representative"]["hint"].endswith(
                "In a pseudonym or anonymous story a photo must show someone else: switch “Someone else in the photo” on."
            )
            assert found["consent.guardian"]["hint"].endswith("A child's story: the guardian's form reference is needed.")
        else:
            assert found["photo.representative"]["hint"] == (
                "On: the photo shows someone else, standing in for the speaker's safety."
            )


def test_a_first_name_is_one_word(catalogue: Catalogue) -> None:
    first = widgets(generated(catalogue)["collections"][1]["fields"])["name"]
    assert _matches(first["pattern"][0], "Monday") and not _matches(first["pattern"][0], "Monday Ajayi")
    named = widgets(generated(catalogue)["collections"][0]["fields"])["name"]
    assert _matches(named["pattern"][0], "Veronica Ayuba")


def test_the_name_is_refused_in_the_forms_words(catalogue: Catalogue) -> None:
    """The first-name form refuses two words by saying one word; no form with a name field
    speaks of anonymous stories, which have a form of their own and no name."""
    refusals = {
        collection["filter"]["value"]: widgets(collection["fields"])["name"]["pattern"][1]
        for collection in generated(catalogue)["collections"] if collection["filter"]["value"] != "anonymous"
    }
    assert refusals == {
        "named": "the name to show (up to 80 characters)",
        "first-name": "the name to show (up to 80 characters); only the first name, one word",
        "pseudonym": "the name to show (up to 80 characters)",
    }
    first_hint = widgets(generated(catalogue)["collections"][1]["fields"])["name"]["hint"]
    assert first_hint.endswith(" Only the first name, one word.")


def test_a_refusal_ends_without_a_full_stop_as_decap_adds_its_own(catalogue: Catalogue) -> None:
    # Decap shows "<label> didn't match the pattern: <refusal>." (and our group widget
    # "<label> is needed with the rest of this part: <storysite_needed>.").
    for collection in generated(catalogue)["collections"]:
        said = _form_words(collection["fields"])
        refusals = {where: text for where, text in said.items() if not where.endswith(" hint")}
        assert refusals and [where for where, text in refusals.items() if text.endswith(".")] == [], collection["name"]


def test_file_names_named_after_the_name_or_neutral(catalogue: Catalogue) -> None:
    for collection in generated(catalogue)["collections"]:
        # Said in the form's words: the form makes the file name, nobody types <country>-<role>.
        assert collection["description"].endswith(
            "after the name in named and first-name stories; in pseudonym and anonymous stories after the "
            "country and the role only, never a name, place or date."
        ), collection["name"]
    slugs = {c["filter"]["value"]: c["slug"] for c in generated(catalogue)["collections"]}
    assert slugs == {
        "named": "{{fields.name}}", "first-name": "{{fields.name}}",
        "pseudonym": "{{fields.country}}-{{fields.role}}", "anonymous": "{{fields.country}}-{{fields.role}}",
    }


def test_saving_is_a_pull_request_on_github_and_local_only_on_this_machine(catalogue: Catalogue) -> None:
    config = generated(catalogue)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] | {"commit_messages": None} == {
        "name": "github", "repo": "example-ngo/stories", "branch": "main", "open_authoring": True, "commit_messages": None,
    }
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert config["media_folder"] == "stories/photos" and config["public_folder"] == "photos"


@pytest.mark.parametrize(("settings", "repo", "auth"), [
    ({}, None, None),
    ({"repo_url": "https://github.com/a/b.git"}, "a/b", None),
    ({"repo_url": "https://gitlab.com/a/b"}, None, None),
    ({"repo_url": "https://github.com/a/b", "extra": {"cms": {"auth_url": "https://auth.example.org"}}}, "a/b", "https://auth.example.org"),
    ({"extra": {"cms": {"auth_url": "http://auth.example.org"}}}, None, None),
])
def test_backend_from_settings(settings: dict, repo: str | None, auth: str | None) -> None:
    backend = cms.Backend.from_settings(settings)
    assert (backend.repo, backend.auth_url, backend.branch) == (repo, auth, "main")


def test_the_policy_of_admin_allows_no_inline_script_and_no_other_site_but_githubs() -> None:
    policy = dict(part.split(" ", 1) for part in cms.admin_policy(SETTINGS).split("; "))
    assert policy["script-src"] == "'self' 'unsafe-eval'"
    assert policy["connect-src"].split() == ["'self'", "blob:", "https://api.github.com", "http://127.0.0.1:8081"]
    assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"


def test_a_kind_the_form_cannot_show_stops_with_its_name(catalogue: Catalogue) -> None:
    odd = dataclasses.replace(STORY.field("quote"), kind=Kind.GROUP, fields=())
    odd = dataclasses.replace(odd, kind=type("K", (), {"value": "colour"})())  # type: ignore[arg-type]
    with pytest.raises(cms.CmsConfigError, match="kind 'colour'"):
        cms.widget(odd, cms.FORMS[0], catalogue, TODAY)


def _fake_dist(root: Path) -> Path:
    dist = root / cms.DIST
    dist.mkdir(parents=True)
    for name in ("decap-cms.js", "decap-cms.js.LICENSE.txt", "103.decap-cms.js", "103.decap-cms.js.map", "cms.js", "a.wasm"):
        (dist / name).write_text(name, encoding="utf-8")
    (root / cms.WIDGETS).write_text("widgets", encoding="utf-8")
    (root / cms.STYLES).write_text("styles", encoding="utf-8")
    return dist


def test_publish_writes_admin_with_decaps_files_but_no_source_maps(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in ("countries", "themes", "roles"):
        (root / "data").mkdir(parents=True, exist_ok=True)
        (root / "data" / f"{name}.yml").write_bytes((REPO / "data" / f"{name}.yml").read_bytes())
    _fake_dist(root)
    site = tmp_path / "site"
    log = cms.publish_admin(root, site, SETTINGS, TODAY, lambda template, data: f"{template} {data['scripts']}")
    assert log == []
    assert sorted(p.name for p in (site / "admin").iterdir()) == [
        "103.decap-cms.js", "a.wasm", "config.yml", "decap-cms.js", "decap-cms.js.LICENSE.txt", "index.html",
        "storysite-admin.css", "storysite-widgets.js",
    ]
    assert (site / "admin" / "index.html").read_text(encoding="utf-8") == (
        "storysite/admin/index.html ['decap-cms.js', 'storysite-widgets.js']"
    )


def test_publish_without_decap_writes_nothing_and_says_so(tmp_path: Path) -> None:
    log = cms.publish_admin(tmp_path, tmp_path / "site", SETTINGS, TODAY, lambda template, data: "")
    assert log == [(logging.INFO, "The editors' form (/admin/) is left out: Decap CMS is not installed in cms/node_modules/ (make cms installs it)")]
    assert not (tmp_path / "site").exists()


# What only a YAML file needs: its block styles, its lines, its brackets, its refused words,
# its keys written as in a file (the form labels fields by their titles).
# (">- " with its space: a neutral file name's "<country>-<role>" is no block style.)
YAML_ADVICE = (
    ": |", ": >", ">- ", "indented lines", "delete the line", "delete the name line", "as a list: [",
    "yes, no, on and off", "minor: true", "representative: true", "identity anonymous", "identity first-name",
    "identity: ", "[x, y]", "at_risk",
    # The project's folders: the form offers data/'s lists as choices and uploads the photo
    # with its own picker; an editor in the form has neither folder.
    "data/", "stories/photos/",
    # Each form is one identity, named in its title: its name field is simply required.
    "Required unless",
)


def _hints(fields: list[dict[str, Any]], prefix: str = "") -> dict[str, str]:
    """Every hint of ``fields`` by dotted name, nested groups, entries and a list's item too."""
    found: dict[str, str] = {}
    for item in fields:
        dotted = prefix + item["name"]
        if "hint" in item:
            found[dotted] = item["hint"]
        inner = item.get("fields", []) + ([item["field"]] if "field" in item else [])
        found |= _hints(inner, dotted + ".")
    return found


def _form_words(fields: list[dict[str, Any]], prefix: str = "") -> dict[str, str]:
    """Everything the form says of each field, by dotted name and what it is: its hint, the
    message it refuses a typed value with (``pattern[1]``) and the one it refuses an empty
    field of a filled-in group with (``storysite_needed``); nested fields too."""
    found: dict[str, str] = {}
    for item in fields:
        dotted = prefix + item["name"]
        said = {"hint": item.get("hint"), "pattern[1]": item.get("pattern", [None, None])[1], cms.NEEDED: item.get(cms.NEEDED)}
        found |= {f"{dotted} {what}": text for what, text in said.items() if text is not None}
        inner = item.get("fields", []) + ([item["field"]] if "field" in item else [])
        found |= _form_words(inner, dotted + ".")
    return found


def test_no_hint_of_the_form_tells_editors_how_to_type_yaml(catalogue: Catalogue) -> None:
    config = generated(catalogue)
    words = catalogue.description_words()
    advice = [field.in_file.format(limits=field.limits(), **words) for _, field in walk() if field.in_file]
    assert advice, "the contract declares no YAML advice: this test would check nothing"
    # A field named by its file key (consent.guardian), where the form shows its title.
    dotted_keys = [dotted for dotted, _ in walk() if "." in dotted]
    problems = []
    for collection in config["collections"]:
        said = _form_words(collection["fields"]) | {"(collection)": collection["description"]}
        assert "updates.text hint" in said and "photo.focus hint" in said, "nested hints are read too"
        assert "name pattern[1]" in said or collection["name"] == "anonymous", "refusals are read too"
        assert f"photo.alt {cms.NEEDED}" in said, "what a filled-in group needs is read too"
        for where, text in said.items():
            problems += [f"{collection['name']}: {where}: {marker!r}" for marker in YAML_ADVICE if marker in text]
            problems += [f"{collection['name']}: {where}: says {advice_!r}" for advice_ in advice if advice_ in text]
            problems += [f"{collection['name']}: {where}: names {key}" for key in dotted_keys if key in text]
            # A switch is on or off in the form: "true" is the word of a file.
            if text.startswith("true:"):
                problems.append(f"{collection['name']}: {where}: starts with 'true:'")
    assert problems == []


def test_every_switch_says_what_on_means(catalogue: Catalogue) -> None:
    """One way for every boolean: the file's "true: ..." is "On: ..." beside the form's switch."""
    booleans = [dotted for dotted, field in walk() if field.kind is Kind.BOOLEAN]
    assert {"featured", "minor", "photo.representative", "consent.withdrawn"} <= set(booleans)
    for collection in generated(catalogue)["collections"]:
        found = widgets(collection["fields"])
        shown = [dotted for dotted in booleans if dotted in found]
        assert shown and all(found[dotted]["widget"] == "boolean" for dotted in shown)
        assert [dotted for dotted in shown if not found[dotted]["hint"].startswith("On: ")] == [], collection["name"]
    # Every boolean is written the one way the form turns into "On: ", and the file keeps "true: ".
    assert [dotted for dotted, field in walk() if field.kind is Kind.BOOLEAN and not field.description.startswith("true: ")] == []
    switch = Field("shown", Kind.BOOLEAN, "Shown", "true: the thing is shown.", example=[True])
    assert form_description(switch) == "On: the thing is shown."
    assert file_description(switch).startswith("true: the thing is shown. Only true or false")
    # Only a leading "true: ": the words inside a sentence are the author's.
    assert form_description(dataclasses.replace(switch, description="Shown when true: yes.")) == "Shown when true: yes."


def test_the_country_role_and_themes_are_said_without_their_data_files(catalogue: Catalogue) -> None:
    """The form offers data/'s lists as choices: it says what the field is, never where the list is kept."""
    anonymous = widgets(generated(catalogue)["collections"][3]["fields"])
    assert anonymous["country"]["hint"] == "A country of the programme."
    assert anonymous["role"]["hint"] == "What the speaker is to the programme."
    assert anonymous["themes"]["hint"] == "Optional: what the story is about."
    # The file keeps them (schema, CONTRIBUTING): moved to in_file, not lost.
    assert "data/countries.yml" in STORY.field("country").in_file
    assert "data/roles.yml" in STORY.field("role").in_file
    assert "data/themes.yml" in STORY.field("themes").in_file


def test_a_name_is_simply_required_in_each_form_that_has_one(catalogue: Catalogue) -> None:
    for collection in generated(catalogue)["collections"]:
        name = widgets(collection["fields"]).get("name")
        if collection["filter"]["value"] == "anonymous":
            assert name is None
            continue
        assert name["required"] is True
        assert name["hint"].startswith("The name as the page shows it. For a pseudonym, the changed name.")
    assert STORY.field("name").in_file.startswith("Required unless identity is anonymous.")


def test_a_hint_all_of_a_file_is_refused_in_the_forms_words(catalogue: Catalogue) -> None:
    """With only ``hint_in_file``, the form refuses with the field's form description as a clause."""
    words = catalogue.description_words()
    field = Field("file", Kind.TEXT, "File", "A small file.", example=["x"], in_file="Write files/<name>.",
                  hint_in_file="a file in files/, e.g. files/a.txt")
    assert cms.refusal(field, words) == "a small file"
    assert field.error_hint() == "a file in files/, e.g. files/a.txt"


def test_the_form_still_says_what_a_blank_line_and_a_date_mean(catalogue: Catalogue) -> None:
    for collection in generated(catalogue)["collections"]:
        hints = _hints(collection["fields"])
        assert hints["story"] == "Optional: the longer story, plain text. A blank line starts a new paragraph."
        assert hints["quote"].endswith("Nothing is read as Markdown or HTML.")
        assert hints["consent.given"] == "The day consent was given. Written YYYY-MM-DD."
        assert hints["featured"] == "On: the story is shown on the home page."
        assert "identity" not in hints  # a hidden field: Decap shows no hint of it
