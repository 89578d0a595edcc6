"""The editor's pull-request workflow, end to end: annotations, new stories, screenshots.

Builds run as the pull-request workflow runs them: ``tools/build_site.py`` (``make build``)
in a subprocess, on a copy of the project.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from built_html import content, page, text
from PIL import Image

from sitebuild import REPO, TODAY, Project


def make_build(project: Project, *, github_actions: bool) -> subprocess.CompletedProcess[str]:
    """``make build``'s script on ``project``, with or without GitHub Actions' variable."""
    env = {**os.environ, "STORIES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    if github_actions:
        env["GITHUB_ACTIONS"] = "true"
    command = [
        sys.executable, str(REPO / "tools" / "build_site.py"),
        "--config", str(project.root / "mkdocs.yml"), "--site", str(project.root / "site"),
    ]
    return subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, timeout=300)


def misspell_quote(project: Project) -> None:
    story = project.root / "stories" / "monday.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("quote:", "qoute:"), encoding="utf-8")


def test_a_misspelled_field_is_annotated_on_its_line_in_github_actions(project: Project) -> None:
    misspell_quote(project)
    built = make_build(project, github_actions=True)
    assert built.returncode == 1
    # GitHub reads workflow commands from standard output, one per line.
    annotations = [line for line in built.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=stories/monday.yml,line=5::stories/monday.yml:5: quote: missing "
        "(the words in quotation marks, 20 to 600 characters)",
        "::error file=stories/monday.yml,line=9::stories/monday.yml:9: qoute: unknown field (did you mean 'quote'?)",
    ]
    assert "stories/monday.yml:9: qoute: unknown field" in built.stderr  # the plain report as well
    # make build then publishes a safe build that leaves the broken story out.
    assert (project.root / "site" / "index.html").is_file()
    assert not (project.root / "site" / "stories" / "monday").exists()


def test_every_error_of_every_file_is_annotated(project: Project) -> None:
    misspell_quote(project)
    veronica = project.root / "stories" / "veronica-ayuba.yml"
    veronica.write_text(veronica.read_text(encoding="utf-8").replace("featured: true", "featured: yes"), encoding="utf-8")
    built = make_build(project, github_actions=True)
    files_and_lines = [line.split("::")[1] for line in built.stdout.splitlines() if line.startswith("::error ")]
    assert files_and_lines == [
        "error file=stories/monday.yml,line=5",
        "error file=stories/monday.yml,line=9",
        "error file=stories/veronica-ayuba.yml,line=14",
    ]


def test_no_annotations_outside_github_actions(project: Project) -> None:
    misspell_quote(project)
    built = make_build(project, github_actions=False)
    assert built.returncode == 1
    assert "::error" not in built.stdout + built.stderr
    assert "stories/monday.yml:9: qoute: unknown field (did you mean 'quote'?)" in built.stderr


def test_the_new_story_command_output_builds(project: Project) -> None:
    env = {**os.environ, "STORIES_TODAY": TODAY}
    made = {}
    for country in ("Afghanistan", "DR Congo", "Nigeria", "South Sudan"):
        done = subprocess.run(
            [sys.executable, str(REPO / "tools" / "new_story.py"), "--root", str(project.root), "--country", country],
            env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stderr
        made[country] = done.stdout.split(":", 1)[0].removeprefix("Created stories/").removesuffix(".yml")
    # Neutral names, none with a date: the sample site's Afghan story is afghanistan-graduate-1.
    assert made == {
        "Afghanistan": "afghanistan-graduate-2",
        "DR Congo": "dr-congo-graduate-1",
        "Nigeria": "nigeria-graduate-1",
        "South Sudan": "south-sudan-graduate-1",
    }

    # As written, the stories build (the editor can preview them) but are not published:
    # their consent reference is still the template's placeholder.
    built = make_build(project, github_actions=True)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project.root / "site"
    for slug in made.values():
        assert f"Left out stories/{slug}.yml: consent.reference CF-2026-0000 is the template's placeholder" in built.stderr
        assert not (site / "stories" / slug).exists()

    for slug in made.values():
        path = project.root / "stories" / f"{slug}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("CF-2026-0000", "CF-2026-0042"), encoding="utf-8")
    built = make_build(project, github_actions=True)
    assert built.returncode == 0, built.stdout + built.stderr
    anonymous = text(content(page(site, "stories/afghanistan-graduate-2/")))
    assert "Graduate, Afghanistan" in anonymous and "First Last" not in anonymous
    # A name still reading "First Last" keeps its story offline too.
    assert "Left out stories/south-sudan-graduate-1.yml: name 'First Last' is the template's placeholder" in built.stderr
    assert not (site / "stories" / "south-sudan-graduate-1").exists()


@pytest.mark.browser
def test_screenshots_of_story_pages(sample_site: Path, tmp_path: Path) -> None:
    # In a process of its own, as in the workflow (and away from any browser another
    # test keeps open in this one).
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "story_screenshots.py"), "--site", str(sample_site), "--out", str(tmp_path),
         "--browser", "/usr/bin/chromium", "monday", "no-such-story"],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "no-such-story: not published: the site has no page for it",
        f"monday: {tmp_path / 'monday-phone.png'}",
        f"monday: {tmp_path / 'monday-desktop.png'}",
    ]
    for name, width in (("monday-phone.png", 390), ("monday-desktop.png", 1280)):
        with Image.open(tmp_path / name) as image:
            assert image.format == "PNG"
            assert image.width == width
            # A full page: at least one screen high, and not a blank picture.
            assert image.height >= 800
            assert len(image.convert("L").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 2
