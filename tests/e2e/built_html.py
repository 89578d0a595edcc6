"""Reading built pages: parsed HTML, never regular expressions."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def page(site: Path, address: str) -> BeautifulSoup:
    """The parsed page at ``address`` (e.g. ``stories/monday/``) of a built site."""
    path = site / address / "index.html" if not address.endswith(".html") else site / address
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(soup: BeautifulSoup) -> BeautifulSoup:
    """The page's main content, without header, tabs and footer."""
    inner = soup.select_one("article.md-content__inner")
    assert inner is not None, "the page has no content area"
    return inner


def text(element: object) -> str:
    """An element's text with whitespace collapsed, as a reader would see it."""
    return " ".join(element.get_text(" ").split())  # type: ignore[attr-defined]


def files_mentioning(folder: Path, word: str) -> list[str]:
    """Every file under ``folder`` (a built site, a print pack's folder) whose name or bytes
    hold ``word``, in any letter case: where a sentinel leaked to, if anywhere."""
    needle = word.lower().encode()
    return [
        path.relative_to(folder).as_posix()
        for path in sorted(folder.rglob("*"))
        if word.lower() in path.name.lower() or (path.is_file() and needle in path.read_bytes().lower())
    ]
