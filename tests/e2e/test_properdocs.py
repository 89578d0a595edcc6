"""The engine door: ProperDocs, MkDocs 1.x's maintained fork, builds the same site as MkDocs.

ProperDocs (requirements-dev.txt) shares the virtual environment with MkDocs: it ships
the ``properdocs`` package and, only inside its own command, answers imports of
``mkdocs.*`` (our hook's and Material's) with itself. These tests build a copy of the
project with ``python -m properdocs build`` and compare it with the MkDocs build of the
sample site: the same files, the same main content of every page, and the same page
around it (head, navigation, footer) apart from a generator ``<meta>`` naming the engine,
should one appear (none does with ProperDocs 1.6.7: the two sites are byte-identical).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import TODAY, Built, Project, copy_project, tree_digest


def properdocs_build(project: Project) -> Built:
    """``properdocs build --strict`` of ``project``, as ``Project.build`` runs MkDocs."""
    site = project.root / "site"
    env = {**os.environ, "STORIES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "properdocs", "build", "--strict",
               "-f", str(project.root / "mkdocs.yml"), "-d", str(site)]
    done = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, timeout=300)
    return Built(done.returncode, done.stdout + done.stderr, site)


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = properdocs_build(copy_project(tmp_path_factory.mktemp("properdocs") / "project"))
    assert built.returncode == 0, built.output
    return built.site


def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_content(soup: BeautifulSoup) -> str:
    """A page's main content (Material's ``<main>``) as markup, or "" when it has none."""
    main = soup.find("main")
    return main.decode() if main is not None else ""


def without_engine_marks(soup: BeautifulSoup) -> str:
    """The whole page as markup, less what may name the engine that built it."""
    for meta in soup.find_all("meta", attrs={"name": "generator"}):
        meta.decompose()
    return soup.decode()


def html_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_properdocs_is_the_engine_that_builds() -> None:
    done = subprocess.run([sys.executable, "-m", "properdocs", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "properdocs, version 1.6." in done.stdout and f"site-packages{os.sep}properdocs" in done.stdout, done.stdout


def test_properdocs_writes_the_same_files(sample_site: Path, properdocs_site: Path) -> None:
    assert html_pages(properdocs_site) == html_pages(sample_site)
    assert len(html_pages(sample_site)) > 10
    assert sorted(tree_digest(properdocs_site)) == sorted(tree_digest(sample_site))


def test_every_page_has_the_same_main_content(sample_site: Path, properdocs_site: Path) -> None:
    differ = [
        page for page in html_pages(sample_site)
        if main_content(parsed(sample_site / page)) != main_content(parsed(properdocs_site / page))
    ]
    assert differ == []
    assert main_content(parsed(sample_site / "stories" / "monday" / "index.html"))  # the comparison compares something


def test_the_rest_of_each_page_differs_at_most_by_a_generator_meta(sample_site: Path, properdocs_site: Path) -> None:
    differ = [
        page for page in html_pages(sample_site)
        if without_engine_marks(parsed(sample_site / page)) != without_engine_marks(parsed(properdocs_site / page))
    ]
    assert differ == []


def test_feed_sitemap_and_search_index_are_the_same(sample_site: Path, properdocs_site: Path) -> None:
    mkdocs_files, properdocs_files = tree_digest(sample_site), tree_digest(properdocs_site)
    for name in ("feed.xml", "sitemap.xml", "robots.txt", "search/search_index.json"):
        assert properdocs_files[name] == mkdocs_files[name], name


def test_the_comparison_sees_a_changed_quote(sample_site: Path) -> None:
    original = parsed(sample_site / "stories" / "monday" / "index.html")
    changed = parsed(sample_site / "stories" / "monday" / "index.html")
    quote = changed.find("main").find("blockquote")  # type: ignore[union-attr]
    assert quote is not None
    quote.string = "Something else entirely"
    assert main_content(changed) != main_content(original)
    assert without_engine_marks(changed) != without_engine_marks(original)


def report_lines(output: str) -> list[str]:
    """The content errors of a refused build's log, one per line, as an editor reads them."""
    return [line.strip() for line in output.splitlines() if line.startswith("  stories/")]


def test_properdocs_refuses_bad_content_with_the_same_report(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    story = project.root / "stories" / "monday.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("quote:", "qoute:"), encoding="utf-8")
    refused = properdocs_build(project)
    assert refused.returncode == 1
    assert "Traceback" not in refused.output
    assert not (project.root / "site").exists()
    by_mkdocs = project.build(tmp_path / "mkdocs-site")
    assert by_mkdocs.returncode == 1
    assert report_lines(refused.output) == report_lines(by_mkdocs.output)
    assert [line for line in report_lines(refused.output) if "qoute: unknown field (did you mean 'quote'?)" in line]
