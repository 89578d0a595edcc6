"""Nothing of a story left out by its consent reaches any output; identity modes show as they must."""

from __future__ import annotations

from pathlib import Path

import pytest
from built_html import content, files_mentioning, page, text

from sitebuild import Project

STORY = """\
identity: {identity}
{name_line}country: Nigeria
role: graduate
quote: The {sentinel} training changed how I listen to my wife and daughters.
story: |
  The {sentinel} paragraph.
themes: [household-finances]
collected: 2025-06-01
featured: true
consent:
  given: 2025-06-01
  expires: {expires}
  scope: {scope}
  reference: CF-{sentinel}
  withdrawn: {withdrawn}
"""


def story(sentinel: str, *, identity: str = "named", name: str | None = None, expires: str = "2030-01-01",
          scope: str = "[web, social]", withdrawn: str = "false") -> str:
    name_line = "" if identity == "anonymous" else f"name: {name or sentinel.capitalize()}\n"
    return STORY.format(identity=identity, name_line=name_line, sentinel=sentinel, expires=expires, scope=scope, withdrawn=withdrawn)


def test_expired_withdrawn_and_print_only_stories_reach_no_output(project: Project) -> None:
    project.write("stories/zanzibarexpired.yml", story("zanzibarexpired", expires="2026-01-15"))
    project.write("stories/quokkawithdrawn.yml", story("quokkawithdrawn", withdrawn="true"))
    project.write("stories/marmaladeprint.yml", story("marmaladeprint", scope="[print]"))
    project.write("stories/publishedcontrol.yml", story("publishedcontrol"))
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    assert "Left out stories/zanzibarexpired.yml: consent expired on 2026-01-15" in built.output
    assert "Left out stories/quokkawithdrawn.yml: consent withdrawn" in built.output
    assert "Left out stories/marmaladeprint.yml: consent scope has no 'web'" in built.output
    for sentinel in ("zanzibarexpired", "quokkawithdrawn", "marmaladeprint"):
        assert files_mentioning(built.site, sentinel) == [], sentinel
    # The control story proves the search is able to find a published one.
    assert "search/search_index.json" in files_mentioning(built.site, "publishedcontrol")
    assert "sitemap.xml" in files_mentioning(built.site, "publishedcontrol")
    assert len(content(page(built.site, "stories/")).select(".ss-card")) == 5


def test_pseudonym_shows_a_visible_note(project: Project) -> None:
    project.write("stories/nigeria-graduate-1.yml", story("changedname", identity="pseudonym", name="Samuel"))
    built = project.build()
    assert built.returncode == 0, built.output
    body = content(page(built.site, "stories/nigeria-graduate-1/"))
    assert text(body.select_one("h1")) == "Samuel"
    assert text(body.select_one(".ss-note")) == "This is not the speaker’s real name: it was changed to protect them."
    # Away from its own page too, the name says it was changed: cards, the feed, titles.
    cards = [text(a) for a in content(page(built.site, "stories/")).select(".ss-card__name a")]
    assert "Samuel (name changed)" in cards
    assert "<title>Samuel (name changed), Nigeria</title>" in (built.site / "feed.xml").read_text(encoding="utf-8")
    assert page(built.site, "stories/nigeria-graduate-1/").title.string.startswith("Samuel (name changed), Nigeria")


@pytest.mark.parametrize(
    ("identity", "country", "expected"),
    [
        ("named", "Afghanistan", "stories/risk.yml:1: identity: 'named' is not allowed for Afghanistan: people there are at risk if named (use anonymous or pseudonym)"),
        ("first-name", "Afghan", "stories/risk.yml:1: identity: 'first-name' is not allowed for Afghanistan: people there are at risk if named (use anonymous or pseudonym)"),
    ],
)
def test_at_risk_country_refuses_names(project: Project, identity: str, country: str, expected: str) -> None:
    project.write("stories/risk.yml", story("risk", identity=identity).replace("country: Nigeria", f"country: {country}"))
    refused = project.build()
    assert refused.returncode == 1
    assert expected in refused.output


def test_a_childs_story_needs_a_guardian_and_no_name(project: Project) -> None:
    child = story("child", identity="first-name").replace("featured: true", "featured: true\nminor: true")
    project.write("stories/nigeria-graduate-1.yml", child)
    refused = project.build()
    assert refused.returncode == 1
    assert "stories/nigeria-graduate-1.yml:1: identity: 'first-name' is not allowed for a child (minor: true) (use anonymous or pseudonym: a child is never named)" in refused.output

    anonymous = story("child", identity="anonymous").replace("featured: true", "featured: true\nminor: true")
    project.write("stories/nigeria-graduate-1.yml", anonymous)
    refused = project.build()
    assert refused.returncode == 1
    assert "stories/nigeria-graduate-1.yml:11: consent.guardian: missing: a child's story needs a parent's or guardian's consent" in refused.output

    project.write("stories/nigeria-graduate-1.yml", anonymous.replace("  withdrawn: false", "  guardian: GF-2025-0001\n  withdrawn: false"))
    built = project.build()
    assert built.returncode == 0, built.output
    assert text(content(page(built.site, "stories/nigeria-graduate-1/")).select_one("h1")) == "Graduate, Nigeria"


