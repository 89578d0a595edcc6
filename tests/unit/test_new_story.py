"""The new-story command (tools/new_story.py, ``make story``) writes files that build."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from storysite.content import load_content
from storysite.errors import ContentErrors
from tool_scripts import load_tool
import yaml12

REPO = Path(__file__).resolve().parents[2]
ON = dt.date(2026, 11, 28)
new_story = load_tool("new_story")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project root with the real data files and template, and no stories."""
    (tmp_path / "stories" / "photos").mkdir(parents=True)
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copy(REPO / "stories" / "_template.yml", tmp_path / "stories" / "_template.yml")
    return tmp_path


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema: dict[str, Any] = json.loads((REPO / "schema" / "story.schema.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def stories(root: Path) -> list[str]:
    return sorted(path.name for path in (root / "stories").glob("*.yml") if not path.name.startswith("_"))


@pytest.mark.parametrize(
    ("country", "identity", "file_name"),
    [
        ("Afghanistan", "anonymous", "afghanistan-graduate-1.yml"),
        ("afghan", "anonymous", "afghanistan-graduate-1.yml"),
        ("DRC", "first-name", "dr-congo-graduate-1.yml"),
        ("NG", "first-name", "nigeria-graduate-1.yml"),
        ("South Sudan", "named", "south-sudan-graduate-1.yml"),
    ],
)
def test_a_new_story_has_the_country_default_identity_and_today(
    root: Path, validator: Draft7Validator, country: str, identity: str, file_name: str
) -> None:
    made = new_story.new_story(root, country, on=ON)
    assert made.path == root / "stories" / file_name
    text = made.path.read_text(encoding="utf-8")
    data = yaml12.load(text)
    assert data["identity"] == identity
    assert ("name" in data) is (identity != "anonymous")
    assert data["collected"] == data["consent"]["given"] == data["published"] == "2026-11-28"
    assert data["consent"]["expires"] == "2031-11-28"
    assert text.startswith("# yaml-language-server: $schema=../schema/story.schema.json\n# A new story, started with")
    # It builds, and the editors' tools accept it too.
    [story] = load_content(root).stories
    assert (story.identity, story.collected, story.published) == (identity, ON, ON)
    assert list(validator.iter_errors(data)) == []


def test_a_named_story_is_filed_under_the_name_and_keeps_it_exactly(root: Path) -> None:
    made = new_story.new_story(root, "Nigeria", name="Veronica Ayuba", identity="named", on=ON)
    assert made.path.name == "veronica-ayuba.yml"
    assert made.story.name == "Veronica Ayuba"
    assert "name" not in made.placeholders


@pytest.mark.parametrize("name", ["No", "Yes: maybe", "#1 Fan", "Ngozi 'Ada' O.", "Jean \"Jo\" Mbala", "null", "2024-03-08"])
def test_names_that_mean_something_in_yaml_stay_text(root: Path, name: str) -> None:
    made = new_story.new_story(root, "Nigeria", name=name, identity="named", file_name="speaker", on=ON)
    assert made.story.name == name
    assert yaml12.load(made.path.read_text(encoding="utf-8"))["name"] == name


def test_neutral_file_names_do_not_collide(root: Path) -> None:
    first = new_story.new_story(root, "Afghanistan", on=ON)
    second = new_story.new_story(root, "Afghanistan", on=ON)
    partner = new_story.new_story(root, "Afghanistan", role="partner", on=ON)
    assert [made.path.name for made in (first, second, partner)] == [
        "afghanistan-graduate-1.yml", "afghanistan-graduate-2.yml", "afghanistan-partner-1.yml",
    ]
    # The first free number, whatever the other files are called.
    first.path.unlink()
    assert new_story.new_story(root, "Afghanistan", on=ON).path.name == "afghanistan-graduate-1.yml"


@pytest.mark.parametrize(
    ("kwargs", "file_name"),
    [
        ({"country_typed": "Nigeria", "identity": "pseudonym", "name": "Amina Bello"}, "nigeria-graduate-1.yml"),
        ({"country_typed": "Afghanistan", "identity": "pseudonym", "name": "Amina Kabul"}, "afghanistan-graduate-1.yml"),
        ({"country_typed": "Nigeria", "identity": "anonymous"}, "nigeria-graduate-1.yml"),
        ({"country_typed": "Nigeria", "identity": "first-name", "name": "Monday Okafor"}, "monday.yml"),
        # A first name that gives no address word (Arabic script) gets a neutral name.
        ({"country_typed": "Nigeria", "identity": "first-name", "name": "محمد"}, "nigeria-graduate-1.yml"),
        ({"country_typed": "Nigeria", "identity": "named", "name": "Index"}, "nigeria-graduate-1.yml"),
        ({"country_typed": "Nigeria", "identity": "named", "name": "محمد علي"}, "nigeria-graduate-1.yml"),
        # Every Latin letter is spelt out, none is dropped (python-slugify).
        ({"country_typed": "Nigeria", "identity": "named", "name": "Łukasz Ødegård"}, "lukasz-odegard.yml"),
        ({"country_typed": "Nigeria", "name": "Łukasz Ødegård"}, "lukasz.yml"),  # Nigeria: first-name
        ({"country_typed": "South Sudan", "name": "Jürgen Straße"}, "jurgen-strasse.yml"),  # South Sudan: named
        ({"country_typed": "DRC", "name": "Zoë"}, "zoe.yml"),
    ],
)
def test_words_typed_reach_the_file_name_only_where_the_page_shows_them(
    root: Path, kwargs: dict[str, Any], file_name: str
) -> None:
    country = kwargs.pop("country_typed")
    made = new_story.new_story(root, country, on=ON, **kwargs)
    assert made.path.name == file_name
    assert load_content(root).stories  # and the build accepts it


def test_a_second_first_name_gets_a_number(root: Path) -> None:
    names = [new_story.new_story(root, "Nigeria", name="Monday", on=ON).path.name for _ in range(2)]
    assert names == ["monday.yml", "monday-2.yml"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"country_typed": "Afghanistan", "file_name": "amina-kabul"},
            "stories/amina-kabul.yml:1: file: name is not neutral, and it is the page's address: people in Afghanistan"
            " are at risk if named (rename it to afghanistan-graduate-1.yml: <country>-<role>-<number>, with no name,"
            " place or date)",
        ),
        (
            {"country_typed": "Nigeria", "identity": "pseudonym", "name": "Ada", "file_name": "nigeria-graduate-2024-03"},
            "stories/nigeria-graduate-2024-03.yml:1: file: name is not neutral, and it is the page's address: the story"
            " uses a pseudonym (rename it to nigeria-graduate-1.yml: <country>-<role>-<number>, with no name, place or"
            " date)",
        ),
        (
            {"country_typed": "Nigeria", "name": "Monday Okafor", "file_name": "monday-okafor"},
            "stories/monday-okafor.yml:1: file: name holds more than the first name 'Monday', and it is the page's"
            " address (rename it to monday.yml: the first name, optionally followed by -<number>)",
        ),
        (
            {"country_typed": "Nigeria", "file_name": "monday-okafor"},
            "stories/monday-okafor.yml: a first-name story's file name is the first name: give it too (PERSON=...),"
            " or leave SLUG out for a neutral name",
        ),
        (
            {"country_typed": "Afghanistan", "file_name": "Amina Kabul"},
            "stories/Amina Kabul.yml:1: file: name is not a valid address (use lowercase letters, digits and hyphens,"
            " e.g. afghanistan-graduate-1.yml)",
        ),
    ],
)
def test_a_file_name_that_could_identify_is_refused_in_the_builds_words(
    root: Path, kwargs: dict[str, Any], message: str
) -> None:
    country = kwargs.pop("country_typed")
    with pytest.raises(new_story.NewStoryError) as refused:
        new_story.new_story(root, country, on=ON, **kwargs)
    assert str(refused.value) == message
    assert stories(root) == []


