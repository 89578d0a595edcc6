"""The site's chrome in the built HTML: the page not found, the header on every page (logo,
sections, search, the call to give), the current section on generated pages, Material's
search strings, and typographic quotes in the hand-written prose."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from built_html import content, page, text

from sitebuild import REPO, Project
from storysite.csp import PLACEHOLDER, inline_script_hashes

SETTINGS = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
DONATE = SETTINGS["extra"]["donate"]
SECTIONS = [next(iter(entry)) for entry in SETTINGS["nav"]]


def addresses(site: Path) -> list[str]:
    """Every page of the sitemap, as an address relative to the site's root."""
    root = SETTINGS["site_url"]
    locations = ElementTree.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    return [location.text.removeprefix(root) for location in locations]


def not_found(site: Path) -> BeautifulSoup:
    return page(site, "404.html")


def test_the_page_not_found_is_a_page_not_its_own_markup_as_text(sample_site: Path) -> None:
    soup = not_found(sample_site)
    assert len(soup.select("header[data-md-component=header]")) == 1
    assert soup.select_one("link[rel=stylesheet][href*='assets/stylesheets/main.']") is not None
    # Material's 404 printed the head's and header's markup as text: no tag may show as text.
    assert "<" not in soup.get_text() and "&lt;" not in soup.get_text()
    body = content(soup)
    assert text(body.select_one("h1")) == "We couldn’t find that page"
    assert "404 - Not found" not in text(soup)
    assert text(soup.select_one("title")) == f"Page not found – {SETTINGS['site_name']}"
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"


def test_the_page_not_found_leads_to_the_stories_search_and_giving(sample_site: Path) -> None:
    body = content(not_found(sample_site))
    links = {text(a): a["href"] for a in body.select("a")}
    # The 404 is served at any depth: its addresses start from the site's root.
    assert links["Read the stories"] == "/stories/"
    assert links["Go to the home page"] == "/"
    assert links[DONATE["label"]] == DONATE["url"]
    search = body.select_one("label[for=__search]")
    assert search is not None and text(search) == "Search the stories"
    assert SETTINGS["extra"]["organisation"] in text(body)


def test_the_page_not_found_has_the_sites_policy_with_its_scripts_hashes(sample_site: Path) -> None:
    soup = not_found(sample_site)
    first = soup.head.find(True)
    assert first.name == "meta" and first["http-equiv"] == "Content-Security-Policy"
    policy = first["content"]
    assert PLACEHOLDER not in policy and "default-src 'self'" in policy and "'unsafe-inline'" not in policy.split("; ")[1]
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    hashes = inline_script_hashes(html)
    assert hashes, "Material's inline scripts should be there"
    assert all(source in policy for source in hashes)


def test_every_page_has_the_logo_the_sections_search_and_the_call_to_give(sample_site: Path) -> None:
    pages = [*addresses(sample_site), "404.html"]
    assert len(pages) > 8
    for address in pages:
        soup = page(sample_site, address)
        header = soup.select_one("header.md-header")
        assert header.select_one("a.md-logo img") is not None, address
        assert text(header.select_one(".ss-header__name")) == SETTINGS["site_name"], address
        # Search is an icon (a label for Material's search toggle) with a name, not a field.
        search = header.select_one("label.ss-header__search[for=__search]")
        # Named by words a screen reader reads (a label may not carry aria-label).
        assert search is not None and not search.has_attr("aria-label"), address
        assert text(search.select_one(".ss-visually-hidden")) == "Search the stories", address
        assert search.select_one("svg") is not None and text(search) == "Search the stories", address
        bar = soup.select_one("nav.md-tabs")
        assert [text(a) for a in bar.select(".md-tabs__link")] == SECTIONS, address
        donate = bar.select("a.ss-tabs__donate")
        assert [(text(a), a["href"]) for a in donate] == [(DONATE["label"], DONATE["url"])], address
        # The menu (Material's drawer) for phones: a label of its checkbox, named.
        menu = header.select_one("label[for=__drawer]")
        assert menu is not None and not menu.has_attr("aria-label"), address
        assert text(menu.select_one(".ss-visually-hidden")) == "Menu", address


def current_sections(soup: BeautifulSoup) -> list[str]:
    return [text(item) for item in soup.select("nav.md-tabs .md-tabs__item--active")]


@pytest.mark.parametrize(
    ("address", "section"),
    [
        ("", "Home"),
        ("stories/", "Stories"),
        ("stories/monday/", "Stories"),
        ("stories/afghanistan-graduate-1/", "Stories"),
        ("countries/nigeria/", "Stories"),
        ("themes/early-marriage/", "Stories"),
        ("impact/", "Impact"),
        ("how-we-collect-stories/", "How we collect stories"),
    ],
)
def test_the_current_section_is_marked_on_every_kind_of_page(sample_site: Path, address: str, section: str) -> None:
    soup = page(sample_site, address)
    assert current_sections(soup) == [section]
    # The same in the menu (Material's drawer), which phones use instead of the tabs.
    assert [text(a) for a in soup.select("nav.md-nav--primary > ul > li > a.md-nav__link--active")] == [section]


