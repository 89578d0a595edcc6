"""Follow-ups (``updates:``) and the year a speaker took part (``took_part:``), issue 16 §1.

Read with the contract's strict reading (exact messages and lines), held back until
their day like ``published``, and dating the story in "newest first" and in the feed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from factories import make_story, story_yaml
from unit_fixtures import Project
from storysite import cms
from storysite.catalogue import load_catalogue
from storysite.contract import UPDATES
from storysite.feed import feed_entries
from storysite.model import Update
from storysite.paragraphs import paragraphs_of
from storysite.selection import select
from storysite.story_order import last_news, newest_first

P = "stories/obadia-lowiya-steven.yml"
LATER = "Two years on, he trains other fathers in his village to share the work."
SOONER = "A year later he and his wife run the family's savings together."


def loaded(project: Project, **overrides: object):
    project.story(story_yaml(**overrides))
    (story,) = project.load().stories
    return story


# --- reading --------------------------------------------------------------------------------------


def test_updates_load_newest_first(tmp_project: Project) -> None:
    story = loaded(tmp_project, updates=[{"date": "2025-03-01", "text": SOONER}, {"date": "2026-03-01", "text": LATER}])
    assert [(u.date, u.text) for u in story.updates] == [(dt.date(2026, 3, 1), LATER), (dt.date(2025, 3, 1), SOONER)]
    assert story.newest_update == story.updates[0]


def test_a_story_without_updates_has_none(tmp_project: Project) -> None:
    story = loaded(tmp_project)
    assert (story.updates, story.newest_update, story.took_part) == ((), None, None)


def test_update_text_is_read_like_the_quote(tmp_project: Project) -> None:
    # Lines: updates at 19, its first entry's date at 20 and text at 21.
    tmp_project.story(story_yaml(updates=[{"date": "2025-03-01", "text": "Too short."}]))
    assert tmp_project.errors() == [
        f"{P}:21: updates.text: is 10 characters long; it must be 20 to 1200 "
        "(what happened next, plain text, 20 to 1200 characters; a blank line starts a new paragraph)"
    ]
    tmp_project.story(story_yaml(updates=[{"date": "2025-03-01", "text": "x" * 1201}]))
    assert [e.split(":")[2] for e in tmp_project.errors()] == [" updates.text"]
    tmp_project.story(story_yaml(updates=[{"date": "2025-03-01", "text": SOONER + "\u202e"}]))
    assert tmp_project.errors()[0].startswith(f"{P}:21: updates.text: contains an invisible character")


def test_update_at_its_limits_loads(tmp_project: Project) -> None:
    story = loaded(tmp_project, updates=[{"date": "2025-03-01", "text": "x" * 20}, {"date": "2025-04-01", "text": "y" * 1200}])
    assert [len(u.text) for u in story.updates] == [1200, 20]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"date": "2025-3-01", "text": SOONER}, "20: updates.date: '2025-3-01' is not a date (write the date as YYYY-MM-DD, e.g. 2024-03-08)"),
        ({"text": SOONER}, "20: updates.date: missing (the day the update goes on the site, as YYYY-MM-DD)"),
        ({"date": "2025-03-01"}, "20: updates.text: missing "
         "(what happened next, plain text, 20 to 1200 characters; a blank line starts a new paragraph)"),
        ({"date": "2025-03-01", "text": SOONER, "txet": "x"}, "22: updates.txet: unknown field (did you mean 'text'?)"),
        ({"date": "2023-12-31", "text": SOONER}, "20: updates.date: 2023-12-31 is before consent was given (2024-01-01) "
         "(an update goes on the site after consent was given: on or after consent.given)"),
    ],
)
def test_update_errors_name_the_entry_line(tmp_project: Project, entry: dict, expected: str) -> None:
    tmp_project.story(story_yaml(updates=[entry]))
    assert tmp_project.errors() == [f"{P}:{expected}"]


def test_updates_must_be_a_list_of_entries(tmp_project: Project) -> None:
    tmp_project.story(story_yaml(updates="A year later"))
    assert tmp_project.errors() == [f"{P}:19: updates: must be a list, not text"]
    tmp_project.story(story_yaml(updates=["A year later"]))
    assert tmp_project.errors() == [f"{P}:20: updates: holds text where each entry is a group of fields"]


@pytest.mark.parametrize(("typed", "year"), [("2019", 2019), ("1990", 1990), ("2026", 2026), ('"2019"', 2019)])
def test_took_part_is_a_year_up_to_this_year(tmp_project: Project, monkeypatch: pytest.MonkeyPatch, typed: str, year: int) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    tmp_project.story(story_yaml() + f"took_part: {typed}\n")
    (story,) = tmp_project.load().stories
    assert story.took_part == year


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027", "2027 is not from 1990 to 2026 (the year the speaker took part in the programme, e.g. 2019)"),
        ("1989", "1989 is not from 1990 to 2026 (the year the speaker took part in the programme, e.g. 2019)"),
        ("19", "'19' is not a year (write the year as four digits, e.g. 2019)"),
        ("2019-05", "'2019-05' is not a year (write the year as four digits, e.g. 2019)"),
        ("[2019]", "must be text, not a list (the year the speaker took part in the programme, e.g. 2019)"),
    ],
)
def test_took_part_refused(tmp_project: Project, monkeypatch: pytest.MonkeyPatch, typed: str, expected: str) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-01-15")
    tmp_project.story(story_yaml() + f"took_part: {typed}\n")
    assert tmp_project.errors() == [f"{P}:19: took_part: {expected}"]


# --- held back until their day; newest first; the feed ----------------------------------------------


def test_a_future_update_is_held_back_until_its_day() -> None:
    story = make_story(updates=[("2026-01-10", SOONER), ("2026-02-01", LATER)])
    (shown,) = select([story], dt.date(2026, 1, 15)).published
    assert [u.text for u in shown.updates] == [SOONER]
    (shown,) = select([story], dt.date(2026, 2, 1)).published
    assert [u.text for u in shown.updates] == [LATER, SOONER]
    (shown,) = select([make_story(updates=[("2026-02-01", LATER)])], dt.date(2026, 1, 15)).published
    assert shown.updates == () and shown.newest_update is None


def test_a_new_update_moves_the_story_up() -> None:
    older = make_story("older", published="2024-01-10", updates=[("2025-06-01", SOONER)])
    newer = make_story("newer", published="2025-01-10")
    before = make_story("before", published="2025-08-01", updates=[("2025-02-01", SOONER)])  # update before publication
    assert [s.slug for s in newest_first([newer, older, before])] == ["before", "older", "newer"]
    assert (last_news(older), last_news(newer), last_news(before)) == (
        dt.date(2025, 6, 1), dt.date(2025, 1, 10), dt.date(2025, 8, 1),
    )
    assert last_news(make_story(published=None, updates=[("2025-06-01", SOONER)])) == dt.date(2025, 6, 1)


def test_the_feed_entry_is_updated_and_carries_the_update() -> None:
    updated = make_story("updated", published="2024-01-10", updates=[("2025-06-01", SOONER), ("2025-01-01", LATER)])
    plain = make_story("plain", published="2025-01-10")
    feed_updated, (first, second) = feed_entries(newest_first([plain, updated]), "https://example.org/", dt.date(2026, 1, 15))
    assert feed_updated == "2025-06-01T00:00:00Z"
    assert (first.story.slug, first.updated, first.published) == ("updated", "2025-06-01T00:00:00Z", "2024-01-10T00:00:00Z")
    assert first.update is not None and first.update.text == SOONER
    assert (second.updated, second.update, second.published) == ("2025-01-10T00:00:00Z", None, None)
    # An update older than the publication day does not date the entry.
    _, (entry,) = feed_entries((make_story(published="2025-08-01", updates=[("2025-02-01", SOONER)]),), "https://e.org/", dt.date(2026, 1, 1))
    assert (entry.updated, entry.update) == ("2025-08-01T00:00:00Z", None)


def test_the_news_update_is_the_one_the_order_and_the_feed_use() -> None:
    # One definition (Story.news_update) for the order, the feed and the card (review R1).
    before = make_story(published="2025-08-01", updates=[("2025-02-01", SOONER)])
    after = make_story(published="2024-04-02", updates=[("2025-02-01", SOONER), ("2024-12-01", LATER)])
    assert before.news_update is None and last_news(before) == dt.date(2025, 8, 1)
    assert after.news_update == after.updates[0] and last_news(after) == dt.date(2025, 2, 1)
    (entry,) = feed_entries((after,), "https://example.org/", dt.date(2026, 1, 15))[1]
    assert entry.update == after.news_update
    assert make_story(published=None, updates=[("2025-02-01", SOONER)]).news_update is not None


def test_update_text_is_stored_in_nfc_and_stripped(tmp_project: Project) -> None:
    # Like the quote: "é" typed as e + U+0301 is stored as one character (review R1).
    decomposed = "  A year later he and his wife opened a cafe\u0301 together in the market.  "
    story = loaded(tmp_project, updates=[{"date": "2025-03-01", "text": decomposed}])
    assert story.updates[0].text == "A year later he and his wife opened a café together in the market."


# --- paragraphs: a blank line starts a new one, as in the longer testimony ---------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("One paragraph only.", ("One paragraph only.",)),
        ("One paragraph\nover two lines.", ("One paragraph\nover two lines.",)),
        ("First.\n\nSecond.", ("First.", "Second.")),
        ("First.\n   \t\nSecond.", ("First.", "Second.")),  # a blank line holding spaces and a tab
        ("First.\n\n\n\nSecond.", ("First.", "Second.")),  # several blank lines are one break
        ("First.\r\n\r\nSecond.\r\nStill second.", ("First.", "Second.\nStill second.")),  # Windows
        ("First.\r\rSecond.", ("First.", "Second.")),  # old Mac line ends
        ("\n\n  First.\n\nSecond.  \n\n\n", ("First.", "Second.")),  # blank lines before and after
        ("", ()),
        (" \n\n \n", ()),
        (None, ()),
    ],
)
def test_text_is_cut_into_paragraphs_at_blank_lines(typed: str | None, expected: tuple[str, ...]) -> None:
    assert paragraphs_of(typed) == expected


TWO_PARAGRAPHS = (
    "A year on, his eldest daughter has finished primary school.\n"
    "She started secondary in January.\n"
    "\n"
    "He now leads the fathers' group that meets every month."
)


def test_an_update_and_the_testimony_are_cut_by_the_same_rule(tmp_project: Project) -> None:
    story = loaded(tmp_project, story=TWO_PARAGRAPHS, updates=[{"date": "2025-03-01", "text": TWO_PARAGRAPHS}])
    (update,) = story.updates
    assert update.paragraphs == story.paragraphs == (
        "A year on, his eldest daughter has finished primary school.\nShe started secondary in January.",
        "He now leads the fathers' group that meets every month.",
    )
    # The whole text stays as typed, blank line included: its length limits count it.
    assert update.text == TWO_PARAGRAPHS
    assert Update(dt.date(2025, 3, 1), SOONER).paragraphs == (SOONER,)


def test_a_literal_block_with_blank_lines_gives_paragraphs(tmp_project: Project) -> None:
    # What an editor types, as the contract says: text: | and indented lines, Windows line ends too.
    typed = (
        story_yaml()
        + "updates:\n"
        + "  - date: 2025-03-01\n"
        + "    text: |\n"
        + "      A year on, his daughter has finished primary school.\n"
        + "      \n"
        + "      He now leads the fathers' group in his village.\n"
    )
    for line_end in ("\n", "\r\n"):
        tmp_project.story(typed.replace("\n", line_end))
        (story,) = tmp_project.load().stories
        assert story.updates[0].paragraphs == (
            "A year on, his daughter has finished primary school.",
            "He now leads the fathers' group in his village.",
        )


def test_the_length_limit_counts_the_whole_text_not_a_paragraph(tmp_project: Project) -> None:
    # Two paragraphs of 600 characters and the blank line between: 1202 characters, refused.
    tmp_project.story(story_yaml(updates=[{"date": "2025-03-01", "text": "x" * 600 + "\n\n" + "y" * 600}]))
    assert tmp_project.errors() == [
        f"{P}:21: updates.text: is 1202 characters long; it must be 20 to 1200 "
        "(what happened next, plain text, 20 to 1200 characters; a blank line starts a new paragraph)"
    ]
    # Two short paragraphs of 10 characters each, 22 with the blank line: long enough together.
    story = loaded(tmp_project, updates=[{"date": "2025-03-01", "text": "x" * 10 + "\n\n" + "y" * 10}])
    assert story.updates[0].paragraphs == ("x" * 10, "y" * 10)


def test_the_contract_and_the_form_say_a_blank_line_starts_a_paragraph() -> None:
    text = UPDATES.field("text")
    # The paragraph is said everywhere; how to type it in YAML only where a file is written.
    assert "A blank line starts a new paragraph." in text.description
    assert text.in_file == "Write text: | and the paragraphs on indented lines."
    assert text.hint.endswith("; a blank line starts a new paragraph")
    errors: list = []
    catalogue = load_catalogue(Path(__file__).resolve().parents[2], errors)
    assert not errors
    config = yaml.safe_load(cms.render_config(cms.cms_config(catalogue, {}, dt.date(2026, 1, 15))))
    for collection in config["collections"]:
        (updates,) = [item for item in collection["fields"] if item["name"] == "updates"]
        (widget,) = [item for item in updates["fields"] if item["name"] == "text"]
        # Several lines, so that the blank line between paragraphs can be typed.
        assert widget["widget"] == "text"
        assert "A blank line starts a new paragraph." in widget["hint"]
        assert "indented" not in widget["hint"] and ": |" not in widget["hint"]
