"""tools.print_pack: which stories may be printed, their dates, and the pack's HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from unit_fixtures import PHOTO_YML, STORY_YML, Project, edit
from storysite.errors import ContentErrors
from storysite.model import Story
from tools.print_pack import eligibility
from tools.print_pack.chromium import PrintError, local_path, print_pdf
from tools.print_pack.eligibility import NO_PRINT, last_day_of_print, on_the_web, printable, why_not_printed
from tools.print_pack.pack import NothingToPrint, long_date, plan_pack
from tools.print_pack.render import FONTS, PAPERS, STYLESHEET, pack_files, qr_file_name, render_pack
from tools.print_pack.site_facts import SiteFacts

ON = dt.date(2026, 1, 15)
SITE = SiteFacts("Stories site", "A Programme", "An Organisation", "https://stories.example.org/", "en")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """One valid story, loaded from YAML (so new model fields need no change here)."""
    project = Project(tmp_path_factory.mktemp("print") / "site")
    project.story()
    (story,) = project.load().stories
    return story


def consent(story: Story, **changes: object) -> Story:
    """``story`` with its consent changed (dates as YYYY-MM-DD text)."""
    values = {key: dt.date.fromisoformat(value) if key in ("given", "expires") else value for key, value in changes.items()}
    return dataclasses.replace(story, consent=dataclasses.replace(story.consent, **values))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"scope": ("print",)}, None),
        ({"scope": ("web", "print")}, None),
        ({"scope": ("social", "print")}, None),
        ({"scope": ("web",)}, NO_PRINT),
        ({"scope": ("web", "social")}, NO_PRINT),
        ({"scope": ()}, NO_PRINT),
        ({"scope": ("print",), "withdrawn": True}, "consent withdrawn"),
        ({"scope": ("print",), "expires": "2026-01-15"}, "consent expired on 2026-01-15"),
        ({"scope": ("print",), "expires": "2026-01-16"}, None),
        ({"scope": ("print",), "given": "2026-01-16"}, "consent is dated 2026-01-16, after today"),
        ({"scope": ("print",), "reference": "CF-2026-0000"}, "template's placeholder"),
    ],
)
def test_why_not_printed(loaded: Story, changes: dict, reason: str | None) -> None:
    found = why_not_printed(consent(loaded, **changes), ON)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


def test_a_later_published_day_holds_a_story_back_from_paper_too(loaded: Story) -> None:
    story = dataclasses.replace(consent(loaded, scope=("print",)), published=dt.date(2026, 2, 1))
    assert "published is dated 2026-02-01" in (why_not_printed(story, ON) or "")
    assert why_not_printed(story, dt.date(2026, 2, 1)) is None


def test_the_rules_are_the_builds_own(loaded: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule but the scope is asked of selection.why_not_published, never typed again."""
    asked: list[tuple[str, ...]] = []

    def stand_in(story: Story, on: dt.date) -> str:
        asked.append(story.consent.scope)
        return "the build says no"

    monkeypatch.setattr(eligibility, "why_not_published", stand_in)
    assert why_not_printed(consent(loaded, scope=("print",)), ON) == "the build says no"
    assert asked == [("print", "web")]


def test_printable_and_on_the_web(loaded: Story) -> None:
    print_only = dataclasses.replace(consent(loaded, scope=("print",)), slug="a")
    web_only = dataclasses.replace(consent(loaded, scope=("web",)), slug="b")
    both = dataclasses.replace(consent(loaded, scope=("web", "print")), slug="c")
    expired = dataclasses.replace(consent(loaded, scope=("web", "print"), expires="2026-01-01"), slug="d")
    withdrawn = dataclasses.replace(consent(loaded, scope=("web", "print"), withdrawn=True), slug="e")
    stories = [print_only, web_only, both, expired, withdrawn]
    assert [story.slug for story in printable(stories, ON)] == ["a", "c"]
    assert [story.slug for story in stories if on_the_web(story, ON)] == ["b", "c"]


