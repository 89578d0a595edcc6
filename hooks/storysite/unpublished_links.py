"""Markdown links to unpublished generated pages become text: :class:`UnpublishedLinks`,
a Python-Markdown extension that runs in the element tree before MkDocs rewrites (and
checks) links, and notes each change for the build log.

Links never block a removal: a hand-written page may link a story, country or theme
page, or a further page of a list, the usual MkDocs way (``[his story](stories/x.md)``).
When that page is not generated in this build (consent ended, story withdrawn or
deleted, a list with fewer pages), the link becomes its plain text, or nothing when the
text spells the address or names the person whose story it was; any other attribute
leading to such a page goes (an image whose ``src`` does goes whole). MkDocs would
otherwise fail ``--strict`` on the dead link, the last good site would stay online, and
the story with it. Raw HTML is not in this tree:
:func:`storysite.page_html.clean_page_html` handles it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .link_targets import CurrentPage, names_address, names_person, unpublished_in_attribute, unpublished_target

# After Python-Markdown's inline processor (20) and attr_list (8) have made the links,
# before the table of contents (5) copies headings and MkDocs' "relpath" (0) checks
# every link against the site's files.
TREEPROCESSOR_PRIORITY = 7


class UnpublishedLinks(Extension):
    """A Python-Markdown extension: links to unpublished generated pages become text.

    MkDocs makes a new ``Markdown`` for every page it converts from ``markdown_extensions``,
    so one instance of this extension serves the whole build. ``BuildState.start_page``
    (from the adapter's ``on_page_markdown``) sets :attr:`page` just before each
    hand-written page is converted, and to None for generated pages, which have no editor
    links; with None the extension does nothing. Pages drawn whole (the adapter's
    ``DrawnPage``) are never converted at all.
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
        for parent in list(root.iter()):
            for element in list(parent):
                _drop_unpublished_attributes(parent, element, page)
        found = [
            (parent, child) for parent in root.iter() for child in parent
            if child.tag == "a" and child.get("href") is not None
        ]
        for parent, link in found:
            href = link.get("href") or ""
            target = unpublished_target(href, page.links)
            if target is None:
                continue
            text = _element_words(link)
            keep_text = not names_address(text, target) and not names_person(text, target, page.links)
            page.note(href, target, text_kept=keep_text)
            _unwrap(parent, link, keep_text)


def _drop_unpublished_attributes(parent: etree.Element, element: etree.Element, page: CurrentPage) -> None:
    """Every attribute but a link's ``href`` that leads to an unpublished page goes; an
    image whose ``src`` does (``![x](stories/gone.md)``) goes whole: MkDocs would fail
    --strict on its address, and stops at an image without one."""
    for name, value in list(element.attrib.items()):
        if name == "href" and element.tag in ("a", "area"):
            continue
        target = unpublished_in_attribute(name.lower(), value, page.links)
        if target is None:
            continue
        page.note_attribute(name.lower(), str(element.tag), target)
        if element.tag == "img" and name == "src":
            _unwrap(parent, element, keep_text=False)
            return
        del element.attrib[name]


def _element_words(element: etree.Element) -> str:
    """A link's text and its images' ``alt`` and ``title``: what a reader sees of it."""
    shown = ["".join(element.itertext())]
    shown += [part.get(name) or "" for part in element.iter() for name in ("alt", "title")]
    return " ".join(shown)


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