def test_left_out_stories_leave_no_photo_and_no_share_image(project: Project) -> None:
    from photo_fixtures import jpeg_with_everything

    photos = project.root / "stories" / "photos"
    photos.mkdir(exist_ok=True)
    for sentinel, extra in (("zanzibarexpired", {"expires": "2026-01-15"}), ("marmaladeprint", {"scope": "[print]"})):
        (photos / f"{sentinel}.jpg").write_bytes(jpeg_with_everything(size=(900, 600)))
        text = story(sentinel, **extra) + (
            f"photo:\n  file: photos/{sentinel}.jpg\n  alt: A man in a garden\n  credit: Test\n"
        )
        project.write(f"stories/{sentinel}.yml", text)
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    # The print-only story's photo is checked (a photo that would be refused must fail
    # the build now, not on the day its consent gains 'web'), the expired one's is not
    # even opened; neither is published.
    assert "Photos: 1 processed, 0 from cache" in built.output
    assert not (built.site / "assets" / "photos").exists()
    # The three sample stories with social consent, and no more.
    assert len(list((built.site / "assets" / "share").iterdir())) == 3


# --- addresses, dates and helpers never identify (issue 11) ----------------------------------------

AT_RISK_STORY = """\
identity: anonymous
country: Afghanistan
role: graduate
quote: We did not ask our daughters before they were engaged. Now we ask them first.
original:
  lang: fa-AF
  text: ما قبل از نامزدی از دخترانمان نمی‌پرسیدیم.
  translator: {translator}
themes: [early-marriage]
collected: {collected}
{published}featured: true
consent:
  given: {given}
  expires: 2030-03-17
  scope: [web, social]
  reference: CF-2019-0713
photo:
  file: photos/stand-in.jpg
  alt: A man in a courtyard, standing in for the speaker
  credit: {credit}
  representative: true
"""


def at_risk_story(*, translator: str = "A. Translator", credit: str = "A. Photographer", collected: str = "2025-05-01",
                  given: str = "2025-05-01", published: str | None = "2025-06-01") -> str:
    published_line = f"published: {published}\n" if published else ""
    return AT_RISK_STORY.format(translator=translator, credit=credit, collected=collected, given=given, published=published_line)


def add_stand_in_photo(project: Project) -> None:
    from photo_fixtures import jpeg_with_everything

    photos = project.root / "stories" / "photos"
    photos.mkdir(exist_ok=True)
    (photos / "stand-in.jpg").write_bytes(jpeg_with_everything(size=(900, 600)))