def test_only_the_tab_of_the_page_itself_says_it_is_the_current_page(sample_site: Path) -> None:
    stories = page(sample_site, "stories/").select("nav.md-tabs a[aria-current]")
    assert [(text(a), a["aria-current"]) for a in stories] == [("Stories", "page")]
    # A story page is under Stories, but is not the stories page.
    assert page(sample_site, "stories/monday/").select("nav.md-tabs a[aria-current]") == []
    assert current_sections(not_found(sample_site)) == []


def test_search_results_are_counted_in_stories_not_documents(sample_site: Path) -> None:
    soup = page(sample_site, "stories/monday/")
    translations = json.loads(soup.select_one("script#__config").string)["translations"]
    counts = [translations[f"search.result.{key}"] for key in ("none", "one", "other")]
    assert all("stor" in count and "document" not in count for count in counts), counts
    assert "#" in translations["search.result.other"]  # Material puts the number there
    field = soup.select_one("input.md-search__input")
    assert field["placeholder"] == field["aria-label"] == "Search the stories"


def test_another_programme_gets_its_own_words_in_the_chrome(tmp_path: Path) -> None:
    fixture = REPO / "tests" / "fixtures" / "another-programme"
    root = tmp_path / "project"
    root.mkdir()
    for part in ("mkdocs.yml", "docs", "data", "stories", "hooks", "overrides"):
        source = (fixture if part in ("mkdocs.yml", "docs", "data", "stories") else REPO) / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(source, root / part)
    built = Project(root).build()
    assert built.returncode == 0, built.output
    settings = yaml.safe_load((fixture / "mkdocs.yml").read_text(encoding="utf-8"))
    for address in ("", "stories/", "404.html"):
        soup = page(built.site, address)
        donate = soup.select_one("a.ss-tabs__donate")
        assert (text(donate), donate["href"]) == (settings["extra"]["donate"]["label"], settings["extra"]["donate"]["url"])
        assert text(soup.select_one(".ss-header__name")) == settings["site_name"]
    assert current_sections(page(built.site, "stories/")) == ["Voices"]
    assert settings["extra"]["organisation"] in text(content(not_found(built.site)))


def test_hand_written_prose_has_typographic_quotes_and_dashes(sample_site: Path) -> None:
    body = content(page(sample_site, "how-we-collect-stories/"))
    prose = text(body)
    assert "speaker’s informed consent" in prose
    assert "'" not in prose and '"' not in prose


def test_smarty_turns_quotes_and_dashes_of_a_new_page_typographic(project: Project) -> None:
    project.write(
        "docs/how-we-collect-stories.md",
        "# How we collect stories\n\nWe say \"thank you\" -- always. It's 2020---2024... and [Monday's story](stories/monday.md).\n",
    )
    built = project.build()
    assert built.returncode == 0, built.output
    body = content(page(built.site, "how-we-collect-stories/"))
    assert body.select_one("p").get_text() == "We say “thank you” – always. It’s 2020—2024… and Monday’s story."
    assert body.select_one("a")["href"] == "../stories/monday/"


def print_texts(soup: BeautifulSoup) -> str:
    [style] = soup.select('head style[media="print"]')
    return style.string


def test_every_page_hands_print_its_organisation_address_and_donate_address(sample_site: Path) -> None:
    for address in ("", "stories/monday/", "countries/nigeria/"):
        texts = print_texts(page(sample_site, address))
        assert f'--ss-print-organisation:"{SETTINGS["extra"]["organisation"]}"' in texts
        assert f'--ss-print-address:"{SETTINGS["site_url"]}{address}"' in texts
        assert f'--ss-print-donate:"{DONATE["url"]}"' in texts
    assert f'--ss-print-address:"{SETTINGS["site_url"]}"' in print_texts(not_found(sample_site))


def test_an_organisations_name_cannot_end_the_print_style_or_its_string(project: Project) -> None:
    hostile = 'Smith & "Sons" \\ </style><script>alert(1)</script>'
    settings = project.root / "mkdocs.yml"
    text_of = settings.read_text(encoding="utf-8")
    line = f"  organisation: {SETTINGS['extra']['organisation']}\n"
    assert line in text_of
    settings.write_text(text_of.replace(line, f"  organisation: '{hostile}'\n"), encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    soup = page(built.site, "stories/monday/")
    texts = print_texts(soup)
    assert texts.count('"') == 6, texts  # three strings, none ended early
    assert r'--ss-print-organisation:"Smith & \22 Sons\22  \5c  \3c /style\3e \3c script\3e alert(1)\3c /script\3e "' in texts
    assert [script for script in soup.find_all("script") if "alert" in (script.string or "")] == []


def test_every_script_file_is_deferred_and_no_markup_is_printed_as_text(sample_site: Path) -> None:
    # Scripts wait for nothing the first paint needs (Lighthouse, slow 4G); the one word is
    # added to Material's own markup, which must stay markup.
    for address in ("index.html", "stories/index.html", "stories/monday/index.html", "impact/index.html", "404.html"):
        html = (sample_site / address).read_text(encoding="utf-8")
        scripts = BeautifulSoup(html, "html.parser").select("script[src]")
        assert {script["src"].rsplit("/", 1)[-1].split(".")[0] for script in scripts} == {"bundle", "storysite"}, address
        assert all(script.has_attr("defer") and str(script).count("defer") == 1 for script in scripts), address
        assert "&lt;script" not in html, address
