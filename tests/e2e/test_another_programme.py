"""A second programme builds with no Python change.

tests/fixtures/another-programme/ holds a made-up refugee charity's site: its own
mkdocs.yml wording, docs/ pages, countries (one at risk), themes, roles and figures, and
three stories. It is built with the repository's hooks/ and overrides/ exactly as they
are; its pages must show its vocabulary, and no file of its site may hold a word of the
Men's Engagement Programme's (a country, theme or role of our data/, or our programme's
or organisation's name).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from built_html import content, page, text
from sitebuild import REPO, Project
from storysite.catalogue import load_catalogue

FIXTURE = REPO / "tests" / "fixtures" / "another-programme"
# What the second programme brings; the engine comes from the repository.
CONTENT_PARTS = ("mkdocs.yml", "docs", "data", "stories")
ENGINE_PARTS = ("hooks", "overrides")


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("another-programme") / "project"
    root.mkdir()
    sources = [*((part, FIXTURE / part) for part in CONTENT_PARTS), *((part, REPO / part) for part in ENGINE_PARTS)]
    for part, source in sources:
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(source, root / part)
    built = Project(root).build(today="2026-01-15")
    assert built.returncode == 0, built.output
    yield built.site


def our_vocabulary() -> list[str]:
    """The words of this repository's programme: data/ and mkdocs.yml's extra."""
    catalogue = load_catalogue(REPO, [])
    assert catalogue.countries and catalogue.themes and catalogue.roles
    words = [word for country in catalogue.countries for word in (country.name, country.slug, *country.aliases)]
    words += [word for theme in catalogue.themes for word in (theme.id, theme.label)]
    words += [word for role in catalogue.roles for word in (role.id, role.label, role.in_sentence)]
    extra = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    return sorted({*words, extra["programme"], extra["organisation"]})


def test_a_story_page_speaks_the_other_programme(other_site: Path) -> None:
    soup = page(other_site, "stories/olena-kovalenko/")
    body = content(soup)
    assert text(body.select_one("h1")) == "Olena Kovalenko"
    assert text(body.select_one(".ss-story__eyebrow")) == "Volunteer · Ukraine"
    context = {text(item.select_one("dt")): text(item.select_one("dd")) for item in body.select(".ss-context__item")}
    assert context == {"Programme": "Harbour Welcome Network", "Country": "Ukraine"}
    assert [text(tag) for tag in body.select(".ss-tag")] == ["A home", "A first job"]
    assert text(soup.select_one(".ss-footer__title")) == "Harbour Welcome Network"
    # A role may keep its capitals inside a sentence (in_sentence in data/roles.yml): the
    # home page's quote block signs with it.
    home = content(page(other_site, ""))
    assert " ".join(home.select_one(".ss-pullquote__by").get_text().split()) == "José, ESOL tutor, Venezuela"


def test_an_anonymous_speaker_is_named_by_the_other_programmes_role(other_site: Path) -> None:
    # An at-risk country's story, under a neutral file name made of the programme's own role id.
    body = content(page(other_site, "stories/syria-caseworker-1/"))
    assert text(body.select_one("h1")) == "Caseworker, Syria"
    # Its heading names the country; no line under it says the same again.
    assert body.select_one(".ss-story__eyebrow") is None
    assert "Syria" in text(body.select_one(".ss-context"))


def test_the_stories_index_lists_and_filters_by_the_other_programmes_words(other_site: Path) -> None:
    body = content(page(other_site, "stories/"))
    assert text(body.select_one("h1")) == "Voices of the network"
    cards = body.select(".ss-cards > .ss-card")
    assert [(text(card.select_one(".ss-card__name")), text(card.select_one(".ss-card__meta"))) for card in cards] == [
        ("Olena Kovalenko", "Volunteer, Ukraine"),
        ("Caseworker, Syria", "Name withheld for safety"),
        ("José", "ESOL tutor, Venezuela"),
    ]
    filters = {
        text(group.select_one(".ss-filter__label")): [text(a) for a in group.select("a")]
        for group in body.select(".ss-filter__group")
    }
    assert filters == {
        "By country": ["Syria (1)", "Ukraine (1)", "Venezuela (1)"],
        "By theme": ["A first job (1)", "A home (2)", "Learning the language (1)"],
    }


def test_a_country_page_shows_the_other_programmes_country(other_site: Path) -> None:
    body = content(page(other_site, "countries/venezuela/"))
    assert text(body.select_one("h1")) == "Stories from Venezuela"
    assert "Families from Venezuela who learnt the language" in text(body)
    assert [text(name) for name in body.select(".ss-card__name")] == ["José"]


def test_the_impact_page_shows_the_other_programmes_figures(other_site: Path) -> None:
    body = content(page(other_site, "impact/"))
    shown = text(body)
    assert "of the families we welcomed had a tenancy of their own within a year" in shown
    assert "people have been welcomed by the network since 2016" in shown
    assert "Harbour Refugee Aid, annual report 2024" in shown


def test_the_home_page_is_the_other_programmes(other_site: Path) -> None:
    soup = page(other_site, "")
    assert text(soup.select_one(".ss-hero__eyebrow")) == "Harbour Welcome Network"
    body = text(soup)
    assert "72%" in body and "4,120" in body
    assert "In my class nobody laughs at a mistake." in body  # <!-- storysite:quote jose -->


def test_no_file_of_the_other_site_holds_a_word_of_ours(other_site: Path) -> None:
    words = our_vocabulary()
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(word) for word in words) + r")(?![^\W_])", re.IGNORECASE)
    # Material's own scripts and stylesheets are the same for every site; everything else
    # (pages, feed, sitemap, search index, robots.txt) is made from the programme's content.
    made = [
        path for path in sorted(other_site.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt") and "assets" not in path.relative_to(other_site).parts
    ]
    assert len(made) > 10
    found = {
        path.relative_to(other_site).as_posix(): sorted({match[0] for match in pattern.finditer(path.read_text(encoding="utf-8"))})
        for path in made
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
