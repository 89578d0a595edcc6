"""Discovery: related stories, share links, languages of original quotes, the feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from jinja2 import Environment, FileSystemLoader

from storysite.story_blocks import related_stories, share_links
from storysite.feed import FEED_LIMIT, feed_entries, feed_notes
from storysite.languages import language_name, text_direction
from factories import make_story
from storysite.model import Country, Story, Theme
from storysite.story_order import newest_first

REPO = Path(__file__).resolve().parents[2]
NIGERIA = Country("NG", "Nigeria", "nigeria", (), False, "first-name", "")
SOUTH_SUDAN = Country("SS", "South Sudan", "south-sudan", (), False, "named", "")
MARRIAGE = Theme("early-marriage", "Early marriage", "...")
SCHOOL = Theme("girls-education", "Girls' education", "...")
MONEY = Theme("household-finances", "Household finances", "...")


def story(slug: str, collected: str, country: Country = NIGERIA, themes: tuple[Theme, ...] = (),
          scope: tuple[str, ...] = ("web",), published: str | None = None) -> Story:
    """The shared factory's story (tests/factories.py) with what these tests vary."""
    return make_story(
        slug, name=slug.title(), country=country, quote="We changed how we decide together.", themes=themes,
        collected=collected, consent={"scope": scope}, published=published,
    )


def test_related_stories_prefer_shared_themes_then_country_then_newest() -> None:
    me = story("me", "2024-01-01", NIGERIA, (MARRIAGE, SCHOOL))
    both_themes = story("both", "2020-01-01", SOUTH_SUDAN, (MARRIAGE, SCHOOL))
    theme_and_country = story("tc", "2021-01-01", NIGERIA, (MARRIAGE,))
    theme_only_new = story("tnew", "2023-01-01", SOUTH_SUDAN, (SCHOOL,))
    theme_only_old = story("told", "2019-01-01", SOUTH_SUDAN, (SCHOOL,))
    country_only = story("conly", "2024-06-01", NIGERIA, (MONEY,))
    unrelated = story("none", "2025-01-01", SOUTH_SUDAN, (MONEY,))
    everyone = (me, both_themes, theme_and_country, theme_only_new, theme_only_old, country_only, unrelated)
    assert [s.slug for s in related_stories(everyone)["me"]] == ["both", "tc", "tnew"]
    assert [s.slug for s in related_stories(everyone, limit=10)["me"]] == ["both", "tc", "tnew", "told", "conly"]
    assert related_stories((unrelated, me))["none"] == ()


def test_share_links_only_with_social_consent() -> None:
    assert share_links("https://example.org/stories/a/", story("a", "2024-01-01")) == ()
    links = share_links("https://example.org/stories/a/", story("a", "2024-01-01", scope=("web", "social")))
    assert [link.label for link in links] == ["Email", "WhatsApp", "X", "Facebook"]
    facebook = urlsplit(links[3].href)
    assert (facebook.netloc, parse_qs(facebook.query)) == ("www.facebook.com", {"u": ["https://example.org/stories/a/"]})
    email = urlsplit(links[0].href)
    assert email.scheme == "mailto"
    assert parse_qs(email.query)["body"][0].endswith("https://example.org/stories/a/")


@pytest.mark.parametrize(
    ("tag", "name", "direction"),
    [("fa-AF", "Dari", "rtl"), ("ps", "Pashto", "rtl"), ("ar", "Arabic", "rtl"), ("fr", "French", "ltr"),
     ("ha", "Hausa", "ltr"), ("sw", "Swahili", "ltr"), ("xx-YY", "xx-YY", "auto")],
)
def test_language_names_and_directions(tag: str, name: str, direction: str) -> None:
    assert language_name(tag) == name
    assert text_direction(tag) == direction


def test_feed_entries_are_newest_first_absolute_and_limited() -> None:
    days = [(dt.date(2024, 1, 1) - dt.timedelta(days=i)).isoformat() for i in range(FEED_LIMIT + 5)]
    stories = tuple(story(f"s{i:03d}", "2019-07-13", published=day) for i, day in enumerate(days))
    updated, entries = feed_entries(stories, "https://example.org/", dt.date(2026, 1, 15))
    assert updated == "2024-01-01T00:00:00Z"
    assert len(entries) == FEED_LIMIT
    assert entries[0].url == "https://example.org/stories/s000/"
    assert entries[1].updated == "2023-12-31T00:00:00Z"
    assert feed_notes(entries) == ()


def test_feed_dates_are_publication_days_never_the_recording_or_consent() -> None:
    recorded = story("recorded", "2019-07-13", published="2024-04-02")
    assert recorded.consent.given == dt.date(2024, 1, 1) and recorded.collected == dt.date(2019, 7, 13)
    updated, (entry,) = feed_entries((recorded,), "https://example.org/", dt.date(2026, 1, 15))
    assert (updated, entry.updated, entry.dated_today) == ("2024-04-02T00:00:00Z", "2024-04-02T00:00:00Z", False)
    assert "2019-07-13" not in repr((updated, entry.title, entry.url, entry.updated))