def test_the_build_refuses_a_misnamed_file_with_the_same_words(root: Path) -> None:
    with pytest.raises(new_story.NewStoryError) as refused:
        new_story.new_story(root, "Afghanistan", file_name="amina-kabul", on=ON)
    made = new_story.new_story(root, "Afghanistan", on=ON)
    made.path.rename(root / "stories" / "amina-kabul.yml")
    with pytest.raises(ContentErrors) as built:
        load_content(root)
    # The build proposes the name that is free now, as the command did then.
    assert [str(error) for error in built.value.errors] == [str(refused.value)]


@pytest.mark.parametrize(
    ("kwargs", "file_name"),
    [
        ({"country_typed": "Afghanistan", "file_name": "afghanistan-partner-3"}, "afghanistan-partner-3.yml"),
        ({"country_typed": "Afghanistan", "file_name": "afghanistan-7"}, "afghanistan-7.yml"),
        ({"country_typed": "Nigeria", "name": "Monday", "file_name": "monday-4"}, "monday-4.yml"),
        ({"country_typed": "Nigeria", "file_name": "nigeria-2"}, "nigeria-2.yml"),
        ({"country_typed": "South Sudan", "name": "Obadia Lowiya Steven", "file_name": "obadia"}, "obadia.yml"),
    ],
)
def test_a_neutral_or_shown_file_name_can_be_given(root: Path, kwargs: dict[str, Any], file_name: str) -> None:
    country = kwargs.pop("country_typed")
    assert new_story.new_story(root, country, on=ON, **kwargs).path.name == file_name


