"""renderer: our templates drawn with an explicit context, and cards drawn once per story
and way back to the root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader
from mkdocs.utils.templates import url_filter

from storysite.art import CardArt
from storysite.model import Consent, Country, Role, Story
from storysite.renderer import COUNTRY_ART, STORY_CARD, Renderer, autoescape_ours

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
LAND = Country("XL", "Landia", "landia", (), False, "named", "", CardArt("#263766", "#3b4f8a", 120, ((0.7, 0.78), (0.92, 0.44))))
HELPER = Role("helper", "Helper", "helper")
OTHER = Country("XO", "Otherland", "otherland", (), False, "named", "", CardArt("#5b2040", "#8e3a5c", 135, ((0.74, 0.38), (0.9, 0.62))))


@dataclass(frozen=True)
class FakePage:
    """What MkDocs' url filter reads of a page: its address."""

    url: str


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(OVERRIDES))
    env.filters["url"] = url_filter  # MkDocs' own, as in a build
    autoescape_ours(env, OVERRIDES)
    return env


def story(slug: str = "ana", name: str | None = "Ana <b>Lima</b>") -> Story:
    return Story(
        slug=slug, source=f"stories/{slug}.yml", identity="named" if name else "anonymous", name=name, country=LAND,
        role=HELPER, quote="We learnt to listen before we spoke.", original=None, paragraphs=(), photo=None,
        themes=(), collected=dt.date(2024, 1, 1), featured=False, minor=False,
        consent=Consent(dt.date(2024, 1, 1), dt.date(2030, 1, 1), ("web",), "CF-1", None, False),
    )


def test_a_card_links_from_the_root_it_is_given_and_shows_its_countrys_art() -> None:
    renderer = Renderer(environment(), {"extra": {}}, {})
    card = BeautifulSoup(renderer.story_card(story(), "h2", "../.."), "html.parser")
    assert card.select_one("h2.ss-card__name a")["href"] == "../../stories/ana/"
    # Editor text is escaped (the templates under overrides/ autoescape).
    assert card.select_one("h2.ss-card__name a").get_text() == "Ana <b>Lima</b>"
    assert card.select_one(".ss-card__meta").get_text() == "Helper, Landia"
    art = card.select_one(".ss-card__art")
    # Its country's art comes from the site's country-art.css, by the country's slug.
    assert art["class"] == ["ss-card__art", "ss-card__art--landia"] and not art.has_attr("style")
    at_root = BeautifulSoup(renderer.story_card(story(), "h3", "."), "html.parser")
    assert at_root.select_one("h3.ss-card__name a")["href"] == "./stories/ana/"


def test_each_card_is_drawn_once_per_story_and_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    template = env.get_template(STORY_CARD)
    drawn: list[str] = []
    render = template.render

    def counting(*args: object, **kwargs: object) -> str:
        drawn.append("card")
        return render(*args, **kwargs)

    monkeypatch.setattr(template, "render", counting)
    renderer = Renderer(env, {"extra": {}}, {})
    for _ in range(3):
        deep = renderer.story_card(story(), "h2", "../..")
        shallow = renderer.story_card(story(), "h2", "..")
        renderer.story_card(story(), "h3", "../..")
        renderer.story_card(story("other"), "h2", "../..")
    assert len(drawn) == 3
    # Each page's way back to the root is in its card's links, and only there.
    assert str(deep) == str(shallow).replace('href="../', 'href="../../')
    assert "\x00" not in deep and 'href="../../' in deep
    # Only h2 and h3 keep a page's headings in order: anything else is h3.
    assert "<h3" in renderer.story_card(story(), "h1", "../..")


def test_a_block_gets_its_data_the_page_and_the_settings_and_nothing_else() -> None:
    env = environment()
    renderer = Renderer(env, {"extra": {"takedown": {"email": "takedown@example.org"}}}, {})
    quote = BeautifulSoup(renderer.render("storysite/blocks/quote.html", FakePage("about/"), "..", {"story": story()}), "html.parser")
    # With a page, addresses are relative to it, as everywhere in MkDocs.
    assert quote.select_one("figcaption a")["href"] == "../stories/ana/"
    assert quote.select_one("figcaption").get_text(" ", strip=True) == "Ana <b>Lima</b> , helper, Landia"
    takedown = renderer.render("storysite/blocks/takedown.html", FakePage(""), ".", {})
    assert "mailto:takedown@example.org" in takedown
    # Blocks draw cards through the renderer, from the page's root.
    listed = BeautifulSoup(
        renderer.render("storysite/blocks/featured-stories.html", FakePage(""), ".", {"stories": (story(), story("b", None))}),
        "html.parser",
    )
    assert [a["href"] for a in listed.select(".ss-card__name a")] == ["./stories/ana/", "./stories/b/"]
    assert listed.select(".ss-card__meta")[1].get_text() == "Name withheld for safety"


def test_a_template_sees_only_what_the_renderer_passes(tmp_path: Path) -> None:
    (tmp_path / "probe.html").write_text("{{ page_extras is defined }} {{ nav is defined }} {{ config.extra.x }} {{ base_url }} {{ data }}")
    env = Environment(loader=FileSystemLoader(tmp_path))
    assert Renderer(env, {"extra": {"x": 1}}, {}).render("probe.html", None, "..", {"data": "d"}) == "False False 1 .. d"


def test_files_that_are_not_pages_are_drawn_with_the_settings_and_their_data() -> None:
    renderer = Renderer(environment(), {"extra": {}}, {})
    robots = renderer.render_file("storysite/robots.txt", {"site_url": "https://example.org/"})
    assert robots.strip().endswith("Sitemap: https://example.org/sitemap.xml")


def test_a_templates_blocks_are_drawn_apart_with_one_context(tmp_path: Path) -> None:
    (tmp_path / "parts.html").write_text(
        "{#- two parts -#}\n{% block first %}<p>{{ word }} {{ base_url }}</p>{% endblock %}\n"
        "{% block second %}{{ story_card(card_story, 'h2') }}{% endblock %}"
    )
    (tmp_path / "storysite").mkdir()
    (tmp_path / "storysite" / "story-card.html").write_text("<li>{{ story.slug }} {{ card_heading }}</li>")
    env = Environment(loader=FileSystemLoader(tmp_path))
    autoescape_ours(env, tmp_path)
    parts = Renderer(env, {}, {}).render_blocks("parts.html", None, "..", {"word": "<b>", "card_story": story()})
    assert parts == {"first": "<p>&lt;b&gt; ..</p>", "second": "<li>ana h2</li>"}


def test_the_country_art_stylesheet_gives_each_country_its_art() -> None:
    renderer = Renderer(environment(), {"extra": {}}, {})
    css = renderer.render_file(COUNTRY_ART, {"countries": (LAND, OTHER)})
    assert f".ss-card__art--landia {{ {LAND.art.css}; }}" in css
    assert f".ss-card__art--otherland {{ {OTHER.art.css}; }}" in css
