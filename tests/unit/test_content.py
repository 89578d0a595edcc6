"""content.load_content: every file of a project, every error reported together and sorted."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from unit_fixtures import IMPACT_YML, STORY_YML, Project, edit
from storysite.content import load_content
from storysite.errors import ContentErrors

REPO = Path(__file__).resolve().parents[2]
P = "stories/obadia-lowiya-steven.yml"
EMPTY_HINT = "(copy stories/_template.yml to start)"


def test_valid_project_loads_stories_in_file_order_and_figures(tmp_project: Project) -> None:
    tmp_project.story(slug="zed")
    tmp_project.story(slug="abel")
    content = load_content(tmp_project.root)
    assert [story.slug for story in content.stories] == ["abel", "zed"]
    assert [figure.id for figure in content.figures] == ["shared-information", "men-engaged"]
    assert [country.code for country in content.catalogue.countries] == ["AF", "CD", "NG", "SS"]


def test_project_without_stories_loads(tmp_project: Project) -> None:
    assert load_content(tmp_project.root).stories == ()


def test_errors_of_several_files_are_reported_together_and_sorted(tmp_project: Project) -> None:
    tmp_project.story()  # valid
    tmp_project.write("stories/zz-last.yml", edit(STORY_YML, "featured: true", "featured: yes"))
    tmp_project.write("stories/b.yml", "identity: named\n---\nidentity: anonymous\n")
    tmp_project.write("stories/c.yml", "- identity: named\n")
    tmp_project.write("stories/a.yml", "")
    tmp_project.write("stories/Bad Name.yml", STORY_YML)
    tmp_project.write("stories/old.yaml", "anything: [at all\n")
    tmp_project.write("data/impact.yml", edit(IMPACT_YML, "    value: 39", "    value: 139"))
    with pytest.raises(ContentErrors) as caught:
        load_content(tmp_project.root)
    assert [str(error) for error in caught.value.errors] == [
        "data/impact.yml:6: figures[0].value: 139% is outside 0-100 (a share of people is between 0 and 100)",
        "stories/Bad Name.yml:1: file: name is not a valid address"
        " (use lowercase letters, digits and hyphens, e.g. bad-name.yml)",
        f"stories/a.yml:1: file: is empty; it must hold a testimony's fields {EMPTY_HINT}",
        "stories/b.yml:2: file: holds more than one YAML document (remove the '---' line: one file, one document)",
        f"stories/c.yml:1: file: holds a list; it must hold a testimony's fields {EMPTY_HINT}",
        "stories/old.yaml:1: file: ends in .yaml (rename it to old.yml)",
        "stories/zz-last.yml:8: featured: must be true or false, not 'yes' (type true or false, without quotes)",
    ]
    assert caught.value.report().splitlines()[0] == "7 content errors in 7 files; nothing was built:"


# --- Y10: file shape --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", f"stories/x.yml:1: file: is empty; it must hold a testimony's fields {EMPTY_HINT}"),
        ("# just a note\n", f"stories/x.yml:1: file: is empty; it must hold a testimony's fields {EMPTY_HINT}"),
        ("null\n", f"stories/x.yml:1: file: is empty; it must hold a testimony's fields {EMPTY_HINT}"),
        ("\n\n- a\n- b\n", f"stories/x.yml:3: file: holds a list; it must hold a testimony's fields {EMPTY_HINT}"),
        ("just some words\n", f"stories/x.yml:1: file: holds text; it must hold a testimony's fields {EMPTY_HINT}"),
        ("identity: named\n---\n", "stories/x.yml:2: file: holds more than one YAML document"
         " (remove the '---' line: one file, one document)"),
    ],
)
def test_file_that_is_not_one_testimony_is_an_error(tmp_project: Project, text: str, expected: str) -> None:
    tmp_project.write("stories/x.yml", text)
    assert tmp_project.errors() == [expected]


# --- Y9, Y6, Y7, Y5, Y4 through load_content ----------------------------------------------------------


def test_latin1_story_is_refused_at_its_line(tmp_project: Project) -> None:
    data = STORY_YML.replace("Obadia", "Ob\u00e4dia").encode("latin-1")
    tmp_project.write(P, data)
    assert tmp_project.errors() == [f"{P}:2: file: is not UTF-8 text (save the file as UTF-8 in your editor)"]


def test_utf16_story_is_refused(tmp_project: Project) -> None:
    tmp_project.write(P, STORY_YML.encode("utf-16"))
    assert tmp_project.errors() == [f"{P}:1: file: is not UTF-8 text (save the file as UTF-8 in your editor)"]


def test_utf8_story_with_byte_order_mark_loads(tmp_project: Project) -> None:
    tmp_project.write(P, b"\xef\xbb\xbf" + STORY_YML.encode("utf-8"))
    assert [story.slug for story in load_content(tmp_project.root).stories] == ["obadia-lowiya-steven"]


def test_one_megabyte_story_is_refused_fast(tmp_project: Project) -> None:
    tmp_project.write("stories/big.yml", b"quote: " + b"x" * (1024 * 1024))
    start = time.perf_counter()
    errors = tmp_project.errors()
    assert time.perf_counter() - start < 1.0
    assert errors == [
        "stories/big.yml:1: file: is 1,048,583 bytes, more than the 65,536 allowed (64 KiB)"
        " (a testimony fits in a few KiB: is this the right file?)"
    ]


def test_deeply_nested_story_is_a_clean_error(tmp_project: Project) -> None:
    tmp_project.write("stories/deep.yml", "quote: " + "[" * 5000)
    errors = tmp_project.errors()
    assert len(errors) == 1
    assert errors[0] in (
        "stories/deep.yml:1: file: is not valid YAML: exceeded maximum nesting depth"
        " (check the indentation and quotes on this line and the one before)",
        "stories/deep.yml:1: file: is nested more than 16 levels deep (check the indentation)",
    )


def test_alias_in_a_story_is_refused(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML.replace("  given: 2023-05-12", "  given: &day 2023-05-12").replace(
        "collected: 2024-03-08", "collected: *day"))
    assert tmp_project.errors() == [
        f"{P}:7: file: uses the alias *day (write the value out in full: aliases are not allowed)"
    ]


def test_tag_in_a_story_is_refused_and_never_run(tmp_project: Project, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    tmp_project.story(edit(STORY_YML, "country: South Sudan", f'country: !!python/object/apply:os.system ["touch {marker}"]'))
    assert tmp_project.errors() == [
        f"{P}:3: file: uses the tag tag:yaml.org,2002:python/object/apply:os.system (remove the tag: values are plain text)"
    ]
    assert not marker.exists()


def test_duplicate_key_in_a_story_is_refused(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "identity: anonymous\n")
    assert tmp_project.errors() == [f"{P}:15: file: repeats the key 'identity' (first on line 1) (keep one of the two)"]


# --- which files are stories ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["_template.yml", "_draft.yml", "_.yml"])
def test_files_starting_with_underscore_are_ignored(tmp_project: Project, name: str) -> None:
    tmp_project.story()
    tmp_project.write(f"stories/{name}", "[[[ not even YAML")
    content = load_content(tmp_project.root)
    assert [story.slug for story in content.stories] == ["obadia-lowiya-steven"]


def test_the_repository_template_is_ignored_and_valid_once_copied(tmp_project: Project) -> None:
    # The template as editors find it, with the real data files it names.
    for name in ("countries.yml", "themes.yml", "impact.yml"):
        shutil.copy(REPO / "data" / name, tmp_project.root / "data" / name)
    template = (REPO / "stories" / "_template.yml").read_text(encoding="utf-8")
    tmp_project.write("stories/_template.yml", template)
    assert load_content(tmp_project.root).stories == ()
    tmp_project.write("stories/first-last.yml", template)
    assert [story.slug for story in load_content(tmp_project.root).stories] == ["first-last"]


@pytest.mark.parametrize("name", ["extra.yaml", "Obadia.yaml", "_template.yaml"])
def test_yaml_extension_is_reported(tmp_project: Project, name: str) -> None:
    tmp_project.write(f"stories/{name}", STORY_YML)
    stem = name.removesuffix(".yaml")
    assert tmp_project.errors() == [f"stories/{name}:1: file: ends in .yaml (rename it to {stem}.yml)"]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Bad Name", "bad-name"),
        ("Obadia", "obadia"),
        ("obadia_lowiya", "obadia-lowiya"),
        ("-obadia-", "obadia"),
        ("obadia--steven", "obadia-steven"),
        ("obadia.steven", "obadia-steven"),
        ("  ", "first-name-last-name"),
    ],
)
def test_bad_slug_file_name_is_an_error(tmp_project: Project, name: str, suggestion: str) -> None:
    tmp_project.write(f"stories/{name}.yml", STORY_YML)
    assert tmp_project.errors() == [
        f"stories/{name}.yml:1: file: name is not a valid address"
        f" (use lowercase letters, digits and hyphens, e.g. {suggestion}.yml)"
    ]


def test_bad_slug_and_content_errors_are_reported_together(tmp_project: Project) -> None:
    tmp_project.write("stories/Bad Name.yml", edit(STORY_YML, "country: South Sudan", "country: Nigria"))
    assert tmp_project.errors() == [
        "stories/Bad Name.yml:1: file: name is not a valid address"
        " (use lowercase letters, digits and hyphens, e.g. bad-name.yml)",
        "stories/Bad Name.yml:3: country: 'Nigria' is not in data/countries.yml (did you mean 'Nigeria'?)",
    ]


def test_story_file_that_is_a_symbolic_link_is_an_error(tmp_project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(STORY_YML, encoding="utf-8")
    (tmp_project.root / "stories" / "linked.yml").symlink_to(outside)
    assert tmp_project.errors() == ["stories/linked.yml:1: file: is a symbolic link (commit the file itself)"]


def test_folder_named_like_a_story_is_a_clean_error(tmp_project: Project) -> None:
    # A folder matches '*.yml' too: it must be a clean error, not an IsADirectoryError traceback.
    folder = tmp_project.root / "stories" / "folder.yml"
    folder.mkdir()
    (folder / "x.txt").write_text("x", encoding="utf-8")
    tmp_project.story()
    with pytest.raises(ContentErrors) as caught:
        load_content(tmp_project.root)
    assert [(error.path, error.line, error.field) for error in caught.value.errors] == [("stories/folder.yml", 1, "file")]


def test_stories_in_subfolders_are_not_read(tmp_project: Project) -> None:
    tmp_project.write("stories/photos/notes.yml", "not: [a story")
    tmp_project.story()
    assert [story.slug for story in load_content(tmp_project.root).stories] == ["obadia-lowiya-steven"]


# --- read_content: what a safe build may publish ---------------------------------------------------


def test_read_content_keeps_the_good_stories_and_returns_every_error(tmp_project: Project) -> None:
    from storysite.content import read_content

    tmp_project.story(slug="good")
    tmp_project.write("stories/bad.yml", edit(STORY_YML, "featured: true", "featured: yes"))
    content, errors = read_content(tmp_project.root)
    assert [story.slug for story in content.stories] == ["good"]
    assert [f"{error.path}:{error.line}" for error in errors] == ["stories/bad.yml:8"]


def test_read_content_with_a_damaged_catalogue_trusts_no_story(tmp_project: Project) -> None:
    from storysite.content import read_content

    tmp_project.story()
    countries = (tmp_project.root / "data" / "countries.yml").read_text(encoding="utf-8")
    # A misspelt at_risk: Afghanistan would load as a country where people may be named.
    tmp_project.write("data/countries.yml", countries.replace("  at_risk: true", "  at_rsk: true"))
    content, errors = read_content(tmp_project.root)
    assert content.stories == () and content.figures == () and content.catalogue.countries == ()
    assert [error.field for error in errors] == ["AF.at_rsk"]