def test_placeholders_are_known_so_they_cannot_slip_through(root: Path) -> None:
    made = new_story.new_story(root, "South Sudan", on=ON)
    assert made.placeholders == ("name", "quote", "consent.reference")
    assert made.story.name == "First Last"
    assert made.story.consent.reference == "CF-2026-0000"


def test_role_and_themes_can_be_given(root: Path) -> None:
    made = new_story.new_story(root, "Nigeria", role="partner", themes=("household-finances", "early-marriage"), on=ON)
    assert made.story.role.id == "partner"
    assert [theme.id for theme in made.story.themes] == ["household-finances", "early-marriage"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"country_typed": "Kenya"},
            "'Kenya' is not in data/countries.yml: use one of Afghanistan, DR Congo, Nigeria, South Sudan",
        ),
        (
            {"country_typed": "Afghanistan", "identity": "named"},
            "people in Afghanistan are at risk if named: use identity anonymous or pseudonym",
        ),
        ({"country_typed": "Nigeria", "identity": "anonymous", "name": "Ada"}, "an anonymous story keeps no name in the file"),
        ({"country_typed": "Nigeria", "identity": "famous"}, "'famous' is not an identity"),
        ({"country_typed": "Nigeria", "role": "wife"}, "'wife' is not a role"),
        ({"country_typed": "Nigeria", "themes": ("money",)}, "'money' is not in data/themes.yml"),
        (
            {"country_typed": "Nigeria", "identity": "named", "file_name": "Ada Obi"},
            "stories/Ada Obi.yml:1: file: name is not a valid address (use lowercase letters, digits and hyphens, e.g. ada-obi.yml)",
        ),
        ({"country_typed": "Nigeria", "name": "N" * 81}, "the new story would not build, so it was not kept:\n  stories/"),
    ],
)
def test_a_request_that_breaks_a_rule_writes_nothing(root: Path, kwargs: dict[str, Any], message: str) -> None:
    country = kwargs.pop("country_typed")
    with pytest.raises(new_story.NewStoryError) as refused:
        new_story.new_story(root, country, on=ON, **kwargs)
    assert str(refused.value).startswith(message)
    assert stories(root) == []


def test_an_existing_story_is_never_overwritten(root: Path) -> None:
    (root / "stories" / "monday.yml").write_text("identity: named\n", encoding="utf-8")
    with pytest.raises(new_story.NewStoryError, match="stories/monday.yml already exists"):
        new_story.new_story(root, "Nigeria", file_name="monday", on=ON)
    assert (root / "stories" / "monday.yml").read_text(encoding="utf-8") == "identity: named\n"


def test_a_changed_template_is_noticed_instead_of_writing_a_wrong_file(root: Path) -> None:
    template = root / "stories" / "_template.yml"
    template.write_text(template.read_text(encoding="utf-8").replace("collected:", "recorded:"), encoding="utf-8")
    with pytest.raises(new_story.NewStoryError, match="must have each of these fields once: collected"):
        new_story.new_story(root, "Nigeria", on=ON)
    assert stories(root) == []


def test_consent_ends_as_late_as_the_contract_allows_even_from_a_leap_day(root: Path) -> None:
    made = new_story.new_story(root, "Nigeria", name="Ada", on=dt.date(2024, 2, 29))
    assert (made.story.consent.given, made.story.consent.expires) == (dt.date(2024, 2, 29), dt.date(2029, 2, 28))


# --- the command ----------------------------------------------------------------------------------


