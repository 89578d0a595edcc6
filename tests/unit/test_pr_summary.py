"""The job summary of a pull request (tools/pr_summary.py), on a real git repository."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tool_scripts import load_tool

REPO = Path(__file__).resolve().parents[2]
pr_summary = load_tool("pr_summary")
new_story = load_tool("new_story")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the sample stories on main, checked out on a new branch."""
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "stories", root / "stories")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Sample stories")
    git(root, "checkout", "-q", "-b", "new-stories")
    return root


def commit(repo: Path, message: str = "Stories") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def summary(repo: Path, tmp_path: Path, *args: str) -> str:
    output = tmp_path / "summary.md"
    assert pr_summary.main(["--root", str(repo), "--base", "main", "--output", str(output), *args]) == 0
    return output.read_text(encoding="utf-8")


def test_added_changed_removed_and_renamed_stories_are_listed(repo: Path, tmp_path: Path) -> None:
    new_story.new_story(repo, "Afghanistan", on=dt.date(2026, 1, 15))
    monday = repo / "stories" / "monday.yml"
    monday.write_text(monday.read_text(encoding="utf-8").replace("I had to beg", "I had to ask"), encoding="utf-8")
    (repo / "stories" / "veronica-ayuba.yml").unlink()
    git(repo, "mv", "stories/obadia-lowiya-steven.yml", "stories/obadia.yml")
    (repo / "stories" / "photos").mkdir(exist_ok=True)
    (repo / "stories" / "photos" / "monday.jpg").write_bytes(b"\xff\xd8\xff")
    commit(repo)

    assert summary(repo, tmp_path).splitlines() == [
        "## Stories in this pull request",
        "",
        "| Story | Change | Shown as | Country | Consent ends on | On the site |",
        "| --- | --- | --- | --- | --- | --- |",
        "| `stories/afghanistan-graduate-2.yml` | added | Graduate, Afghanistan | Afghanistan | 2031-01-15 "
        "| no: consent.reference CF-2026-0000 is the template's placeholder: write the signed form's id |",
        "| `stories/monday.yml` | changed | Monday | Nigeria | 2028-11-02 | yes |",
        "| `stories/obadia.yml` | renamed from `stories/obadia-lowiya-steven.yml` | Obadia Lowiya Steven | South Sudan "
        "| 2029-03-08 | yes |",
        "| `stories/veronica-ayuba.yml` | removed |  |  |  | no: removed |",
        "",
        "Photos: added `stories/photos/monday.jpg`.",
        "",
        "### Still to fill in",
        "",
        "- `stories/afghanistan-graduate-2.yml`: quote, consent.reference still hold the new-story placeholder",
        "",
        "The built site and screenshots of the changed story pages are in this run's artifacts. "
        "Reviewers: go through the checklist of the pull request before approving.",
    ]


def test_errors_are_listed_with_file_and_line(repo: Path, tmp_path: Path) -> None:
    monday = repo / "stories" / "monday.yml"
    monday.write_text(monday.read_text(encoding="utf-8").replace("quote:", "qoute:"), encoding="utf-8")
    (repo / "stories" / "extra.yaml").write_text("identity: named\n", encoding="utf-8")
    commit(repo)
    text = summary(repo, tmp_path)
    assert "| `stories/monday.yml` | changed |  |  |  | no: 2 errors |" in text
    assert "| `stories/extra.yaml` | added |  |  |  | no: 1 error |" in text
    errors = text[text.index("### To fix") :].splitlines()
    assert errors[4:7] == [
        "- `stories/extra.yaml:1` file: ends in .yaml (rename it to extra.yml)",
        "- `stories/monday.yml:5` quote: missing (the words in quotation marks, 20 to 600 characters)",
        "- `stories/monday.yml:9` qoute: unknown field (did you mean 'quote'?)",
    ]


def test_stories_that_will_not_be_published_say_why(repo: Path, tmp_path: Path) -> None:
    monday = repo / "stories" / "monday.yml"
    text = monday.read_text(encoding="utf-8")
    monday.write_text(text.replace("expires: 2028-11-02", "expires: 2026-02-01"), encoding="utf-8")
    veronica = repo / "stories" / "veronica-ayuba.yml"
    veronica.write_text(veronica.read_text(encoding="utf-8") + "  withdrawn: true\n", encoding="utf-8")
    commit(repo)
    text = summary(repo, tmp_path)
    assert "| `stories/monday.yml` | changed | Monday | Nigeria | 2026-02-01 | yes, until 2026-02-01 (consent ends soon) |" in (
        text
    )
    assert "| `stories/veronica-ayuba.yml` | changed | Veronica Ayuba | Nigeria | 2029-02-14 | no: consent withdrawn |" in text


def test_editor_text_cannot_turn_into_markup_in_the_summary(repo: Path, tmp_path: Path) -> None:
    monday = repo / "stories" / "monday.yml"
    hostile = "<img src=x onerror=alert(1)> | [link](javascript:x) **bold**"
    source = monday.read_text(encoding="utf-8").replace("identity: first-name", "identity: named")
    monday.write_text(source.replace("name: Monday", f"name: '{hostile}'"), encoding="utf-8")
    commit(repo)
    row = next(line for line in summary(repo, tmp_path).splitlines() if "monday.yml" in line)
    assert "&lt;img src=x onerror=alert(1)&gt; \\| \\[link\\](javascript:x) \\*\\*bold\\*\\*" in row
    assert "<img" not in row and " | [" not in row
    assert row.count(" | ") == 5  # still six cells


def test_no_story_changes(repo: Path, tmp_path: Path) -> None:
    (repo / "README.txt").write_text("not a story\n", encoding="utf-8")
    commit(repo)
    assert summary(repo, tmp_path) == "## Stories in this pull request\n\nThis pull request changes no story.\n"


def test_slugs_of_added_and_changed_stories_for_the_screenshots(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_story.new_story(repo, "Nigeria", name="Ada Obi", on=dt.date(2026, 1, 15))
    monday = repo / "stories" / "monday.yml"
    monday.write_text(monday.read_text(encoding="utf-8").replace("I had to beg", "I had to ask"), encoding="utf-8")
    (repo / "stories" / "veronica-ayuba.yml").unlink()
    template = repo / "stories" / "_template.yml"
    template.write_text(template.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    commit(repo)
    assert pr_summary.main(["--root", str(repo), "--base", "main", "--slugs"]) == 0
    assert capsys.readouterr().out == "ada\nmonday\n"  # a first-name story: only "Ada" is kept


def test_writes_to_the_github_step_summary(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    step_summary = tmp_path / "step_summary.md"
    step_summary.write_text("Earlier step.\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    (repo / "stories" / "veronica-ayuba.yml").unlink()
    commit(repo)
    assert pr_summary.main(["--root", str(repo), "--base", "main"]) == 0
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier step.\n## Stories in this pull request\n")
    assert "| `stories/veronica-ayuba.yml` | removed |" in text


def test_an_unknown_base_is_explained(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pr_summary.main(["--root", str(repo), "--base", "no-such-branch"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("git could not compare with 'no-such-branch':")
    assert "fetch-depth: 0" in err