def test_a_story_without_published_is_dated_on_the_builds_day_and_the_log_says_so() -> None:
    undated = story("undated", "2019-07-13")
    dated = story("dated", "2025-01-01", published="2025-02-01")
    updated, entries = feed_entries((undated, dated), "https://example.org/", dt.date(2026, 1, 15))
    assert [(entry.story.slug, entry.updated, entry.dated_today) for entry in entries] == [
        ("undated", "2026-01-15T00:00:00Z", True), ("dated", "2025-02-01T00:00:00Z", False),
    ]
    assert updated == "2026-01-15T00:00:00Z"  # the newest entry's date, not the first one's
    assert feed_notes(entries) == (
        "Feed: stories/undated.yml has no published date, so its entry is dated today (2026-01-15) and changes "
        "with every build: add published: YYYY-MM-DD, the day it first went on the site",
    )


def test_the_feeds_date_is_the_newest_entry_wherever_it_stands() -> None:
    # Entries keep the order given; the feed's own date is the newest of them.
    older_first = (story("a", "2024-01-01", published="2024-02-01"), story("b", "2023-01-01", published="2025-03-01"))
    assert feed_entries(older_first, "https://example.org/", dt.date(2026, 1, 15))[0] == "2025-03-01T00:00:00Z"


def test_the_build_day_comes_from_stories_today_when_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORIES_TODAY", "2026-02-03")
    _, (entry,) = feed_entries((story("undated", "2019-07-13"),), "https://example.org/")
    assert entry.updated == "2026-02-03T00:00:00Z"


def test_an_empty_feed_has_a_fixed_date() -> None:
    assert feed_entries((), "https://example.org/", dt.date(2026, 1, 15)) == ("2000-01-01T00:00:00Z", ())


def test_newest_first_is_by_publication_undated_first_then_recording_then_slug() -> None:
    ordered = newest_first([
        story("old-on-site", "2025-06-01", published="2024-01-01"),
        story("new-on-site", "2019-01-01", published="2025-01-01"),
        story("undated-b", "2020-01-01"),
        story("undated-a", "2021-01-01"),
        story("same-day-z", "2022-01-01", published="2025-01-01"),
    ])
    assert [s.slug for s in ordered] == ["undated-a", "undated-b", "same-day-z", "new-on-site", "old-on-site"]


def test_related_stories_match_a_plain_comparison_of_every_pair() -> None:
    import random

    rng = random.Random(7)
    themes = (MARRIAGE, SCHOOL, MONEY)
    stories = tuple(
        story(f"s{i:03d}", (dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 60))).isoformat(),
              rng.choice((NIGERIA, SOUTH_SUDAN)), tuple(rng.sample(themes, rng.randint(0, 2))))
        for i in range(120)
    )

    def by_hand(me: Story) -> tuple[Story, ...]:
        mine = {theme.id for theme in me.themes}
        scored = []
        for other in stories:
            score = 2 * len(mine & {theme.id for theme in other.themes}) + (other.country == me.country)
            if other is not me and score:
                scored.append((-score, -other.collected.toordinal(), other.slug, other))
        return tuple(item[-1] for item in sorted(scored)[:3])

    related = related_stories(stories)
    assert all(related[me.slug] == by_hand(me) for me in stories)


# --- the feed as written: overrides/storysite/feed.xml -------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def written_feed(stories: tuple[Story, ...]) -> ET.Element:
    """feed.xml drawn from ``stories`` as the build draws it (our templates autoescape), parsed."""
    env = Environment(loader=FileSystemLoader(REPO / "overrides"), autoescape=True)
    updated, entries = feed_entries(stories, "https://example.org/", dt.date(2026, 1, 15))
    config = {"theme": {"language": "en"}, "site_name": "Stories", "site_description": "", "extra": {"organisation": "Org"}}
    text = env.get_template("storysite/feed.xml").render(site_url="https://example.org/", updated=updated, entries=entries, config=config)
    return ET.fromstring(text.lstrip())


def test_the_feed_entry_of_an_updated_story_carries_the_update_and_its_date() -> None:
    update = "A year later <b>he</b> & his wife run the savings group together."
    updated = make_story("updated", published="2024-04-02", updates=[("2025-06-01", update), ("2024-09-01", "An earlier note, long enough.")])
    plain = make_story("plain", published="2025-01-10")
    feed = written_feed(newest_first([plain, updated]))
    assert feed.findtext(f"{ATOM}updated") == "2025-06-01T00:00:00Z"
    first, second = feed.findall(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}id") == "https://example.org/stories/updated/"
    assert (first.findtext(f"{ATOM}updated"), first.findtext(f"{ATOM}published")) == ("2025-06-01T00:00:00Z", "2024-04-02T00:00:00Z")
    content = first.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "xhtml"
    # One XHTML paragraph, escaped: read back as typed.
    assert [p.text for p in content.iter("{http://www.w3.org/1999/xhtml}p")] == [update]
    assert first.findtext(f"{ATOM}summary") == updated.quote
    assert (second.find(f"{ATOM}content"), second.find(f"{ATOM}published")) == (None, None)
    assert second.findtext(f"{ATOM}updated") == "2025-01-10T00:00:00Z"
