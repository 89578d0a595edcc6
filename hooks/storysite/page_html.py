"""What happens to a hand-written page's HTML before it is published.

Two promises of the site live here:

- **Links never block a removal.** A hand-written page (``docs/``) may link a story,
  country or theme page the usual MkDocs way (``[his story](stories/x.md)``). When that
  page is not generated in this build (consent ended, story withdrawn or deleted), the
  link becomes its plain text: no ``<a>``, no address of the page anywhere in the output,
  and a note in the build log. MkDocs would otherwise fail ``--strict`` on the dead link,
  the last good site would stay online, and the story with it. Markdown links are
  handled in the element tree by :class:`UnpublishedLinks`, a Python-Markdown extension
  that runs before MkDocs rewrites (and checks) links; raw HTML ``<a href>`` is not in
  that tree and is handled by :func:`clean_page_html`.
- **HTML comments never reach the output** (editors' notes, names): :func:`clean_page_html`
  drops every comment but a well-formed block marker, which the adapter replaces later.

The module knows nothing of MkDocs: the adapter tells it which page is being converted.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .pages import MARKER

# The folders of generated pages: stories/<slug>/, countries/<slug>/, themes/<id>/.
# stories/index.md is the stories index, not a story.
GENERATED_SECTIONS = ("stories", "countries", "themes")
_WHAT_IS_GONE = {
    "stories": "that story is not published today",
    "countries": "that country has no page today",
    "themes": "that theme has no page today",
}
# After Python-Markdown's inline processor (20) and attr_list (8) have made the links,
# before the table of contents (5) copies headings and MkDocs' "relpath" (0) checks
# every link against the site's files.
TREEPROCESSOR_PRIORITY = 7
_SLUG = re.compile(r"[^./\\]+")


@dataclass(frozen=True)
class LinkContext:
    """Where links of one page lead: its source and address, and the pages that exist.

    ``src_uri`` is the page's file under docs/ (``index.md``), ``url`` its address
    (``""`` for the home page, ``how-we-collect-stories/``), ``generated`` the
    ``src_uri`` of every generated page of this build (``stories/monday.md``) and
    ``site_url`` the site's absolute address, ending in ``/``.
    """

    src_uri: str
    url: str
    generated: frozenset[str]
    site_url: str


@dataclass
class CurrentPage:
    """The hand-written page being converted now; ``unlinked`` collects log notes."""

    shown_as: str  # as errors name it: docs/index.md
    links: LinkContext
    unlinked: list[str] = field(default_factory=list)

    def note(self, href: str, target: str) -> None:
        section = target.split("/", 1)[0]
        self.unlinked.append(f"{self.shown_as}: link to {href} shows as text: {_WHAT_IS_GONE[section]}")


def generated_targets(href: str, links: LinkContext) -> set[str]:
    """The generated-section pages (``stories/x.md``) ``href`` may lead to, however it
    is written: ``stories/x.md``, ``../stories/x.md``, ``stories/x/``, ``stories/x/#part``,
    ``/stories/x/``, or the site's own address followed by ``stories/x/``.

    A relative address is read both ways it can be meant: from the page's file (as
    MkDocs reads ``.md`` links) and from the page's address (as a browser reads the
    rest). Empty when the link leads anywhere else (another site, the stories index).
    """
    parts = urlsplit(href.strip())
    site = urlsplit(links.site_url)
    site_path = site.path if site.path.endswith("/") else site.path + "/"
    path = unquote(parts.path)
    candidates: list[str] = []
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() not in ("", "http", "https") or parts.netloc.lower() != site.netloc.lower():
            return set()
        if not path.startswith(site_path):
            return set()
        candidates.append(path[len(site_path):])
    elif path.startswith(("/", "\\")):
        candidates.append(path.lstrip("/\\"))
        if path.startswith(site_path):
            candidates.append(path[len(site_path):])
    elif path:
        candidates.append(posixpath.join(posixpath.dirname(links.src_uri), path))
        candidates.append(posixpath.join(links.url, path))
    return {target for target in map(_section_page, candidates) if target is not None}


def _section_page(path: str) -> str | None:
    """``stories/x.md`` for any way of writing the address of that page, else None."""
    parts = posixpath.normpath(path.replace("\\", "/")).lower().split("/")
    # Above the site's root is the root, as browsers read "../" (and MkDocs would fail
    # --strict on the link it cannot find).
    while parts and parts[0] == "..":
        parts = parts[1:]
    if parts and parts[-1] in ("index.html", "index.md"):
        parts = parts[:-1]
    if len(parts) != 2 or parts[0] not in GENERATED_SECTIONS:
        return None
    slug = parts[1].removesuffix(".md").removesuffix(".html")
    if not _SLUG.fullmatch(slug) or (parts[0] == "stories" and slug == "index"):
        return None
    return f"{parts[0]}/{slug}.md"


def unpublished_target(href: str, links: LinkContext) -> str | None:
    """The generated page ``href`` leads to when it is not published in this build
    (when in doubt, that is: any reading of the address that finds such a page)."""
    missing = sorted(generated_targets(href, links) - links.generated)
    return missing[0] if missing else None


class UnpublishedLinks(Extension):
    """A Python-Markdown extension: links to unpublished generated pages become text.

    MkDocs makes a new ``Markdown`` for every page from ``markdown_extensions``, so one
    instance of this extension serves the whole build. The adapter sets :attr:`page`
    just before each hand-written page is converted (``on_page_markdown``) and to None
    for generated pages, which have no editor links; with None the extension does nothing.
    """

    def __init__(self) -> None:
        super().__init__()
        self.page: CurrentPage | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_UnlinkTreeprocessor(md, self), "storysite_unpublished_links", TREEPROCESSOR_PRIORITY)


class _UnlinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: UnpublishedLinks) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page = self.extension.page
        if page is None:
            return
        found = [
            (parent, child) for parent in root.iter() for child in parent
            if child.tag == "a" and child.get("href") is not None
        ]
        for parent, link in found:
            href = link.get("href") or ""
            target = unpublished_target(href, page.links)
            if target is None:
                continue
            page.note(href, target)
            keep_text = not _names_address(_element_text(link), target)
            _unwrap(parent, link, keep_text)


def _element_text(element: etree.Element) -> str:
    return "".join(element.itertext())


def _names_address(text: str, target: str) -> bool:
    """Whether a link's text spells the address it leads to (an autolink does), so that
    showing the text would publish the address."""
    return target.removesuffix(".md") in text.lower().replace("\\", "/")


def _unwrap(parent: etree.Element, element: etree.Element, keep_text: bool) -> None:
    """Replace ``element`` with its text and children (or with nothing but its tail)."""
    index = list(parent).index(element)
    previous = parent[index - 1] if index > 0 else None
    children = list(element) if keep_text else []
    pieces = [element.text or ""] if keep_text else []

    def append_text(text: str, after: etree.Element | None) -> None:
        if not text:
            return
        if after is None:
            parent.text = (parent.text or "") + text
        else:
            after.tail = (after.tail or "") + text

    parent.remove(element)
    append_text("".join(pieces), previous)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else previous
    append_text(element.tail or "", last)


def html_comments(html: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of every comment of ``html``, read as a browser reads them.

    A comment starts at ``<!--`` and ends at the first ``-->`` or ``--!>``; ``<!-->`` and
    ``<!--->`` are complete (empty) comments; an unclosed one runs to the end. Python's
    own HTML parser ends comments differently in some of these cases: a comment it
    ended too early would leave the rest of it in the page.
    """
    position = html.find("<!--")
    while position != -1:
        body = position + 4
        if html.startswith(">", body):
            end = body + 1
        elif html.startswith("->", body):
            end = body + 2
        else:
            ends = [found for found in (html.find("-->", body), html.find("--!>", body)) if found != -1]
            if not ends:
                yield position, len(html)
                return
            first = min(ends)
            end = first + (3 if html.startswith("-->", first) else 4)
        yield position, end
        position = html.find("<!--", end)


