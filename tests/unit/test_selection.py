"""selection: which stories are published on a date (consent), and what "today" is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from factories import make_story
from storysite import selection
from storysite.model import Story
from storysite.selection import EXPIRY_WARNING_DAYS, LeftOut, TodayError, select, today, why_not_published

ON = dt.date(2026, 1, 15)
MakeStory = Callable[..., Story]


@pytest.fixture
def story() -> MakeStory:
    """Make a story with the given slug and consent: story("x", expires="2026-01-15") (the
    shared factory's, tests/factories.py)."""

    def make(
        slug: str,
        *,
        given: str = "2024-01-01",
        expires: str = "2030-01-01",
        scope: tuple[str, ...] = ("web",),
        withdrawn: bool = False,
    ) -> Story:
        return make_story(slug, consent={"given": given, "expires": expires, "scope": scope, "withdrawn": withdrawn})

    return make


# --- why_not_published ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({}, None),
        ({"scope": ("web", "social", "print")}, None),
        ({"withdrawn": True}, "consent withdrawn"),
        ({"expires": "2026-01-15"}, "consent expired on 2026-01-15"),
        ({"expires": "2025-06-30"}, "consent expired on 2025-06-30"),
        ({"expires": "2026-01-16"}, None),
        ({"scope": ("social",)}, "consent scope has no 'web'"),
        ({"scope": ()}, "consent scope has no 'web'"),
        ({"given": "2026-01-16"}, "consent is dated 2026-01-16, after today"),
        ({"given": "2026-01-15"}, None),
        ({"withdrawn": True, "expires": "2020-01-02", "given": "2020-01-01", "scope": ()}, "consent withdrawn"),
        ({"expires": "2020-01-02", "given": "2020-01-01", "scope": ()}, "consent expired on 2020-01-02"),
    ],
)
def test_why_not_published(story: MakeStory, kwargs: dict, reason: str | None) -> None:
    assert why_not_published(story("x", **kwargs), ON) == reason


def test_a_story_goes_offline_on_its_expiry_day(story: MakeStory) -> None:
    item = story("x", expires="2026-01-15")
    assert why_not_published(item, ON - dt.timedelta(days=1)) is None
    assert why_not_published(item, ON) == "consent expired on 2026-01-15"
    assert why_not_published(item, ON + dt.timedelta(days=1)) == "consent expired on 2026-01-15"


# --- select -------------------------------------------------------------------------------------


def test_select_splits_published_and_left_out_keeping_order(story: MakeStory) -> None:
    stories = [
        story("c-ok"),
        story("a-withdrawn", withdrawn=True),
        story("b-ok"),
        story("d-expired", expires="2025-12-31"),
        story("e-social-only", scope=("social",)),
    ]
    chosen = select(stories, ON)
    assert [item.slug for item in chosen.published] == ["c-ok", "b-ok"]
    assert chosen.left_out == (
        LeftOut(stories[1], "consent withdrawn"),
        LeftOut(stories[3], "consent expired on 2025-12-31"),
        LeftOut(stories[4], "consent scope has no 'web'"),
    )
    assert chosen.expiring == ()


def test_select_warns_about_consent_ending_within_90_days_sorted_by_date_then_slug(story: MakeStory) -> None:
    assert EXPIRY_WARNING_DAYS == 90
    stories = [
        story("z-in-90-days", expires="2026-04-15"),
        story("y-in-91-days", expires="2026-04-16"),
        story("x-in-60-days", expires="2026-03-16"),
        story("b-tomorrow", expires="2026-01-16"),
        story("a-tomorrow", expires="2026-01-16"),
        story("withdrawn-tomorrow", expires="2026-01-16", withdrawn=True),
        story("expired-today", expires="2026-01-15"),
    ]
    assert ON + dt.timedelta(days=90) == dt.date(2026, 4, 15)
    chosen = select(tuple(stories), ON)
    assert [item.slug for item in chosen.published] == [
        "z-in-90-days", "y-in-91-days", "x-in-60-days", "b-tomorrow", "a-tomorrow",
    ]
    assert [item.slug for item in chosen.expiring] == ["a-tomorrow", "b-tomorrow", "x-in-60-days", "z-in-90-days"]
    assert [(left.story.slug, left.reason) for left in chosen.left_out] == [
        ("withdrawn-tomorrow", "consent withdrawn"),
        ("expired-today", "consent expired on 2026-01-15"),
    ]


def test_select_of_nothing_is_empty() -> None:
    chosen = select([], ON)
    assert (chosen.published, chosen.left_out, chosen.expiring) == ((), (), ())


# --- today ---------------------------------------------------------------------------------------


def test_today_reads_stories_today() -> None:
    assert today({"STORIES_TODAY": "2030-01-01"}) == dt.date(2030, 1, 1)


def test_today_strips_spaces() -> None:
    assert today({"STORIES_TODAY": " 2030-01-01\n"}) == dt.date(2030, 1, 1)


@pytest.mark.parametrize("environ", [{}, {"STORIES_TODAY": ""}, {"STORIES_TODAY": "   "}])
def test_today_without_stories_today_is_the_real_date(environ: dict[str, str]) -> None:
    before = dt.date.today()
    value = today(environ)
    assert before <= value <= dt.date.today()


def test_today_ignores_source_date_epoch() -> None:
    before = dt.date.today()
    assert today({"SOURCE_DATE_EPOCH": "0"}) >= before
    assert today({"SOURCE_DATE_EPOCH": "0", "STORIES_TODAY": "2031-02-03"}) == dt.date(2031, 2, 3)


def test_today_reads_the_process_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2029-12-31")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532800")
    assert today() == dt.date(2029, 12, 31)
    monkeypatch.delenv("STORIES_TODAY")
    assert today() >= dt.date(2025, 1, 1)


@pytest.mark.parametrize("typed", ["2024-13-45", "tomorrow", "15/01/2026", "2026-02-30"])
def test_today_refuses_a_value_that_is_not_a_date(typed: str) -> None:
    with pytest.raises(TodayError) as caught:
        today({"STORIES_TODAY": typed})
    assert str(caught.value) == f"STORIES_TODAY={typed!r} is not a date; write it as YYYY-MM-DD"
    assert isinstance(caught.value, ValueError)


def test_consent_statuses_list_every_story_soonest_expiry_first(story: MakeStory) -> None:
    stories = [
        story("later", expires="2030-01-01"),
        story("b-soon", expires="2026-01-27"),
        story("a-soon", expires="2026-01-27"),
        story("tomorrow", expires="2026-01-16"),
        story("in-90-days", expires="2026-04-15"),
        story("in-91-days", expires="2026-04-16"),
        story("gone", expires="2026-01-15"),
        story("withdrawn", withdrawn=True),
    ]
    assert [(status.story.slug, status.status) for status in selection.consent_statuses(stories, ON)] == [
        ("gone", "left out: consent expired on 2026-01-15"),
        ("tomorrow", "published; expires in 1 day"),
        ("a-soon", "published; expires in 12 days"),
        ("b-soon", "published; expires in 12 days"),
        ("in-90-days", "published; expires in 90 days"),
        ("in-91-days", "published"),
        ("later", "published"),
        ("withdrawn", "left out: consent withdrawn"),
    ]