def test_the_last_day_of_print_is_the_day_before_expiry(loaded: Story) -> None:
    """From ``expires`` on, the build takes the story down: the paper must stop a day before."""
    assert last_day_of_print(consent(loaded, expires="2028-05-12")) == dt.date(2028, 5, 11)
    assert last_day_of_print(consent(loaded, expires="2028-03-01")) == dt.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("day", "text"), [(dt.date(2028, 5, 2), "2 May 2028"), (dt.date(2026, 12, 31), "31 December 2026")]
)
def test_long_date(day: dt.date, text: str) -> None:
    assert long_date(day, "en") == text


def test_local_path() -> None:
    assert local_path("file:///tmp/a%20b/pack.html") == Path("/tmp/a b/pack.html")
    assert local_path("https://example.org/x.css") is None
    assert local_path("file://evil.example/share/x") is None
    assert local_path("data:text/css,p{}") is None


def test_a_missing_browser_is_named_with_what_to_install(tmp_path: Path) -> None:
    html = tmp_path / "pack.html"
    html.write_text("<!doctype html><p>Hello</p>", encoding="utf-8")
    with pytest.raises(PrintError, match=r"no-chromium is missing: install Debian's chromium \(sudo apt-get install chromium\)"):
        print_pdf(html, {html}, browser=tmp_path / "no-chromium")


# --- the pack's pages and HTML -----------------------------------------------------------------

HOSTILE_QUOTE = 'quote: "<script>alert(1)</script> and <b>bold</b> words, typed as they are"'


def project_with(tmp_path: Path, *stories: tuple[str, str]) -> Project:
    project = Project(tmp_path / "site")
    for slug, text in stories:
        project.story(text, slug)
    return project


def scoped(scope: str, text: str = STORY_YML) -> str:
    return edit(text, "  scope: [web, social]", f"  scope: [{scope}]")


def test_plan_pack_keeps_only_printable_stories(tmp_path: Path) -> None:
    anonymous = edit(edit(scoped("print"), "identity: named", "identity: anonymous"), "name: Obadia Lowiya Steven", None)
    project = project_with(
        tmp_path,
        ("obadia-lowiya-steven", scoped("web, print")),
        ("south-sudan-graduate-1", anonymous),
        ("monday", edit(scoped("web"), "name: Obadia Lowiya Steven", "name: Monday")),
    )
    pack = plan_pack(project.root, SITE, ON)
    assert [page.story.slug for page in pack.pages] == ["obadia-lowiya-steven", "south-sudan-graduate-1"]
    web, paper_only = pack.pages
    assert web.web_address == "https://stories.example.org/stories/obadia-lowiya-steven/"
    assert paper_only.web_address is None  # never on the site: no address, no QR code
    assert paper_only.speaker.heading == "Graduate, South Sudan"
    assert web.print_ends_text == "11 May 2028"
    assert pack.made_on_text == "15 January 2026"


def test_plan_pack_stops_on_any_content_error(tmp_path: Path) -> None:
    project = project_with(
        tmp_path,
        ("obadia-lowiya-steven", scoped("web, print")),
        ("monday", edit(scoped("web"), "featured: true", "featured: yes")),
    )
    with pytest.raises(ContentErrors) as raised:
        plan_pack(project.root, SITE, ON)
    assert [str(error) for error in raised.value.errors] == [
        "stories/monday.yml:8: featured: must be true or false, not 'yes' (type true or false, without quotes)"
    ]


def test_plan_pack_with_nothing_to_print(tmp_path: Path) -> None:
    project = project_with(tmp_path, ("obadia-lowiya-steven", scoped("web, social")))
    with pytest.raises(NothingToPrint):
        plan_pack(project.root, SITE, ON)


def test_a_refused_photo_stops_the_pack_at_its_line(tmp_path: Path) -> None:
    project = project_with(tmp_path, ("obadia-lowiya-steven", scoped("print") + PHOTO_YML))
    project.photo()  # not really a JPEG
    with pytest.raises(ContentErrors) as raised:
        plan_pack(project.root, SITE, ON)
    (error,) = raised.value.errors
    assert (error.path, error.line, error.field) == ("stories/obadia-lowiya-steven.yml", 16, "photo.file")


