"""The home page, built and parsed: it opens with a person's words beside the headline,
its figures say what they mean and link to how we know, and it ends with the call to give."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

from built_html import content, page, text
from sitebuild import SAMPLE_HOME_HEADINGS, Project

OBADIA = "stories/obadia-lowiya-steven.yml"
ANONYMOUS = "stories/afghanistan-graduate-1.yml"
DONATE = ("https://www.example.org/donate", "Support the programme")


def hero_of(soup: BeautifulSoup) -> Tag:
    hero = soup.select_one("section.ss-hero")
    assert hero is not None, "the home page has no hero"
    return hero


def give_photo(project: Project, story: str, *, representative: bool = False, name: str = "hero.jpg") -> None:
    """Give ``story`` a photo (a plain test JPEG) with alt text and a credit."""
    from photo_fixtures import jpeg_with_everything

    folder = project.root / "stories" / "photos"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(jpeg_with_everything(size=(900, 600)))
    path = project.root / story
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"photo:\n  file: photos/{name}\n  alt: A man stands at a classroom door\n  credit: Test Photographer\n"
        + f"  representative: {'true' if representative else 'false'}\n",
        encoding="utf-8",
    )


def test_the_hero_opens_with_the_first_featured_storys_words_beside_the_headline(sample_site: Path) -> None:
    hero = hero_of(page(sample_site, ""))
    assert text(hero.select_one("h1")) == "Engaging men as allies for gender equality"
    testimony = hero.select_one("figure.ss-hero__testimony")
    assert testimony is not None
    # Obadia's story is the newest featured one and no featured story has a photo.
    assert text(testimony.select_one("blockquote")) == (
        "Since attending this training my behaviour has changed for the better. We can now manage our family problems better."
    )
    speaker = testimony.select_one(".ss-hero__speaker")
    assert speaker.get_text() == "Obadia Lowiya Steven, graduate, South Sudan"
    assert speaker.select_one("a")["href"] == "stories/obadia-lowiya-steven/"
    assert testimony.select_one("picture") is None
    # The hero keeps its call to give, with extra.donate's address and wording.
    donate = hero.select_one(".ss-hero__actions a.ss-button--primary")
    assert (donate["href"], text(donate)) == DONATE


def test_the_heros_words_are_whole_sentences_and_its_speaker_as_the_site_shows_them(project: Project) -> None:
    # Only the anonymous story stays featured; its long quote is cut at a sentence's end.
    for story in ("stories/obadia-lowiya-steven.yml", "stories/veronica-ayuba.yml"):
        path = project.root / story
        path.write_text(path.read_text(encoding="utf-8").replace("featured: true", "featured: false"), encoding="utf-8")
    path = project.root / ANONYMOUS
    original = path.read_text(encoding="utf-8")
    assert "featured: true" in original
    long_quote = (
        "We did not ask our daughters <b>before</b> we married them. Nobody had told us that we should, "
        "and we thought it was part of our religion. Now I ask my daughter what she wants, and I listen to her answer before anything is decided. "
        "My neighbours ask me why, and I tell them."
    )
    lines = original.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("quote:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    path.write_text("\n".join([*lines[:start], f"quote: {long_quote}", *lines[end:]]) + "\n", encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    testimony = hero_of(page(built.site, "")).select_one("figure.ss-hero__testimony")
    # Whole sentences, printed as typed: the editor's "<b>" is text, not markup.
    assert text(testimony.select_one("blockquote")) == (
        "We did not ask our daughters <b>before</b> we married them. Nobody had told us that we should, "
        "and we thought it was part of our religion."
    )
    assert testimony.select_one("blockquote b") is None
    # Anonymous: no name anywhere, the role and country stand in its place.
    assert text(testimony.select_one(".ss-hero__speaker")) == "Graduate, Afghanistan"
    assert testimony.select_one(".ss-hero__speaker a")["href"] == "stories/afghanistan-graduate-1/"


def test_the_hero_shows_a_featured_storys_photo_and_says_when_it_stands_in(project: Project) -> None:
    # The anonymous story is the only featured one with a photo: the hero takes it.
    give_photo(project, ANONYMOUS, representative=True)
    built = project.build()
    assert built.returncode == 0, built.output
    testimony = hero_of(page(built.site, "")).select_one("figure.ss-hero__testimony")
    image = testimony.select_one(".ss-hero__photo picture img")
    assert image["alt"] == "A man stands at a classroom door"
    assert (built.site / image["src"]).is_file(), image["src"]
    assert int(image["width"]) > 0 and int(image["height"]) > 0
    assert text(testimony.select_one(".ss-hero__speaker")) == "Graduate, Afghanistan"
    assert text(testimony.select_one(".ss-hero__stand-in")) == "This photo shows someone else, standing in for the speaker’s safety."
    # A protected story never names its photographer.
    assert text(testimony.select_one(".ss-hero__credit")) == "Representative photo taken for the programme"
    assert "Test Photographer" not in text(page(built.site, ""))


def test_a_photo_of_the_speaker_has_no_stand_in_note_and_credits_the_photographer(project: Project) -> None:
    give_photo(project, OBADIA)
    built = project.build()
    assert built.returncode == 0, built.output
    testimony = hero_of(page(built.site, "")).select_one("figure.ss-hero__testimony")
    assert testimony.select_one("picture img")["alt"] == "A man stands at a classroom door"
    assert testimony.select_one(".ss-hero__stand-in") is None
    assert "Test Photographer" in text(testimony.select_one(".ss-hero__credit"))


def test_the_featured_stories_come_right_after_the_problem_and_the_rest_keeps_the_seed_order(sample_site: Path) -> None:
    body = content(page(sample_site, ""))
    headings = [text(h) for h in body.select("h2")]
    assert headings == list(SAMPLE_HOME_HEADINGS)
    own_words = body.find("h2", string="In their own words")
    cards = own_words.find_next_sibling(lambda tag: tag.name == "ul" and "ss-cards" in tag.get("class", []))
    assert cards is not None and len(cards.select(".ss-card")) == 2  # the third opens the page, in the hero


def test_the_figures_say_a_number_its_meaning_and_link_to_how_we_know(sample_site: Path) -> None:
    body = content(page(sample_site, ""))
    impact = page(sample_site, "impact/")
    figures = body.select(".ss-figures > li")
    assert [text(li.select_one(".ss-figure__text")) for li in figures] == [
        "39% of graduates in Afghanistan reported taking action to share information with their community "
        "about the effects of violence against women, up from 15% at enrolment.",
        "50% increase in men’s knowledge scores between enrolment and graduation in Afghanistan, DR Congo "
        "and Nigeria.",
        "41% of graduates in Afghanistan reported having taken action to support a female victim of "
        "violence, up from 15% at enrolment.",
    ]
    counter = body.select_one(".ss-counter")
    assert text(counter.select_one(".ss-counter__text")) == (
        "over 50,894 men have taken part in the Men’s Engagement Programme since 2002."
    )
    links = [li.select_one(".ss-figure__how a") for li in figures] + [counter.select_one(".ss-figure__how a")]
    assert [text(a) for a in links] == ["How we know"] * 4
    for link, figure_id in zip(links, ("shared-information", "knowledge-scores", "supported-victim", "men-engaged")):
        address, _, anchor = link["href"].partition("#")
        assert address == "impact/"
        assert anchor == f"ss-ref-{figure_id}"
        assert impact.find(id=anchor) is not None, f"/impact/ has no #{anchor}"
    # The provenance stays on /impact/: the home page's figures carry none of it.
    shown = " ".join(text(part) for part in [*figures, counter])
    for audit in ("Source:", "When:", "Sample:", "not stated", "as-of", "Other pages"):
        assert audit not in shown


def test_the_home_page_ends_with_the_call_to_give_after_the_closing_counter(sample_site: Path) -> None:
    body = content(page(sample_site, ""))
    give = body.select_one("section.ss-give")
    assert give is not None
    counter = body.select(".ss-counter")[-1]
    assert counter.find_next("section") is give
    # The last thing of the page's content.
    assert body.find_all(True, recursive=False)[-1] is give
    donate = give.select_one("a.ss-button--primary")
    assert (donate["href"], text(donate)) == DONATE


def test_the_call_to_give_takes_another_wording_and_address_from_extra(project: Project) -> None:
    settings = project.root / "mkdocs.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        .replace("url: https://www.example.org/donate", "url: https://give.example.net/now")
        .replace("label: Support the programme", "label: Give today"),
        encoding="utf-8",
    )
    built = project.build()
    assert built.returncode == 0, built.output
    soup = page(built.site, "")
    for donate in (hero_of(soup).select_one("a.ss-button--primary"), content(soup).select_one(".ss-give a.ss-button--primary")):
        assert (donate["href"], text(donate)) == ("https://give.example.net/now", "Give today")


def test_with_no_story_published_the_headline_stands_alone(project: Project) -> None:
    for story in (project.root / "stories").glob("*.yml"):
        if not story.name.startswith("_"):
            story.unlink()
    built = project.build()
    assert built.returncode == 0, built.output
    hero = hero_of(page(built.site, ""))
    assert text(hero.select_one("h1")) == "Engaging men as allies for gender equality"
    assert hero.select_one(".ss-hero__testimony") is None
    assert "ss-hero--testimony" not in hero["class"]
    assert hero.select_one(".ss-hero__actions a.ss-button--primary")["href"] == DONATE[0]


def test_the_heros_story_is_not_repeated_among_the_featured_cards(sample_site: Path) -> None:
    soup = page(sample_site, "")
    opening = hero_of(soup).select_one(".ss-hero__speaker a")["href"]
    cards = [a["href"] for a in content(soup).select(".ss-cards .ss-card__name a")]
    assert cards and opening not in cards
