"""Consent that is renewed (issue 16 §4): at most five years, "ends soon" 90 days ahead, and
the daily publish run's job summary listing what ends within 30 days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import yaml12
from factories import story_yaml
from tool_scripts import load_tool
from unit_fixtures import Project
from storysite.contract import CONSENT_YEARS, latest_expiry

P = "stories/obadia-lowiya-steven.yml"
REPO = Path(__file__).resolve().parents[2]
report = load_tool("consent_report")


@pytest.mark.parametrize(
    ("given", "expires"),
    [("2024-01-01", "2029-01-01"), ("2024-02-29", "2029-02-28"), ("2024-01-01", "2024-01-02")],
)
def test_consent_of_five_years_or_less_is_accepted(tmp_project: Project, given: str, expires: str) -> None:
    tmp_project.story(story_yaml(consent={"given": given, "expires": expires}, published=None))
    assert tmp_project.errors() == []


@pytest.mark.parametrize(
    ("given", "expires", "latest"),
    [("2024-01-01", "2029-01-02", "2029-01-01"), ("2024-02-29", "2029-03-01", "2029-02-28"), ("2020-01-01", "2099-01-01", "2025-01-01")],
)
def test_consent_longer_than_five_years_is_refused_with_a_hint_to_renew(
    tmp_project: Project, given: str, expires: str, latest: str
) -> None:
    tmp_project.story(story_yaml(consent={"given": given, "expires": expires}, published=None))
    # Line 12: consent.expires in the factory's file (published removed).
    assert tmp_project.errors() == [
        f"{P}:12: consent.expires: {expires} is more than 5 years after consent was given ({given}) "
        "(consent lasts at most 5 years: renew it with the person (a new form, given and reference) "
        f"or end it on or before {latest})"
    ]


def test_latest_expiry_is_five_years_on() -> None:
    assert CONSENT_YEARS == 5
    assert latest_expiry(dt.date(2023, 5, 12)) == dt.date(2028, 5, 12)
    assert latest_expiry(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)


def test_the_samples_and_the_template_keep_to_five_years() -> None:
    for path in [*sorted((REPO / "stories").glob("*.yml")), *sorted((REPO / "tests" / "fixtures").rglob("stories/*.yml"))]:
        consent = yaml12.load(path.read_text(encoding="utf-8"))["consent"]
        given, expires = (dt.date.fromisoformat(str(consent[key])) for key in ("given", "expires"))
        assert expires <= latest_expiry(given), path.name


# --- the consent report's reminder -----------------------------------------------------------------


def _project(tmp_project: Project) -> Project:
    tmp_project.story(story_yaml(consent={"given": "2024-01-01", "expires": "2026-02-14"}), slug="obadia-lowiya-steven")
    tmp_project.story(story_yaml(name="Mary Akol", consent={"given": "2024-01-01", "expires": "2026-02-15"}), slug="mary-akol")
    tmp_project.story(story_yaml(name="Ann | <b>Deng</b>", consent={"given": "2024-01-01", "expires": "2026-01-20", "withdrawn": True}), slug="ann-deng")
    tmp_project.story(story_yaml(name="Peter Lado", consent={"given": "2024-01-01", "expires": "2028-01-01"}), slug="peter-lado")
    return tmp_project


def test_within_keeps_the_published_stories_ending_in_that_time(tmp_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    root = _project(tmp_project).root
    assert [row[0] for row in report.rows(root, 30)] == ["stories/obadia-lowiya-steven.yml"]
    assert [row[0] for row in report.rows(root, 31)] == ["stories/obadia-lowiya-steven.yml", "stories/mary-akol.yml"]
    assert len(report.rows(root)) == 4


def test_markdown_for_the_job_summary(tmp_project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    root = _project(tmp_project).root
    assert report.main(["--root", str(root), "--within", "30", "--markdown"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "### Consent ending within 30 days",
        "",
        "| story | country | expires | status |",
        "| --- | --- | --- | --- |",
        "| stories/obadia-lowiya-steven.yml | South Sudan | 2026-02-14 | published; expires in 30 days |",
        "",
        "Renew each consent with the person (a new form) before it ends, or the story goes offline that day.",
    ]
    monkeypatch.setenv("STORIES_TODAY", "2025-01-15")
    assert report.main(["--root", str(root), "--within", "30", "--markdown"]) == 0
    assert capsys.readouterr().out == "### Consent ending within 30 days\n\nNo story’s consent ends in that time.\n"


def test_markdown_cells_cannot_break_the_table() -> None:
    assert report.markdown([("a|b", "", "<b>x</b>", "", "", "", "", "ok")], None).splitlines()[-1] == "| a\\|b | &lt;b&gt;x&lt;/b&gt; |  | ok |"


def test_the_daily_run_writes_the_reminder_into_its_summary() -> None:
    flow = yaml12.load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert "schedule" in flow["on"]
    steps = flow["jobs"]["build"]["steps"]
    [reminder] = [step for step in steps if "tools.consent_report" in step.get("run", "")]
    assert reminder["run"] == '.venv/bin/python -m tools.consent_report --within 30 --markdown >> "$GITHUB_STEP_SUMMARY"'
    assert reminder["if"] == "${{ !cancelled() && github.event_name == 'schedule' }}"
    assert reminder.get("continue-on-error") is True, "a reminder that fails never holds back the deploy"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    build = next(step for step in steps if step.get("run") == "make build")
    assert steps.index(build) < steps.index(reminder) < steps.index(upload)


def test_the_consent_report_uses_the_one_guard_against_csv_injection() -> None:
    # Typed once (storysite.spreadsheet_cells), for the open figures and this report alike.
    from storysite import spreadsheet_cells

    assert report.spreadsheet_safe is spreadsheet_cells.spreadsheet_safe


def test_a_summary_that_cannot_be_made_says_so(tmp_project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # On a day the stories have errors, the job summary says the reminder is missing
    # instead of staying empty, which would read as "nothing ends soon" (review R1).
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    tmp_project.story(story_yaml(featured="yes"))
    assert report.main(["--root", str(tmp_project.root), "--within", "30", "--markdown"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("### Consent ending within 30 days\n\nThis list could not be made today")
    assert "featured: must be true or false" in err and "featured" not in out
    assert report.main(["--root", str(tmp_project.root), "--within", "30"]) == 1
    assert capsys.readouterr().out == ""  # only the job summary's Markdown says it on stdout