def test_the_html_prints_editor_text_as_typed_and_loads_only_pack_files(tmp_path: Path) -> None:
    hostile = edit(scoped("web, print"), "quote: Since attending this training my behaviour has changed for the better.", HOSTILE_QUOTE)
    project = project_with(tmp_path, ("obadia-lowiya-steven", hostile))
    pack = plan_pack(project.root, SITE, ON)
    folder = tmp_path / "html"
    folder.mkdir()
    html = render_pack(pack, PAPERS["A5"], folder)
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("script") is None and soup.find("b") is None
    quote = soup.select_one(".pack-quote").get_text()
    assert "<script>alert(1)</script> and <b>bold</b> words" in quote
    assert "size: A5 portrait" in soup.find("style").get_text()
    qr = soup.select_one("img.pack-web__qr")["src"]
    assert qr == qr_file_name("obadia-lowiya-steven") and (folder / qr).read_bytes().startswith(b"\x89PNG")
    assert soup.select_one(".pack-consent").get_text() == "Consent for the earliest page ends 11 May 2028"
    assert pack_files(pack, folder) == {
        (folder / "pack.html").resolve(), (folder / qr).resolve(), STYLESHEET,
        FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf",
    }


def test_a_protected_storys_photographer_is_not_named(tmp_path: Path) -> None:
    pseudonym = edit(scoped("print") + PHOTO_YML, "identity: named", "identity: pseudonym")
    text = edit(pseudonym, "  file: photos/obadia.jpg", "  file: photos/obadia.jpg\n  representative: true")
    project = project_with(tmp_path, ("south-sudan-graduate-1", text))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 150)).save(buffer, "JPEG")
    project.write("stories/photos/obadia.jpg", buffer.getvalue())
    pack = plan_pack(project.root, SITE, ON)
    (page,) = pack.pages
    assert page.photo is not None and page.photo.path.is_file() and ".cache" in page.photo.path.parts
    folder = tmp_path / "html"
    folder.mkdir()
    soup = BeautifulSoup(render_pack(pack, PAPERS["A4"], folder).read_text(encoding="utf-8"), "html.parser")
    credit = soup.select_one(".pack-photo__credit").get_text()
    assert "Charles Lomodong" not in soup.get_text()
    assert "Representative photo taken for the programme" in credit
    # The stand-in note in the site's own words (the Speaker's), never a copy typed again.
    assert page.speaker.stand_in_note is not None and credit.startswith(page.speaker.stand_in_note + " ")
    assert soup.select_one(".pack-speaker__note").get_text() == page.speaker.note
    assert soup.select_one(".pack-photo__image")["src"] == page.photo.path.as_uri()


def test_plan_pack_orders_and_holds_stories_as_the_site_shows_them_that_day(tmp_path: Path) -> None:
    # An update dated after today is held back from the pack as from the site: it
    # neither moves its story up nor travels with it (review R1).
    later = "  reference: CF-2023-0142\n  withdrawn: false\nupdates:\n  - date: 2026-02-01\n    text: News that may only appear from its own day on."
    first = scoped("web, print") + "published: 2025-06-01\n"
    second = edit(edit(scoped("web, print"), "name: Obadia Lowiya Steven", "name: Monday"), "  reference: CF-2023-0142", None)
    second = edit(second, "  withdrawn: false", later) + "published: 2025-01-01\n"
    project = project_with(tmp_path, ("obadia-lowiya-steven", first), ("monday", second))
    pack = plan_pack(project.root, SITE, ON)
    assert [page.story.slug for page in pack.pages] == ["obadia-lowiya-steven", "monday"]
    assert pack.pages[1].story.updates == ()
    on_its_day = plan_pack(project.root, SITE, dt.date(2026, 2, 1))
    assert [page.story.slug for page in on_its_day.pages] == ["monday", "obadia-lowiya-steven"]