def test_an_anonymous_story_filed_under_her_name_and_town_is_refused(project: Project) -> None:
    add_stand_in_photo(project)
    project.write("stories/amina-kabul.yml", at_risk_story())
    refused = project.build()
    assert refused.returncode == 1
    # The sample site has afghanistan-graduate-1 already: the next free neutral name is proposed.
    assert (
        "stories/amina-kabul.yml:1: file: name is not neutral, and it is the page's address: people in Afghanistan"
        " are at risk if named (rename it to afghanistan-graduate-2.yml: <country>-<role>-<number>, with no name,"
        " place or date)"
    ) in refused.output
    assert not (project.root / "site").exists()

    (project.root / "stories" / "amina-kabul.yml").rename(project.root / "stories" / "afghanistan-graduate-2.yml")
    built = project.build()
    assert built.returncode == 0, built.output
    assert files_mentioning(built.site, "amina") == [] and files_mentioning(built.site, "kabul") == []
    assert "afghanistan-graduate-2" in (built.site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_first_name_story_may_not_carry_the_surname_in_its_address(project: Project) -> None:
    project.write("stories/monday-okafor.yml", story("okaforsentinel", identity="first-name", name="Monday"))
    refused = project.build()
    assert refused.returncode == 1
    assert (
        "stories/monday-okafor.yml:1: file: name holds more than the first name 'Monday', and it is the page's address"
        " (rename it to monday-2.yml: the first name, optionally followed by -<number>)"
    ) in refused.output


def test_no_date_about_the_person_reaches_any_output(project: Project) -> None:
    add_stand_in_photo(project)
    project.write("stories/afghanistan-graduate-2.yml", at_risk_story(collected="2019-07-13", given="2025-04-21", published="2025-06-01"))
    built = project.build()
    assert built.returncode == 0, built.output
    # The recording day, the consent days and the sample stories' too, in every shape a page could write them.
    person_days = ["2019-07-13", "2025-04-21", "2030-03-17", "2024-01-20", "2029-01-20", "2023-11-02", "2028-11-02"]
    for day in person_days:
        year, month, date = day.split("-")
        for shape in (day, f"{year}{month}{date}", f"{date}/{month}/{year}", f"{year}/{month}/{date}"):
            assert files_mentioning(built.site, shape) == [], shape
    assert files_mentioning(built.site, "13 July 2019") == [] and files_mentioning(built.site, "July 13") == []
    # The feed carries publication days only; its own date is the newest of them.
    feed = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert "<updated>2025-06-01T00:00:00Z</updated>" in feed
    assert "2024-04-02T00:00:00Z" in feed and "2024-03-08" not in feed


def test_a_story_without_published_is_dated_on_the_builds_day_in_the_feed(project: Project) -> None:
    add_stand_in_photo(project)
    project.write("stories/afghanistan-graduate-2.yml", at_risk_story(collected="2019-07-13", published=None))
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    feed = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<updated>2026-01-15T00:00:00Z</updated>") == 2  # the feed's and the entry's
    assert files_mentioning(built.site, "2019-07-13") == []


def test_an_at_risk_storys_translator_and_photographer_are_named_nowhere(project: Project) -> None:
    add_stand_in_photo(project)
    story_text = at_risk_story(translator="Wolfgang Quillfeather", credit="Bartholomew Snapwhistle")
    project.write("stories/afghanistan-graduate-2.yml", story_text)
    built = project.build()
    assert built.returncode == 0, built.output
    for sentinel in ("Quillfeather", "Snapwhistle"):
        assert files_mentioning(built.site, sentinel) == [], sentinel
    body = content(page(built.site, "stories/afghanistan-graduate-2/"))
    assert text(body.select_one(".ss-translator")) == "Translated for the programme."
    caption = text(body.select_one(".ss-photo__credit"))
    assert "This photo shows someone else, standing in for the speaker’s safety." in caption
    assert caption.endswith("Representative photo taken for the programme")
    # A share image was drawn (its words are those of share_card_job, whose credit line the
    # unit tests check: drawn text cannot be searched for in the image's bytes).
    assert page(built.site, "stories/afghanistan-graduate-2/").select_one('meta[property="og:image"]') is not None
    # The names stay in the file, for the programme's records.
    source = (project.root / "stories" / "afghanistan-graduate-2.yml").read_text(encoding="utf-8")
    assert "Wolfgang Quillfeather" in source and "Bartholomew Snapwhistle" in source


def test_a_named_storys_translator_and_photographer_are_credited(project: Project) -> None:
    from photo_fixtures import jpeg_with_everything

    (project.root / "stories" / "photos").mkdir(exist_ok=True)
    (project.root / "stories" / "photos" / "credited.jpg").write_bytes(jpeg_with_everything(size=(900, 600)))
    named = story("creditedcontrol") + (
        "original:\n  lang: ha\n  text: Lokacin da mijina ya samu kudi.\n  translator: Aisha Bello\n"
        "photo:\n  file: photos/credited.jpg\n  alt: A man in a garden\n  credit: Charles Lomodong\n"
    )
    project.write("stories/creditedcontrol.yml", named)
    built = project.build()
    assert built.returncode == 0, built.output
    body = content(page(built.site, "stories/creditedcontrol/"))
    assert text(body.select_one(".ss-translator")) == "Translated by Aisha Bello."
    assert text(body.select_one(".ss-photo__credit")) == "Photo: Charles Lomodong"


def test_an_update_dates_the_feed_entry_and_a_later_one_waits_for_its_day(project: Project) -> None:
    import xml.etree.ElementTree as ET

    monday = project.root / "stories" / "monday.yml"
    monday.write_text(monday.read_text(encoding="utf-8") + (
        "updates:\n"
        "  - date: 2025-09-01\n"
        "    text: A year later he leads the fathers' group <b>in</b> his village.\n"
        "  - date: 2026-03-01\n"
        "    text: Wombatsentinel news that may only appear from its day on.\n"
    ), encoding="utf-8")
    built = project.build()  # on 2026-01-15
    assert built.returncode == 0, built.output
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built.site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    first = entries[0]  # the update moves the story published in 2023 to the top
    assert first.findtext(f"{atom}id").endswith("/stories/monday/")
    assert (first.findtext(f"{atom}updated"), first.findtext(f"{atom}published")) == ("2025-09-01T00:00:00Z", "2023-12-04T00:00:00Z")
    paragraphs = [p.text for p in first.find(f"{atom}content").iter("{http://www.w3.org/1999/xhtml}p")]
    assert paragraphs == ["A year later he leads the fathers' group <b>in</b> his village."]  # escaped: no element
    assert feed.findtext(f"{atom}updated") == "2025-09-01T00:00:00Z"
    assert files_mentioning(built.site, "wombatsentinel") == []
    later = project.build(project.root / "later", today="2026-03-01")
    assert later.returncode == 0, later.output
    first = ET.parse(later.site / "feed.xml").getroot().findall(f"{atom}entry")[0]
    assert first.findtext(f"{atom}updated") == "2026-03-01T00:00:00Z"
    assert "".join(first.find(f"{atom}content").itertext()) == "Wombatsentinel news that may only appear from its day on."
