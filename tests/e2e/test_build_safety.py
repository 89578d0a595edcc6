"""``make build`` never keeps a lapsed story online, and cannot half-fail.

Whatever breaks (a story, a photo, ``data/``, ``docs/``, the theme), ``tools/build_site.py``
exits non-zero and the ``site/`` it leaves holds no story that may not be published today:
a safe build that leaves out what failed, or else the holding page. Interrupted, killed or
concurrent builds leave no staging folder for git to offer, and always a ``site/``.

Every build runs in a subprocess with a timeout, so nothing here can hang the suite.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from built_html import page

from sitebuild import REPO, TODAY, Project, tree_digest
from tool_scripts import load_tool

BUILD_SITE = REPO / "tools" / "build_site.py"
HOLDING_PAGE = REPO / "tools" / "holding_page" / "index.html"
HOLDING_TITLE = "This site is being updated"
SAFE_BUILD_SAYS = (
    "The build failed (see above). Published instead: a safe build that leaves out what failed; "
    "fix the errors above."
)
# Monday's consent ends on 2028-11-02, before every other sample story's (2029).
MONDAY_LAPSED = "2028-11-03"
# A few words of each sample story's quote (on one line of its file), in every output file
# that carries the story. Monday's consent ends first.
MONDAY = "beg my wife"
VERONICA = "spend it on drink"
OTHERS = ("struggled with as a community", "manage our family problems")
QUOTES = (MONDAY, VERONICA, *OTHERS)
TIMEOUT = 240  # seconds: no build of the sample site comes near it


def build_command(project: Project, *extra: str) -> list[str]:
    return [sys.executable, str(BUILD_SITE), "--config", str(project.root / "mkdocs.yml"),
            "--site", str(project.root / "site"), *extra]


def build_env(today: str = TODAY, **extra: str) -> dict[str, str]:
    env = {**os.environ, "STORIES_TODAY": today, "NO_MKDOCS_2_WARNING": "1", **extra}
    for variable in ("GITHUB_ACTIONS", "STORYSITE_SAFE_MODE"):
        env.pop(variable, None)
    return env


def make_build(project: Project, *extra: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """``make build`` on the project (site/ in its root), to the end."""
    return subprocess.run(build_command(project, *extra), cwd=project.root, env=build_env(today),
                          capture_output=True, text=True, timeout=TIMEOUT)


def files_containing(site: Path, words: str) -> list[str]:
    """Every file under ``site`` whose bytes contain ``words``."""
    needle = words.encode("utf-8")
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file() and needle in path.read_bytes())


def staging_leftovers(project: Project) -> list[str]:
    return sorted(path.name for path in project.root.iterdir() if path.name.startswith((".site-new-", ".site-old-")))


def is_holding_page(site: Path) -> bool:
    title = page(site, "index.html").title
    return title is not None and title.get_text() == HOLDING_TITLE


def slug_of(project: Project, words: str) -> str:
    """The file name (the page's address) of the sample story whose file holds ``words``."""
    [story] = [path for path in (project.root / "stories").glob("*.yml") if words in path.read_text(encoding="utf-8")]
    return story.stem


def assert_published(project: Project, words: str) -> None:
    site, slug = project.root / "site", slug_of(project, words)
    assert (site / "stories" / slug / "index.html").is_file(), f"{slug} should be published"
    assert files_containing(site, words), f"{slug}'s words should be on the site"


def assert_nowhere(project: Project, words: str) -> None:
    site, slug = project.root / "site", slug_of(project, words)
    assert not (site / "stories" / slug).exists(), f"{slug} has a page"
    assert files_containing(site, words) == [], f"{slug}'s words are still published"


@pytest.fixture
def built(project: Project) -> Project:
    """The project with a first, good site/ in it: every sample story, Monday's included."""
    first = make_build(project)
    assert first.returncode == 0, first.stderr
    for words in QUOTES:
        assert_published(project, words)
    return project


# --- When in doubt, leave it out -----------------------------------------------------------

def test_a_broken_theme_leaves_the_holding_page_and_no_story(built: Project) -> None:
    built.write("overrides/main.html", '{% extends "base.html" %}\n{% block content %}{% if %}{% endblock %}\n')
    done = make_build(built)
    site = built.root / "site"
    assert done.returncode != 0
    assert is_holding_page(site)
    for words in QUOTES:
        assert_nowhere(built, words)
    assert "holding page" in done.stderr
    assert staging_leftovers(built) == []


def test_a_broken_story_is_left_out_and_a_lapsed_one_removed(built: Project) -> None:
    built.write("stories/broken.yml", 'identity: named\nname: "Unclosed Quote\ncountry: Nigeria\nquote: Broken story sentinel words.\n')
    done = make_build(built, today=MONDAY_LAPSED)
    site = built.root / "site"
    assert done.returncode != 0
    assert "stories/broken.yml" in done.stdout + done.stderr  # the full report names the file
    assert SAFE_BUILD_SAYS in done.stderr
    assert_nowhere(built, MONDAY)
    for words in (VERONICA, *OTHERS):
        assert_published(built, words)
    assert not (site / "stories" / "broken").exists()
    assert files_containing(site, "Broken story sentinel") == []


def test_a_story_with_a_broken_photo_is_left_out_and_a_lapsed_one_removed(built: Project) -> None:
    (built.root / "stories" / "photos").mkdir(exist_ok=True)
    (built.root / "stories" / "photos" / "veronica.jpg").write_bytes(
        b"<svg xmlns='http://www.w3.org/2000/svg'><text>SVG-SENTINEL</text></svg>"
    )
    story = built.root / "stories" / "veronica-ayuba.yml"
    story.write_text(
        story.read_text(encoding="utf-8")
        + "photo:\n  file: photos/veronica.jpg\n  alt: A woman stands outside her house\n  credit: Test Photographer\n",
        encoding="utf-8",
    )
    done = make_build(built, today=MONDAY_LAPSED)
    site = built.root / "site"
    assert done.returncode != 0
    assert "stories/veronica-ayuba.yml" in done.stdout + done.stderr
    assert SAFE_BUILD_SAYS in done.stderr
    assert_nowhere(built, MONDAY)
    assert_nowhere(built, VERONICA)  # a story with an error anywhere is never published
    for words in OTHERS:
        assert_published(built, words)
    assert files_containing(site, "SVG-SENTINEL") == [] and files_containing(site, "veronica.jpg") == []


def test_broken_themes_data_publishes_no_story(built: Project) -> None:
    built.write("data/themes.yml", "early-marriage:\n  label: Early marriage\n  description: [unclosed\n")
    done = make_build(built, today=MONDAY_LAPSED)
    site = built.root / "site"
    assert done.returncode != 0
    assert "data/themes.yml" in done.stdout + done.stderr
    assert (site / "index.html").is_file()
    for words in QUOTES:  # no story can be checked without its themes: none is published
        assert_nowhere(built, words)


def test_a_broken_docs_page_is_left_out_and_a_lapsed_story_removed(built: Project) -> None:
    path = built.root / "docs" / "how-we-collect-stories.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nBroken page sentinel paragraph.\n\n<!-- storysite:figurez -->\n",
        encoding="utf-8",
    )
    done = make_build(built, today=MONDAY_LAPSED)
    site = built.root / "site"
    assert done.returncode != 0
    assert "docs/how-we-collect-stories.md" in done.stdout + done.stderr
    assert SAFE_BUILD_SAYS in done.stderr
    assert_nowhere(built, MONDAY)
    for words in (VERONICA, *OTHERS):
        assert_published(built, words)
    assert files_containing(site, "Broken page sentinel") == []


