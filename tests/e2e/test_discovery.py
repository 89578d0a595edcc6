"""Discovery: country and theme pages, related stories, the feed, original-language quotes."""

from __future__ import annotations

from pathlib import Path

import feedparser
from built_html import content, page, text

from sitebuild import Project

DARI_STORY = """\
identity: anonymous
country: Afghanistan
role: graduate
quote: We did not ask our daughters before they were engaged. Now we ask them first.
original:
  lang: fa-AF
  text: ما قبل از نامزدی از دخترانمان نمی‌پرسیدیم. حالا اول از آنها می‌پرسیم.
  translator: A. Translator
themes: [early-marriage]
collected: 2025-05-01
consent:
  given: 2025-05-01
  expires: 2030-05-01
  scope: [web]
  reference: CF-2025-0009
"""


def test_each_country_and_theme_in_use_has_its_page(sample_site: Path) -> None:
    body = content(page(sample_site, "countries/nigeria/"))
    assert text(body.select_one("h1")) == "Stories from Nigeria"
    assert [a["href"] for a in body.select(".ss-card__name a")] == ["../../stories/veronica-ayuba/", "../../stories/monday/"]
    theme = content(page(sample_site, "themes/early-marriage/"))
    assert text(theme.select_one("h1")) == "Stories about early marriage"
    assert len(theme.select(".ss-card")) == 2
    # DR Congo has no story yet and inheritance no story: no empty pages.
    assert not (sample_site / "countries" / "dr-congo").exists()
    assert not (sample_site / "themes" / "inheritance").exists()


def test_story_pages_link_to_country_themes_and_related_stories(sample_site: Path) -> None:
    body = content(page(sample_site, "stories/obadia-lowiya-steven/"))
    assert body.select_one(".ss-story__eyebrow a")["href"] == "../../countries/south-sudan/"
    assert [a["href"] for a in body.select(".ss-tags a")] == ["../../themes/girls-education/", "../../themes/early-marriage/"]
    related = [a["href"] for a in body.select(".ss-related .ss-card__name a")]
    assert related == ["../../stories/afghanistan-graduate-1/"]  # the one other story about early marriage


def test_stories_index_filters_by_links_without_javascript(sample_site: Path) -> None:
    nav = content(page(sample_site, "stories/")).select_one("nav.ss-filter")
    countries = [(text(a), a["href"]) for a in nav.select('a[data-ss-filter="country"]')]
    assert countries == [
        ("Afghanistan (1)", "../countries/afghanistan/"), ("Nigeria (2)", "../countries/nigeria/"),
        ("South Sudan (1)", "../countries/south-sudan/"),
    ]
    assert len(nav.select('a[data-ss-filter="theme"]')) == 4


def test_share_links_only_on_stories_with_social_consent(sample_site: Path) -> None:
    shared = content(page(sample_site, "stories/monday/")).select(".ss-share a")
    assert [text(a) for a in shared] == ["Email", "WhatsApp", "X", "Facebook"]
    # The Afghan graduate's consent covers the web only.
    assert content(page(sample_site, "stories/afghanistan-graduate-1/")).select_one(".ss-share") is None


def test_feed_is_valid_atom_with_absolute_links_newest_first(sample_site: Path) -> None:
    feed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.link for entry in feed.entries] == [
        f"https://stories.example.org/stories/{slug}/"
        for slug in ("obadia-lowiya-steven", "veronica-ayuba", "afghanistan-graduate-1", "monday")
    ]
    assert feed.entries[3].summary == "I had to beg my wife for forgiveness for all the things I have done in the past."
    assert feed.entries[3].title == "Monday, Nigeria"
    advertised = page(sample_site, "stories/monday/").select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert advertised["href"] == "../../feed.xml"


def test_a_dari_original_is_marked_right_to_left_and_named(project: Project) -> None:
    project.write("stories/afghanistan-graduate-2.yml", DARI_STORY)
    built = project.build()
    assert built.returncode == 0, built.output
    original = content(page(built.site, "stories/afghanistan-graduate-2/")).select_one(".ss-original")
    quote = original.select_one("blockquote")
    assert (quote["lang"], quote["dir"]) == ("fa-AF", "rtl")
    assert text(original.select_one(".ss-original__label")) == "In Dari, as spoken"
    assert text(original.select_one(".ss-translator")) == "Translated for the programme."
