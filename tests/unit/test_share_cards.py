"""share_cards: 1200x630 cards for stories shared on social networks.

Stories are loaded through the real loader (unit_fixtures.Project), so the cards see
exactly what the site shows; photos go through the real photo stage first.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFile, ImageFont

from unit_fixtures import PHOTO_YML, STORY_YML, Project, edit
from storysite import share_cards
from storysite.art import NEUTRAL_ART, CardArt
from storysite.model import Story
from storysite.parallel_work import Progress
from storysite.photos import PhotoJob, ProcessedPhoto, process_photos
from storysite.share_cards import (
    CARD_HEIGHT, CARD_WIDTH, FONT_DIR, ShareCardJob, ShareSettings, draw_share_card, fit_quote, programme_pattern,
    _ellipsize, render_share_cards, share_card_job, first_strong_direction, wants_share_card, wrap_text,
)
from storysite.excerpt import graphemes
from photo_fixtures import SENTINELS, assert_clean, jpeg_with_everything, noise

NAME = re.compile(r"^[0-9a-f]{16}\.jpg$")
PROGRAMME = "Men's Engagement Programme"
ANONYMOUS_YML = edit(
    edit(edit(STORY_YML, "identity: named", "identity: anonymous"), "name: Obadia Lowiya Steven", None),
    "country: South Sudan", "country: Afghanistan",
)


def load(project: Project, text: str = STORY_YML, photo: bytes | None = None, slug: str = "obadia-lowiya-steven") -> Story:
    if photo is not None:
        project.write("stories/photos/obadia.jpg", photo)
        text += PHOTO_YML
    project.story(text, slug=slug)
    (story,) = project.load().stories
    return story


def processed(project: Project, cache: Path) -> ProcessedPhoto:
    source = project.root / "stories" / "photos" / "obadia.jpg"
    batch = process_photos([PhotoJob(source, "photos/obadia.jpg")], cache, workers=1)
    (photo,) = batch.photos.values()
    return photo


def pattern_job(**changes: object) -> ShareCardJob:
    fields: dict[str, object] = dict(
        quote="Since attending this training my behaviour has changed for the better.",
        name="Graduate, Afghanistan", meta="Name withheld for safety", who="Graduate, Afghanistan", art=NEUTRAL_ART,
        programme=PROGRAMME, credit=None, photo=None,
    )
    fields.update(changes)
    return ShareCardJob(**fields)  # type: ignore[arg-type]


def jpeg_bytes(size: tuple[int, int] = (900, 600)) -> bytes:
    buffer = io.BytesIO()
    noise(size).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# --- which stories, which words -----------------------------------------------------------------


def test_only_stories_with_social_consent_get_a_card(tmp_project: Project) -> None:
    assert wants_share_card(load(tmp_project))
    web_only = edit(STORY_YML, "  scope: [web, social]", "  scope: [web]")
    assert not wants_share_card(load(tmp_project, web_only))


def test_a_named_story_with_a_photo(tmp_project: Project, tmp_path: Path) -> None:
    story = load(tmp_project, photo=jpeg_bytes())
    photo = processed(tmp_project, tmp_path / "photos")
    job = share_card_job(story, PROGRAMME, photo, (0.5, 0.3))
    assert job.name == "Obadia Lowiya Steven"
    assert job.meta == "Graduate, South Sudan"
    assert job.who == "Obadia Lowiya Steven, Graduate, South Sudan"
    assert job.credit == "Photo: Charles Lomodong"
    assert job.art == story.country.art and job.focus == (0.5, 0.3)
    # Drawn from the sanitised rendition, never from the original in stories/photos.
    assert job.photo == photo.largest().path and "stories" not in job.photo.parts


def test_an_anonymous_story_shows_role_and_country_instead_of_a_name(tmp_project: Project) -> None:
    job = share_card_job(load(tmp_project, ANONYMOUS_YML, slug="afghanistan-graduate-1"), PROGRAMME, None)
    assert (job.name, job.meta, job.credit, job.photo) == ("Graduate, Afghanistan", "Name withheld for safety", None, None)
    assert job.who == "Graduate, Afghanistan"  # the alt text does not say "Name withheld" after it
    assert job.art == story_art(tmp_project, "AF")


def test_a_pseudonym_says_the_name_was_changed(tmp_project: Project) -> None:
    pseudonym = edit(STORY_YML, "identity: named", "identity: pseudonym")
    job = share_card_job(load(tmp_project, pseudonym, slug="south-sudan-graduate-1"), PROGRAMME, None)
    assert job.meta == "Graduate, South Sudan · name changed for safety"
    assert job.who == "Obadia Lowiya Steven, Graduate, South Sudan · name changed for safety"


def test_a_representative_photo_says_so_in_the_credit(tmp_project: Project, tmp_path: Path) -> None:
    tmp_project.write("stories/photos/obadia.jpg", jpeg_bytes())
    story = load(tmp_project, STORY_YML + PHOTO_YML + "  representative: true\n")
    assert story.photo is not None and story.photo.representative
    job = share_card_job(story, PROGRAMME, processed(tmp_project, tmp_path / "photos"))
    assert job.credit == "Representative photo: Charles Lomodong"


@pytest.mark.parametrize(
    ("changes", "slug"),
    [
        ((("identity: named", "identity: anonymous"), ("name: Obadia Lowiya Steven", None)), "south-sudan-graduate-1"),
        ((("identity: named", "identity: pseudonym"),), "south-sudan-graduate-1"),
        ((("identity: named", "identity: pseudonym"), ("country: South Sudan", "country: Afghanistan")), "afghanistan-1"),
        ((("identity: named", "identity: pseudonym"), ("featured: true", "featured: true\nminor: true"),
          ("  withdrawn: false", "  guardian: GF-2024-0007\n  withdrawn: false")), "south-sudan-graduate-1"),
    ],
    ids=["anonymous", "pseudonym", "at-risk", "child"],
)
def test_a_protected_storys_photographer_is_never_drawn(
    tmp_project: Project, tmp_path: Path, changes: tuple[tuple[str, str | None], ...], slug: str
) -> None:
    text = STORY_YML
    for old, new in changes:
        text = edit(text, old, new)
    tmp_project.write("stories/photos/obadia.jpg", jpeg_bytes())
    credit = "  credit: Zebulon Quickfoot-Sentinel"
    story = load(tmp_project, text + edit(PHOTO_YML, "  credit: Charles Lomodong", credit) + "  representative: true\n", slug=slug)
    assert story.protected and story.photo is not None and story.photo.credit == "Zebulon Quickfoot-Sentinel"
    job = share_card_job(story, PROGRAMME, processed(tmp_project, tmp_path / "photos"))
    assert job.credit == "Representative photo taken for the programme"
    # Every text the card draws, and its alt text, are free of the name.
    assert "Quickfoot" not in repr(job) and "Quickfoot" not in share_cards.card_alt(job)


# --- drawing ------------------------------------------------------------------------------------


def test_cards_are_1200_by_630_jpegs_named_by_hash_without_metadata(tmp_project: Project, tmp_path: Path) -> None:
    story = load(tmp_project, photo=jpeg_with_everything(size=(1600, 800)))
    photo = processed(tmp_project, tmp_path / "photos")
    jobs = [share_card_job(story, PROGRAMME, photo), pattern_job()]
    batch = render_share_cards(jobs, tmp_path / "share", workers=1)
    assert len(batch.cards) == 2
    for card in batch.cards.values():
        data = card.path.read_bytes()
        assert NAME.match(card.name) and card.src_uri == f"assets/share/{card.name}"
        assert card.size == len(data) and (card.width, card.height) == (1200, 630)
        assert_clean(data)
        for sentinel in SENTINELS:
            assert sentinel not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and image.size == (CARD_WIDTH, CARD_HEIGHT)
    assert sorted(batch.site_files()) == sorted(card.src_uri for card in batch.cards.values())


def test_the_photo_is_on_the_left_and_the_pattern_replaces_it(tmp_path: Path) -> None:
    white = tmp_path / "white.jpg"
    Image.new("RGB", (960, 640), (255, 255, 255)).save(white, "JPEG")
    with_photo = draw_share_card(pattern_job(photo=white))
    without = draw_share_card(pattern_job())
    assert with_photo.getpixel((100, 300)) == (255, 255, 255)
    assert without.getpixel((5, 5)) != (255, 255, 255) and without.getpixel((5, 5)) != share_cards.PLUM
    assert with_photo.getpixel((1190, 620)) == share_cards.PLUM


def test_drawing_is_deterministic() -> None:
    first, second = io.BytesIO(), io.BytesIO()
    settings = ShareSettings()
    first.write(share_cards.encode_card(draw_share_card(pattern_job()), settings))
    second.write(share_cards.encode_card(draw_share_card(pattern_job()), settings))
    assert first.getvalue() == second.getvalue()


def test_the_pattern_is_the_declared_gradient_and_rings() -> None:
    art = CardArt("#102030", "#405060", 90, ((0.25, 0.5), (0.75, 0.5)))
    picture = programme_pattern((480, 630), art)
    assert picture.size == (480, 630) and picture.mode == "RGB"
    # 90 degrees runs left to right: the start colour on the left edge, the end on the right.
    assert close(picture.getpixel((0, 0)), (0x10, 0x20, 0x30)) and close(picture.getpixel((479, 0)), (0x40, 0x50, 0x60))
    # Each ring passes at its radius (0.3 of the shorter side) around its declared centre.
    radius = round(480 * 0.3)
    for cx in (120, 360):
        on_ring, inside = picture.getpixel((cx, 315 - radius + 3)), picture.getpixel((cx, 315))
        assert sum(on_ring) > sum(inside) + 30
    turned = programme_pattern((480, 630), CardArt("#102030", "#405060", 180, art.rings))
    assert close(turned.getpixel((0, 0)), (0x10, 0x20, 0x30)) and close(turned.getpixel((0, 629)), (0x40, 0x50, 0x60))


def test_a_story_without_a_photo_draws_its_countrys_declared_art(tmp_project: Project) -> None:
    story = load(tmp_project)
    declared = CardArt("#263766", "#3b4f8a", 120, ((0.70, 0.78), (0.92, 0.44)))
    assert story.country.art == NEUTRAL_ART  # the fixture's countries declare none
    job = share_card_job(replace(story, country=replace(story.country, art=declared)), PROGRAMME, None)
    assert job.art == declared
    assert draw_share_card(job).getpixel((2, 2)) != draw_share_card(share_card_job(story, PROGRAMME, None)).getpixel((2, 2))


def close(pixel: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


def story_art(project: Project, code: str) -> CardArt:
    (country,) = [country for country in project.load().catalogue.countries if country.code == code]
    return country.art


def test_a_short_quote_is_set_whole_at_the_largest_size() -> None:
    fonts = {size: ImageFont.truetype(str(share_cards.REGULAR_FONT), size) for size in (46, 30)}
    size, lines = fit_quote("We decide together.", fonts, 600, 300, 1.3)
    assert size == 46 and lines == ["“We decide together.”"]


def test_a_long_quote_is_cut_at_a_word_with_an_ellipsis_and_fits() -> None:
    fonts = {size: ImageFont.truetype(str(share_cards.REGULAR_FONT), size) for size in (46, 30)}
    quote = " ".join(["Since attending this training my behaviour has changed for the better."] * 8)
    size, lines = fit_quote(quote, fonts, 600, 300, 1.3)
    assert size == 30
    assert len(lines) * 30 * 1.3 <= 300
    assert lines[0].startswith("“Since") and lines[-1].endswith(" …”")
    assert all(fonts[30].getlength(line) <= 600 for line in lines)


def test_the_alt_text_is_what_the_card_shows() -> None:
    long_quote = " ".join(["We now decide together how the money of the household is spent."] * 10)
    alt = share_cards.card_alt(pattern_job(quote=long_quote, name="Obadia", meta="Graduate, South Sudan", who="Obadia, Graduate, South Sudan"))
    assert alt.startswith("“We now decide together") and "…” Obadia, Graduate, South Sudan" in alt
    assert len(alt) < len(long_quote)
    assert share_cards.card_alt(pattern_job()).endswith("” Graduate, Afghanistan")


def test_wrapping_breaks_a_word_too_long_for_a_line() -> None:
    font = ImageFont.truetype(str(share_cards.REGULAR_FONT), 30)
    lines = wrap_text("a " + "x" * 80 + " b", font, 300)
    assert all(font.getlength(line) <= 300 for line in lines) and "".join(lines).replace(" ", "") == "a" + "x" * 80 + "b"


def test_first_strong_direction_follows_the_first_strong_letter() -> None:
    assert first_strong_direction("“We decide together.”") == "ltr"
    assert first_strong_direction("“ما اکنون با هم تصمیم می‌گیریم.”") == "rtl"
    assert first_strong_direction("2024 …") == "ltr"


def test_arabic_script_names_and_quotes_are_drawn() -> None:
    card = draw_share_card(pattern_job(name="بهروز", quote="ما اکنون مشکلات خانوادگی خود را بهتر مدیریت می‌کنیم."))
    darkest, lightest = card.crop((540, 90, 1150, 420)).convert("L").getextrema()
    assert lightest == 255 and darkest < 150  # type: ignore[operator]  # white letters on plum


def test_the_font_and_its_licence_are_shipped() -> None:
    assert sorted(path.name for path in FONT_DIR.iterdir()) == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "LICENSE.txt"]
    licence = (FONT_DIR / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence


# --- cache --------------------------------------------------------------------------------------


def test_a_warm_run_draws_and_decodes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [pattern_job(), pattern_job(art=CardArt("#164a3b", "#266b55", 160, ((0.84, 0.2), (0.66, 0.56))), quote="We now decide together how money is spent.")]
    cold = render_share_cards(jobs, tmp_path / "share", workers=1)
    assert (cold.report.drawn, cold.report.from_cache) == (2, 0)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run must not draw or decode")

    monkeypatch.setattr(Image, "new", refuse)
    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(ImageDraw, "Draw", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    warm = render_share_cards(jobs, tmp_path / "share", workers=1)
    assert (warm.report.drawn, warm.report.from_cache) == (0, 2)
    assert warm.site_files() == cold.site_files()
    assert str(warm.report).startswith("Share images: 0 drawn, 2 from cache (")


def test_changed_words_or_settings_draw_again_and_old_cards_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "share"
    old = render_share_cards([pattern_job()], cache, workers=1)
    changed = render_share_cards([pattern_job(name="Graduate, Nigeria")], cache, workers=1)
    assert changed.report.drawn == 1
    assert all(not path.exists() for path in old.site_files().values())
    again = render_share_cards([pattern_job(name="Graduate, Nigeria")], cache, ShareSettings(jpeg_quality=70), workers=1)
    assert again.report.drawn == 1
    assert len([path for path in cache.iterdir()]) == 1


def test_a_new_rendition_of_the_photo_draws_the_card_again(tmp_path: Path) -> None:
    first, second = tmp_path / "aaaaaaaaaaaaaaaa.jpg", tmp_path / "bbbbbbbbbbbbbbbb.jpg"
    noise((960, 640), 1).save(first, "JPEG")
    noise((960, 640), 2).save(second, "JPEG")
    cache = tmp_path / "share"
    render_share_cards([pattern_job(photo=first)], cache, workers=1)
    assert render_share_cards([pattern_job(photo=first)], cache, workers=1).report.drawn == 0
    assert render_share_cards([pattern_job(photo=second)], cache, workers=1).report.drawn == 1


def test_many_cards_are_drawn_in_worker_processes_with_progress(tmp_path: Path) -> None:
    jobs = [pattern_job(quote=f"Story number {index}: we now decide together at home.") for index in range(6)]
    seen: list[Progress] = []
    parallel = render_share_cards(jobs, tmp_path / "two", workers=2, progress=seen.append, progress_interval=0)
    serial = render_share_cards(jobs, tmp_path / "one", workers=1)
    assert [card.name for card in parallel.cards.values()] == [card.name for card in serial.cards.values()]
    assert list(parallel.cards) == jobs
    assert seen[-1].done == seen[-1].total == 6 and str(seen[-1]).startswith("share images: 6/6 done")
    assert parallel.cards[jobs[0]].alt == "“Story number 0: we now decide together at home.” Graduate, Afghanistan"


def test_a_line_too_long_is_shortened_by_whole_graphemes() -> None:
    # A name or credit cut to fit its line never ends in half an emoji or a letter whose
    # accent went missing: it loses whole characters as readers see them.
    font = ImageFont.truetype(str(share_cards.REGULAR_FONT), 30)
    text = "Ọ̀la \U0001f468\u200d\U0001f469\u200d\U0001f467 Adé\u0301bà\u0300yọ̀ \U0001f1f8\U0001f1f8 " * 3
    boundaries = {len("".join(graphemes(text)[:count])) for count in range(len(graphemes(text)) + 1)}
    for width in range(60, 900, 7):
        shortened = _ellipsize(text, font, width)
        kept = shortened.removesuffix("…")
        assert shortened.endswith("…") and text.startswith(kept)
        assert len(kept) in boundaries, (width, shortened)