def test_command_tells_the_editor_what_to_fill_in(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-11-28")
    assert new_story.main(["--root", str(root), "--country", "Afghanistan"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Created stories/afghanistan-graduate-1.yml: an anonymous story from Afghanistan "
        "(anonymous is the default for Afghanistan: people there are at risk if named).\n"
    )
    for line in ("  quote       the words in quotation marks, 20 to 600 characters\n", "  themes      ids from data/themes.yml",
                 "  collected   the day the testimony was recorded (YYYY-MM-DD); never published (now today, 2026-11-28)",
                 "  published   the day the story first goes on the site: the feed's date (now today, 2026-11-28)",
                 "  consent     every story needs its consent record: given, expires, scope, reference\n",
                 "(given now 2026-11-28, expires now 2031-11-28 at the latest, reference now CF-2026-0000)",
                 "Optional: original words, longer testimony, photo, what happened next and year in the programme;",
                 "Anonymous: do not add a name line",
                 "http://127.0.0.1:8000/stories/afghanistan-graduate-1/", "CONTRIBUTING.md"):
        assert line in out
    assert "  name " not in out


def test_command_without_a_country_says_how_to_give_one(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Under pytest standard input is not a terminal, as in CI: no question is asked.
    assert new_story.main(["--root", str(root), "--country", ""]) == 1
    assert capsys.readouterr().err == (
        # The example is the first country of data/countries.yml.
        "No story was created: say which country the story is from, e.g. make story COUNTRY=Afghanistan\n"
    )
    assert stories(root) == []


def test_command_asks_for_country_and_name_at_a_terminal(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-11-28")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["South Sudan", "Obadia Lowiya Steven"])
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    assert new_story.main(["--root", str(root)], read=read) == 0
    assert asked == [
        "Which country is the story from? (Afghanistan, DR Congo, Nigeria, South Sudan): ",
        "The name to show (press Enter to fill it in later): ",
    ]
    assert stories(root) == ["obadia-lowiya-steven.yml"]
    assert "a named story from South Sudan" in capsys.readouterr().out


def test_make_story_passes_names_through_unchanged(tmp_path: Path) -> None:
    """``make story`` with the variables an editor types, in a copy of the project."""
    for part in ("Makefile", "requirements.txt", "tools", "hooks", "data", "stories"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "STORIES_TODAY": "2026-11-28"}
    # STAMP= : the virtual environment is the repository's, already installed.
    done = subprocess.run(
        ["make", "-s", "story", "STAMP=", "COUNTRY=Nigeria", "PERSON=Ngozi 'Ada' \"Obi\"", "IDENTITY=named", "ROLE=partner"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Created stories/ngozi-ada-obi.yml: a named story from Nigeria")
    data = yaml12.load((tmp_path / "stories" / "ngozi-ada-obi.yml").read_text(encoding="utf-8"))
    assert (data["name"], data["role"], data["country"]) == ("Ngozi 'Ada' \"Obi\"", "partner", "Nigeria")


@pytest.mark.parametrize(("identity", "file_name"), [("named", "lukasz-odegard.yml"), ("", "lukasz.yml")])
def test_make_story_spells_out_every_latin_letter_of_a_name(tmp_path: Path, identity: str, file_name: str) -> None:
    """``make story PERSON="Łukasz Ødegård" COUNTRY=Nigeria [IDENTITY=named]``: Nigeria's
    default identity is first-name, so without IDENTITY only the first name is kept."""
    for part in ("Makefile", "requirements.txt", "tools", "hooks", "data", "stories"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "STORIES_TODAY": "2026-11-28"}
    done = subprocess.run(
        ["make", "-s", "story", "STAMP=", "COUNTRY=Nigeria", "PERSON=Łukasz Ødegård", f"IDENTITY={identity}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Created stories/{file_name}:")
    data = yaml12.load((tmp_path / "stories" / file_name).read_text(encoding="utf-8"))
    assert data["name"] == ("Łukasz Ødegård" if identity else "Łukasz")


def test_another_programmes_roles_are_offered_and_the_first_is_the_default(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "data" / "roles.yml").write_text(
        "volunteer:\n  label: Volunteer\ncaseworker:\n  label: Caseworker\nclient:\n  label: Client\n", encoding="utf-8"
    )
    made = new_story.new_story(root, "Afghanistan", on=ON)
    assert (made.path.name, made.story.role.id) == ("afghanistan-volunteer-1.yml", "volunteer")
    assert new_story.new_story(root, "Afghanistan", role="caseworker", on=ON).path.name == "afghanistan-caseworker-1.yml"
    with pytest.raises(new_story.NewStoryError) as refused:
        new_story.new_story(root, "Nigeria", role="graduate", on=ON)
    assert str(refused.value) == "'graduate' is not a role of data/roles.yml: use one of volunteer, caseworker, client"
    monkeypatch.setenv("STORIES_TODAY", "2026-11-28")
    assert new_story.main(["--root", str(root), "--country", "Nigeria", "--name", "Ada"]) == 0
    out = capsys.readouterr().out
    assert "  role        volunteer, caseworker or client (now volunteer)\n" in out
    assert "graduate" not in out


def test_a_first_name_story_keeps_only_the_first_name(root: Path) -> None:
    made = new_story.new_story(root, "Nigeria", name="Ada Chinwe Obi", on=ON)
    assert (made.story.identity, made.story.name, made.path.name) == ("first-name", "Ada", "ada.yml")
