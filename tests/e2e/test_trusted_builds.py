"""Builds you can trust: atomic replacement of site/, byte-identical rebuilds, the consent report."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import REPO, TODAY, Project, tree_digest
from tool_scripts import load_tool


def build_site(project: Project, site: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORIES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    command = [sys.executable, str(REPO / "tools" / "build_site.py"), "--config", str(project.root / "mkdocs.yml"), "--site", str(site)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_make_build_never_leaves_a_half_built_or_an_old_site(project: Project, tmp_path: Path) -> None:
    site = tmp_path / "published" / "site"
    first = build_site(project, site)
    assert first.returncode == 0, first.stderr
    assert (site / "stories" / "monday" / "index.html").is_file()

    # A crash half-way through, after MkDocs has started writing: a template that
    # cannot be compiled, met only when the first story page is drawn. The safe build
    # meets it too, so site/ becomes the holding page: the old site, which may hold a
    # story whose consent has ended since, does not stay (tests/e2e/test_build_safety.py).
    project.write("overrides/storysite/story-page.html", "{% if story %}unclosed")
    crashed = build_site(project, site)
    assert crashed.returncode == 2
    assert f"{site} now holds only the holding page" in crashed.stderr
    assert sorted(path.name for path in site.rglob("*")) == ["404.html", "index.html"]
    assert sorted(path.name for path in site.parent.iterdir()) == [".site.lock", "site"], "no half-built folder is left behind"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755, "a web server running as another user must read it"


def test_a_new_build_removes_pages_of_withdrawn_stories(project: Project, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build_site(project, site).returncode == 0
    story = project.root / "stories" / "monday.yml"
    story.write_text(story.read_text(encoding="utf-8") + "  withdrawn: true\n", encoding="utf-8")
    assert build_site(project, site).returncode == 0
    assert not (site / "stories" / "monday").exists()
    assert not any("beg my wife" in path.read_text(encoding="utf-8") for path in site.rglob("*.html"))


def test_same_input_gives_a_byte_identical_site(project: Project, tmp_path: Path) -> None:
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    one, two = tmp_path / "one", tmp_path / "two"
    assert build_site(project, one, **epoch).returncode == 0
    assert build_site(project, two, **epoch).returncode == 0
    assert tree_digest(one) == tree_digest(two)


def test_consent_report_lists_soonest_expiry_first(project: Project) -> None:
    story = project.root / "stories" / "veronica-ayuba.yml"
    story.write_text(story.read_text(encoding="utf-8") + "  withdrawn: true\n", encoding="utf-8")
    env = {**os.environ, "STORIES_TODAY": "2028-10-01"}
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "consent_report.py"), "--root", str(project.root), "--csv"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "story,identity,country,given,expires,scope,form,status"
    assert lines[1:] == [
        'stories/monday.yml,first-name,Nigeria,2023-11-02,2028-11-02,"web, social",SAMPLE-0004,published; expires in 32 days',
        "stories/afghanistan-graduate-1.yml,anonymous,Afghanistan,2024-01-20,2029-01-20,web,SAMPLE-0003,published",
        'stories/veronica-ayuba.yml,named,Nigeria,2024-02-14,2029-02-14,"web, social",SAMPLE-0002,left out: consent withdrawn',
        'stories/obadia-lowiya-steven.yml,named,South Sudan,2024-03-08,2029-03-08,"web, social",SAMPLE-0001,published',
    ]


@pytest.mark.parametrize(
    "reference",
    ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\uff1dHYPERLINK(\"http://x\")"],
)
def test_consent_report_csv_writes_formulas_as_text(project: Project, reference: str) -> None:
    story = project.root / "stories" / "monday.yml"
    typed = reference.replace("'", "''")
    story.write_text(
        story.read_text(encoding="utf-8").replace("  reference: SAMPLE-0004", f"  reference: '{typed}'"), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "consent_report.py"), "--root", str(project.root), "--csv"],
        env={**os.environ, "STORIES_TODAY": TODAY}, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    (monday,) = [row for row in rows if row["story"] == "stories/monday.yml"]
    assert monday["form"] == "'" + reference
    assert all(not cell.lstrip().startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"), ("  =1+1", "'  =1+1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\tplain", "'\tplain"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"), ("@user", "'@user"), ("-", "'-"),
        ("CF-2023-0142", "CF-2023-0142"), ("2028-11-02", "2028-11-02"), ("web, social", "web, social"), ("", ""),
    ],
)
def test_spreadsheet_safe_prefixes_only_cells_read_as_formulas(cell: str, shown: str) -> None:
    assert load_tool("consent_report").spreadsheet_safe(cell) == shown
