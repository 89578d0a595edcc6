"""A story's own page and its card, built from a copy of the sample with a photo of the
speaker, a stand-in photo, follow-ups, the years people took part and a long quote."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from built_html import content, page, text
from photo_fixtures import jpeg_with_everything

from sitebuild import REPO, copy_project

LONG_QUOTE = (
    "When the training started I did not believe a word of it, and I told the facilitator so in front of "
    "everyone. Months later I was the one explaining to my brothers why our daughters should stay in "
    "school. Today my wife and I decide together what we spend. Nobody in my family expected that from me."
)
TWO_PARAGRAPH_UPDATE = (
    "Veronica’s husband now shares the farm’s money with her,\n"
    "and they plan the season together.\n"
    "\n"
    "This year their youngest daughter started school."
)
EXTRA = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]


def _append(root: Path, slug: str, text_: str) -> None:
    path = root / "stories" / f"{slug}.yml"
    path.write_text(path.read_text(encoding="utf-8") + text_, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("story-page") / "project")
    root = project.root
    (root / "stories" / "photos").mkdir(exist_ok=True)
    (root / "stories" / "photos" / "portrait.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(800, 1000)))
    (root / "stories" / "photos" / "wide.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(1200, 800)))
    # A protected story with a stand-in photo and a year that must not show.
    _append(root, "afghanistan-graduate-1", (
        "took_part: 2019\n"
        "photo:\n  file: photos/portrait.jpg\n  alt: A man stands by a wall\n  credit: Test Photographer\n  representative: true\n"
    ))
    # A named story with its own photo, a year and two follow-ups (written oldest first).
    _append(root, "obadia-lowiya-steven", (
        "took_part: 2022\n"
        "photo:\n  file: photos/wide.jpg\n  alt: A man outside a classroom\n  credit: Charles Lomodong\n"
        "updates:\n"
        "  - date: 2024-11-20\n    text: He now leads a group of fathers who meet every month to talk about schooling.\n"
        "  - date: 2025-06-01\n    text: A year on, his eldest daughter has finished primary school and started secondary.\n"
    ))
    # A follow-up of two paragraphs, as an editor types it (text: | and a blank line).
    _append(root, "veronica-ayuba", (
        "updates:\n"
        "  - date: 2025-09-10\n"
        "    text: |\n"
        + "".join(f"      {line}\n" if line else "\n" for line in TWO_PARAGRAPH_UPDATE.split("\n"))
    ))
    monday = root / "stories" / "monday.yml"
    lines = monday.read_text(encoding="utf-8").splitlines()
    monday.write_text("\n".join(f"quote: {LONG_QUOTE}" if line.startswith("quote:") else line for line in lines) + "\n", encoding="utf-8")
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    yield built.site


def positions(body, *selectors: str) -> list[int]:
    """Where the first element matching each selector comes in ``body``, in document order."""
    everything = body.find_all(True)
    return [next(index for index, element in enumerate(everything) if element is body.select_one(selector)) for selector in selectors]


def context_lines(body) -> dict[str, str]:
    return {text(item.select_one("dt")): text(item.select_one("dd")) for item in body.select(".ss-context .ss-context__item")}


def test_who_speaks_is_said_once(site: Path) -> None:
    body = content(page(site, "stories/obadia-lowiya-steven/"))
    story = body.select_one(".ss-story")
    assert text(story.select_one("h1")) == "Obadia Lowiya Steven"
    assert text(story.select_one(".ss-story__eyebrow")) == "Graduate · South Sudan"
    # The quote is not signed again under the heading that names its speaker.
    assert story.select(".ss-pullquote__by") == []
    assert text(story).count("Obadia Lowiya Steven") == 1


def test_an_unnamed_speakers_heading_is_not_repeated_under_it(site: Path) -> None:
    header = content(page(site, "stories/afghanistan-graduate-1/")).select_one(".ss-story__header")
    assert text(header.select_one("h1")) == "Graduate, Afghanistan"
    assert header.select(".ss-story__eyebrow") == []
    assert text(header.select_one(".ss-story__note")) == "The speaker is not named, for their safety."


def test_context_lines_name_programme_country_and_year(site: Path) -> None:
    body = content(page(site, "stories/obadia-lowiya-steven/"))
    assert context_lines(body) == {"Programme": EXTRA["programme"], "Country": "South Sudan", "Took part": "2022"}
    assert body.select_one(".ss-context a")["href"] == "../../countries/south-sudan/"
    # Without the year in its file, a story says only what it knows.
    assert context_lines(content(page(site, "stories/monday/"))) == {"Programme": EXTRA["programme"], "Country": "Nigeria"}


def test_a_protected_story_never_shows_the_year_its_speaker_took_part(site: Path) -> None:
    soup = page(site, "stories/afghanistan-graduate-1/")
    assert context_lines(content(soup)) == {"Programme": EXTRA["programme"], "Country": "Afghanistan"}
    assert "2019" not in str(soup)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [entry for entry in index["docs"] if entry["location"].startswith("stories/afghanistan-graduate-1/")]
    assert entries and not [entry for entry in entries if "2019" in entry["text"] + entry["title"]]


def test_updates_show_under_the_testimony_newest_first_with_their_dates(site: Path) -> None:
    body = content(page(site, "stories/obadia-lowiya-steven/"))
    section = body.select_one("section.ss-updates")
    assert text(section.select_one("h2")) == "What happened next"
    updates = section.select(".ss-update")
    assert [(text(u.select_one("h3")), u.select_one("time")["datetime"]) for u in updates] == [
        ("1 June 2025", "2025-06-01"), ("20 November 2024", "2024-11-20"),
    ]
    assert text(updates[0].select_one("p")).startswith("A year on, his eldest daughter")
    # Under the testimony (after the quote and the themes), before the call to give.
    quote, tags, context, shown, give = positions(
        body, ".ss-pullquote", ".ss-tags", "dl.ss-context", "section.ss-updates", "aside.ss-story-give")
    # The context row follows the themes: it is outside the content that search parses.
    assert quote < tags < context < shown < give
    assert content(page(site, "stories/monday/")).select("section.ss-updates") == []


def test_an_update_of_two_paragraphs_shows_two_under_its_date(site: Path) -> None:
    (update,) = content(page(site, "stories/veronica-ayuba/")).select("section.ss-updates .ss-update")
    assert text(update.select_one("h3")) == "10 September 2025"
    # The date heading first, then one paragraph for each part between blank lines.
    assert [child.name for child in update.find_all(True, recursive=False)] == ["h3", "p", "p"]
    assert [text(p) for p in update.select(":scope > p")] == [
        "Veronica’s husband now shares the farm’s money with her, and they plan the season together.",
        "This year their youngest daughter started school.",
    ]
    # A one-paragraph update is still one paragraph.
    assert [len(u.select(":scope > p")) for u in content(page(site, "stories/obadia-lowiya-steven/")).select(".ss-update")] == [1, 1]


def test_the_feed_carries_the_update_as_its_paragraphs(site: Path) -> None:
    atom, xhtml = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/1999/xhtml}"
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{atom}entry")
    (entry,) = [e for e in entries if e.find(f"{atom}link").get("href").endswith("stories/veronica-ayuba/")]
    body = entry.find(f"{atom}content")
    # XHTML, not text: Atom readers may run the lines of a type="text" content together.
    assert body.get("type") == "xhtml"
    (wrapper,) = list(body)
    assert wrapper.tag == f"{xhtml}div"
    assert [p.text for p in wrapper.findall(f"{xhtml}p")] == TWO_PARAGRAPH_UPDATE.split("\n\n")


def test_every_story_ends_with_a_call_to_give_before_related_stories(site: Path) -> None:
    for slug in ("obadia-lowiya-steven", "afghanistan-graduate-1", "monday", "veronica-ayuba"):
        body = content(page(site, f"stories/{slug}/"))
        give = body.select_one("aside.ss-story-give")
        assert give is not None, slug
        link = give.select_one("a")
        assert (link["href"], text(link)) == (EXTRA["donate"]["url"], EXTRA["donate"]["label"])
        assert EXTRA["programme"] in text(give)
        quote, asked = positions(body, ".ss-pullquote", "aside.ss-story-give")
        assert quote < asked, slug
        if body.select_one(".ss-related") is not None:
            assert asked < positions(body, ".ss-related")[0], slug


def test_the_photo_and_its_caption_share_one_frame(site: Path) -> None:
    figure = content(page(site, "stories/afghanistan-graduate-1/")).select_one("figure.ss-photo")
    caption = figure.select_one("figcaption.ss-photo__credit")
    assert text(caption.select_one(".ss-photo__stand-in")) == "This photo shows someone else, standing in for the speaker’s safety."
    assert text(caption).endswith("Representative photo taken for the programme")


def cards_by_name(site: Path, address: str) -> dict[str, object]:
    return {text(card.select_one(".ss-card__name")): card for card in content(page(site, address)).select(".ss-card")}


def test_a_stand_in_photo_says_so_on_every_card(site: Path) -> None:
    for address in ("stories/", "", "countries/afghanistan/", "themes/early-marriage/"):
        cards = cards_by_name(site, address)
        stand_in = cards["Graduate, Afghanistan"]
        assert text(stand_in.select_one(".ss-card__photo .ss-card__stand-in")) == (
            "This photo shows someone else, standing in for the speaker’s safety."
        ), address
    own_photo = cards_by_name(site, "stories/")["Obadia Lowiya Steven"]
    assert own_photo.select_one(".ss-card__photo img") is not None and own_photo.select(".ss-card__stand-in") == []


def test_a_card_cuts_a_long_quote_at_a_sentence_end(site: Path) -> None:
    card = cards_by_name(site, "stories/")["Monday"]
    shown = text(card.select_one(".ss-card__quote"))
    assert LONG_QUOTE.startswith(shown) and shown != LONG_QUOTE
    assert shown.endswith("in school.") and "…" not in shown
    # The sample quotes are short enough to be shown whole.
    veronica = text(cards_by_name(site, "stories/")["Veronica Ayuba"].select_one(".ss-card__quote"))
    assert veronica.endswith("Now he has changed.")


def test_a_card_says_when_its_story_was_last_updated(site: Path) -> None:
    cards = cards_by_name(site, "stories/")
    updated = cards["Obadia Lowiya Steven"].select_one(".ss-card__updated time")
    assert (text(updated), updated["datetime"]) == ("Updated 1 June 2025", "2025-06-01")
    assert cards["Monday"].select(".ss-card__updated") == []
