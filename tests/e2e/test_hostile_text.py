"""Editor text is plain text everywhere it lands: never Markdown, never HTML."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from built_html import content, page, text

from sitebuild import Project

NAME = "</title><script>alert('name')</script>"
QUOTE = (
    "<script>alert('quote')</script> [click](javascript:alert('link')) {: onclick=alert('attr') } "
    "![](https://tracker.example/pixel.gif) <img src=x onerror=alert('img')>"
)
PARAGRAPH = "**not bold** <b onmouseover=alert('story')>hover</b> & <!-- comment --> <!-- storysite:counter -->"

HOSTILE_STORY = f"""\
identity: named
name: "{NAME}"
country: Nigeria
role: graduate
quote: "{QUOTE}"
story: |
  {PARAGRAPH}

  Second paragraph.
themes: [household-finances]
collected: 2025-12-01
featured: true
consent:
  given: 2025-12-01
  expires: 2030-12-01
  scope: [web, social]
  reference: CF-TEST-0001
"""


def build_hostile(project: Project) -> Path:
    project.write("stories/hostile.yml", HOSTILE_STORY)
    built = project.build()
    assert built.returncode == 0, built.output
    return built.site


def all_pages(site: Path) -> list[tuple[Path, BeautifulSoup]]:
    return [(path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")) for path in site.rglob("*.html")]


def test_hostile_text_shows_as_typed(project: Project) -> None:
    site = build_hostile(project)
    soup = page(site, "stories/hostile/")
    body = content(soup)
    assert text(body.select_one("h1")) == NAME
    assert text(body.select_one(".ss-pullquote__quote")) == QUOTE
    paragraphs = [text(p) for p in body.select(".ss-story__body > p") if "not bold" in text(p)]
    assert paragraphs == [" ".join(PARAGRAPH.split())]
    # The title element holds the name as text: the </title> inside it did not end it.
    assert soup.title.string.startswith(NAME)
    assert soup.select_one('meta[name="description"]')["content"] == QUOTE
    assert soup.select_one('meta[property="og:title"]')["content"].startswith(NAME)


def test_no_markup_from_editor_text_reaches_any_page(project: Project) -> None:
    site = build_hostile(project)
    for path, soup in all_pages(site):
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{path}: {element.name} has {handlers}"
            for attribute in ("href", "src"):
                value = str(element.get(attribute, "")).strip().lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{path}: {element}"
                # The quote may travel as text inside a share link; it must never be an address.
                assert "tracker.example" not in urlsplit(value).netloc, f"{path}: {element}"
                if attribute == "src":
                    assert "tracker.example" not in value, f"{path}: {element}"
        for script in soup.find_all("script"):
            assert "alert(" not in (script.string or ""), f"{path}: {script}"
        assert not soup.find("b", onmouseover=True)
        assert not soup.select("strong:-soup-contains('not bold')"), f"{path}: Markdown was applied"


def test_hostile_text_is_escaped_in_the_search_index(project: Project) -> None:
    site = build_hostile(project)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [doc for doc in index["docs"] if doc["location"].startswith("stories/hostile/")]
    assert entries
    for entry in entries:
        # Material's search shows titles and text as HTML: they must be escaped HTML.
        for field in ("title", "text"):
            assert "<script" not in entry[field] and "<img" not in entry[field] and "<b " not in entry[field]
    assert "&lt;/title&gt;&lt;script&gt;" in entries[0]["title"]


def test_block_markers_in_editor_text_are_not_expanded(project: Project) -> None:
    site = build_hostile(project)
    body = content(page(site, "stories/hostile/"))
    assert body.select_one(".ss-counter") is None
    assert "<!-- storysite:counter -->" in text(body)