def _without(html: str, ranges: list[tuple[int, int]]) -> str:
    """``html`` with each ``(start, end)`` range cut out (ranges may overlap)."""
    kept: list[str] = []
    position = 0
    for start, end in sorted(ranges):
        if start > position:
            kept.append(html[position:start])
        position = max(position, end)
    kept.append(html[position:])
    return "".join(kept)


def drop_comments(html: str) -> str:
    """``html`` without its comments, but for well-formed block markers."""
    ranges = [(start, end) for start, end in html_comments(html) if not MARKER.fullmatch(html, start, end)]
    return _without(html, ranges) if ranges else html


class _Anchors(HTMLParser):
    """The offsets of every ``<a>`` start tag (with its href) and ``</a>`` end tag, and
    of every ``<area>`` (an image map's link, which has no end tag)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
        self.html = html
        self.starts: list[tuple[int, int, str | None]] = []
        self.ends: list[tuple[int, int]] = []
        self.areas: list[tuple[int, int, str | None]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area"):
            text = self.get_starttag_text() or ""
            start = self._offset()
            (self.starts if tag == "a" else self.areas).append((start, start + len(text), dict(attrs).get("href")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            start = self._offset()
            close = self.html.find(">", start)
            self.ends.append((start, len(self.html) if close == -1 else close + 1))


def unlink_raw_anchors(html: str, page: CurrentPage) -> str:
    """``html`` with each raw ``<a href>`` to an unpublished generated page made text.

    The start tag and its end tag go (an ``<a>`` ends at its ``</a>`` or at the next
    ``<a>``, as in browsers); the text between them stays, unless it spells the address.
    An image map's ``<area>`` to such a page goes.
    """
    parser = _Anchors(html)
    parser.feed(html)
    parser.close()
    ranges: list[tuple[int, int]] = []
    for start, tag_end, href in parser.areas:
        target = unpublished_target(href, page.links) if href is not None else None
        if target is not None:
            page.note(href or "", target)
            ranges.append((start, tag_end))
    for index, (start, tag_end, href) in enumerate(parser.starts):
        if href is None:
            continue
        target = unpublished_target(href, page.links)
        if target is None:
            continue
        page.note(href, target)
        following = parser.starts[index + 1][0] if index + 1 < len(parser.starts) else len(html)
        end_tag = next(((s, e) for s, e in parser.ends if tag_end <= s < following), None)
        text_end = end_tag[0] if end_tag else following
        if _names_address(html[tag_end:text_end], target):
            ranges.append((start, end_tag[1] if end_tag else following))
        else:
            ranges.append((start, tag_end))
            if end_tag:
                ranges.append(end_tag)
    return _without(html, ranges) if ranges else html


def clean_page_html(html: str, page: CurrentPage) -> str:
    """A hand-written page's HTML as it may be published: no comments (block markers
    stay, for the adapter to replace), no raw link to an unpublished generated page."""
    return unlink_raw_anchors(drop_comments(html), page)