def test_the_holding_page_is_plain_static_and_self_contained() -> None:
    soup = BeautifulSoup(HOLDING_PAGE.read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None and soup.html.get("lang") == "en"
    head = soup.head
    assert head is not None
    first = head.find(True)
    assert first is not None and first.name == "meta" and first.get("http-equiv") == "Content-Security-Policy"
    policy = {part.split()[0]: part.split()[1:] for part in str(first["content"]).split(";") if part.strip()}
    assert policy["default-src"] == ["'none'"]
    [style] = soup.find_all("style")
    digest = base64.b64encode(hashlib.sha256(style.string.encode("utf-8")).digest()).decode()
    assert policy["style-src"] == [f"'sha256-{digest}'"], "the style's hash must match the policy"
    assert soup.find_all("script") == [] and soup.find_all("link") == []
    assert not [tag.name for tag in soup.find_all(True) if tag.has_attr("src") or tag.has_attr("href")]
    assert not [tag.name for tag in soup.find_all(True) if any(name.startswith("on") for name in tag.attrs)]
    assert soup.title is not None and soup.title.get_text() == HOLDING_TITLE
    assert soup.h1 is not None and soup.h1.get_text() == HOLDING_TITLE


# --- Interrupted, killed and concurrent builds ---------------------------------------------

SLOW_HOOK = '''"""Test hook: holds the build once MkDocs has written the site, until the test lets it go."""

import os
import time
from pathlib import Path


def on_post_build(config, **kwargs):
    marker = os.environ.get("SLOW_BUILD_MARKER")
    if not marker:
        return
    Path(marker).touch()
    release = Path(marker + ".release")
    deadline = time.monotonic() + 90
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
'''


def git(project: Project, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                          cwd=project.root, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.fixture
def held(built: Project) -> Project:
    """The built project with a hook that can hold a build, in a git repository with the
    project's .gitignore, everything committed."""
    built.add_hook("slow_build", SLOW_HOOK)
    shutil.copy2(REPO / ".gitignore", built.root / ".gitignore")
    git(built, "init", "-q")
    git(built, "add", "-A")
    git(built, "commit", "-q", "-m", "the project")
    assert git(built, "status", "--porcelain") == ""
    return built


@contextmanager
def held_build(project: Project, tmp_path: Path, name: str, *extra: str) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """Start a build that stops in MkDocs' last step (the site written) until its release
    file exists; yields the process and the marker file. Every process of it is killed on exit."""
    marker = tmp_path / f"{name}.held"
    log = tmp_path / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(build_command(project, *extra), cwd=project.root,
                                   env=build_env(SLOW_BUILD_MARKER=str(marker)),
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(marker.exists, f"{name} never reached MkDocs' last step: {log.read_text(errors='replace')}")
        yield process, marker
    finally:
        release(marker)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=TIMEOUT)


def release(marker: Path) -> None:
    Path(f"{marker}.release").touch()


def wait_for(condition: object, message: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, message
        time.sleep(0.05)


def start_build(project: Project, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(build_command(project, *extra), cwd=project.root, env=build_env(),
                                stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_build_removes_its_staging_and_keeps_site(held: Project, tmp_path: Path, signum: int, status: int) -> None:
    site = held.root / "site"
    before = tree_digest(site)
    with held_build(held, tmp_path, "interrupted") as (process, _marker):
        assert staging_leftovers(held), "MkDocs is writing into a staging folder"
        process.send_signal(signum)
        assert process.wait(timeout=TIMEOUT) == status
    assert staging_leftovers(held) == []
    assert tree_digest(site) == before, "an interrupted build leaves site/ as it was"
    assert git(held, "status", "--porcelain") == ""


def test_a_killed_build_leaves_nothing_for_git_and_the_next_build_cleans_up(held: Project, tmp_path: Path) -> None:
    with held_build(held, tmp_path, "killed") as (process, _marker):
        os.killpg(process.pid, signal.SIGKILL)  # the build and its MkDocs, with no chance to clean up
        process.wait(timeout=TIMEOUT)
    assert staging_leftovers(held), "the killed build left its staging folder"
    assert git(held, "status", "--porcelain") == "", "git must not offer a killed build's leftovers"
    assert (held.root / "site" / "index.html").is_file()
    done = make_build(held)
    assert done.returncode == 0, done.stderr
    assert staging_leftovers(held) == []
    assert_published(held, MONDAY)
    assert git(held, "status", "--porcelain") == ""


def test_a_build_waits_for_the_mkdocs_of_a_killed_build(held: Project, tmp_path: Path) -> None:
    # Killing only the build script leaves its MkDocs running, still writing into its
    # staging folder: the next build waits for it instead of building beside it.
    log = tmp_path / "next.log"
    with held_build(held, tmp_path, "killed") as (process, marker):
        first_pid = process.pid
        process.kill()
        process.wait(timeout=TIMEOUT)
        following = start_build(held, log)
        try:
            wait_for(lambda: b"waiting for it" in log.read_bytes(), "the next build did not wait")
            assert following.poll() is None
            release(marker)
            assert following.wait(timeout=TIMEOUT) == 0, log.read_text(errors="replace")
        finally:
            if following.poll() is None:
                os.killpg(following.pid, signal.SIGKILL)
                following.wait(timeout=TIMEOUT)
    assert f"(pid {first_pid}); waiting for it" in log.read_text()
    assert staging_leftovers(held) == []
    assert_published(held, MONDAY)
    assert git(held, "status", "--porcelain") == ""


def test_two_builds_at_once_one_waits_for_the_other(held: Project, tmp_path: Path) -> None:
    log = tmp_path / "second.log"
    site = held.root / "site"
    with held_build(held, tmp_path, "first") as (first, marker):
        second = start_build(held, log)
        try:
            wait_for(lambda: b"waiting for it" in log.read_bytes(), "the second build did not wait")
            assert f"another build of {site} is running (pid {first.pid}); waiting for it" in log.read_text()
            release(marker)
            assert first.wait(timeout=TIMEOUT) == 0
            assert second.wait(timeout=TIMEOUT) == 0, log.read_text(errors="replace")
        finally:
            if second.poll() is None:
                os.killpg(second.pid, signal.SIGKILL)
                second.wait(timeout=TIMEOUT)
    assert staging_leftovers(held) == []
    assert (site / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    for words in QUOTES:
        assert_published(held, words)
    assert git(held, "status", "--porcelain") == ""


def test_a_build_that_cannot_wait_any_longer_says_why_and_changes_nothing(held: Project, tmp_path: Path) -> None:
    site = held.root / "site"
    before = tree_digest(site)
    with held_build(held, tmp_path, "first") as (first, _marker):
        done = make_build(held, "--wait", "1")
        assert done.returncode == 3
        assert f"another build of {site} is running (pid {first.pid}); waiting for it" in done.stderr
        assert "gave up" in done.stderr and "--wait" in done.stderr
        assert tree_digest(site) == before


# --- The pieces: leftovers, the swap --------------------------------------------------------

def write_tree(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_a_build_that_finds_no_site_but_an_old_one_restores_it_first(tmp_path: Path) -> None:
    build_site = load_tool("build_site")
    site = tmp_path / "site"
    write_tree(tmp_path / ".site-old-4242", "the previous site")
    write_tree(tmp_path / ".site-new-abcdef", "half built")
    said: list[str] = []
    build_site.recover_leftovers(build_site.SitePaths(site), said.append)
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    assert any("Restored" in line and ".site-old-4242" in line for line in said)


@pytest.mark.parametrize("atomic", [True, False], ids=["renameat2", "two renames"])
def test_put_in_place_swaps_the_new_site_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool) -> None:
    build_site = load_tool("build_site")
    paths = build_site.SitePaths(tmp_path / "site")
    write_tree(paths.site, "old")
    new = write_tree(tmp_path / ".site-new-xyz", "new")
    if not atomic:
        monkeypatch.setattr(build_site, "exchange", lambda first, second: False)
    previous = build_site.put_in_place(new, paths)
    assert (paths.site / "index.html").read_text(encoding="utf-8") == "new"
    assert previous is not None and (previous / "index.html").read_text(encoding="utf-8") == "old"


def test_the_swap_is_atomic_where_the_os_has_an_exchange(tmp_path: Path) -> None:
    build_site = load_tool("build_site")
    first, second = write_tree(tmp_path / "a", "a"), write_tree(tmp_path / "b", "b")
    linux = sys.platform.startswith("linux")  # renameat2(RENAME_EXCHANGE); elsewhere the two renames
    assert build_site.exchange(first, second) is linux
    assert (first / "index.html").read_text(encoding="utf-8") == ("b" if linux else "a")
    assert (second / "index.html").read_text(encoding="utf-8") == ("a" if linux else "b")


def test_when_no_site_can_be_put_in_place_the_old_one_is_taken_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both builds fail and even the holding page cannot be copied: publish less, not the old site.
    build_site = load_tool("build_site")
    site = write_tree(tmp_path / "site", "the old site, with a story whose consent has ended")
    monkeypatch.setattr(build_site, "build_into", lambda *args, **kwargs: 1)
    monkeypatch.setattr(build_site, "HOLDING_PAGE", tmp_path / "missing" / "index.html")
    status = build_site.main(["--site", str(site), "--config", str(tmp_path / "mkdocs.yml")])
    assert status == 2
    assert not site.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.lock"]
