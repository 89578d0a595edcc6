"""A hand-written page's HTML as it may be published (:func:`clean_page_html`): no
comments, no raw link or attribute leading to an unpublished generated page.

- **HTML comments never reach the output** (editors' notes, names): every comment goes
  but a well-formed block marker, which the adapter replaces later, and everything a
  browser reads as a comment too (``<!x>``, ``<![CDATA[ x >``, ``<?x>``, ``</ x>``, a
  ``<!DOCTYPE>``). The checks of docs/ (``docs_markup``) judge a page as
  :func:`without_comments` leaves it, so they judge exactly what is published.
- **Links never block a removal** (see :mod:`storysite.unpublished_links`, which makes
  Markdown links text): a raw ``<a>`` or ``<area>`` to such a page goes, the link's text
  stays unless it spells the address or names the person whose story it was, and any
  other attribute that leads there (``<q cite>``, ``<img src>``, ``data-*``) goes.

The page is read as browsers read it (:mod:`storysite.html_tokens`) and cut so that
nothing joins into new markup. The module knows nothing of MkDocs: the adapter tells it
which page is being converted.
"""

from __future__ import annotations

from html import unescape

from .block_markers import MARKER
from .html_tokens import Cut, Token, cut, html_tokens
from .link_targets import CurrentPage, names_address, names_person, unpublished_in_attribute, unpublished_target


# Comments --------------------------------------------------------------------------------------


def comment_ranges(html: str, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """What :func:`drop_comments` cuts out: every comment but a well-formed block
    marker; whatever a browser reads as a comment (bogus comments, a ``<!DOCTYPE>``,
    which browsers ignore in a page); a tag with a comment inside it (a browser would
    not read that comment as one, and without the comment the tag could become another,
    ``<scr<!-- -->ipt>``); and a tag left open at the end (once the page is put in the
    theme's HTML, it would take in what follows)."""
    ranges: list[tuple[int, int]] = []
    for token in html_tokens(html) if tokens is None else tokens:
        if token.kind == "comment":
            if not (token.closed and MARKER.fullmatch(html, token.start, token.end)):
                ranges.append((token.start, token.end))
        elif token.kind in ("bogus", "doctype"):
            ranges.append((token.start, token.end))
        elif token.kind in ("start", "end") and (not token.closed or "<!--" in html[token.start : token.end]):
            ranges.append((token.start, token.end))
    return ranges


def without_comments(html: str) -> Cut:
    """``html`` as :func:`drop_comments` publishes it, with the way back to ``html``."""
    return cut(html, comment_ranges(html))


def drop_comments(html: str) -> str:
    """``html`` without its comments, but for well-formed block markers (see
    :func:`comment_ranges`)."""
    return without_comments(html).text


# Raw HTML links ----------------------------------------------------------------------------------


def unlink_raw_anchors(html: str, page: CurrentPage) -> str:
    """``html`` with each raw ``<a href>`` to an unpublished generated page made text.

    The start tag and its end tag go (an ``<a>`` ends at its ``</a>`` or at the next
    ``<a>``, as in browsers); the text between them stays, unless it spells the address
    or names the person whose story it was. An image map's ``<area>`` to such a page
    goes. Any other attribute that leads to such a page (``<q cite>``, ``<img src>``,
    ``<a ping>``, ``data-*``) goes, its tag stays.
    """
    tokens = html_tokens(html)
    ranges: list[tuple[int, int] | tuple[int, int, str]] = []
    for index, token in enumerate(tokens):
        if token.kind != "start":
            continue
        if token.name in ("a", "area"):
            hrefs = [attribute.value for attribute in token.attrs if attribute.name == "href"]
            found = next(((href, target) for href in hrefs if (target := unpublished_target(href, page.links))), None)
            if found is not None:
                ranges += _unlink(html, tokens, index, found[0], found[1], page)
                continue
        for attribute in token.attrs:
            if attribute.name == "href" and token.name in ("a", "area"):
                continue
            target = unpublished_in_attribute(attribute.name, attribute.value, page.links)
            if target is not None:
                page.note_attribute(attribute.name, token.name, target)
                ranges.append((attribute.start, attribute.end, " "))
    return cut(html, ranges).text if ranges else html


def _unlink(html: str, tokens: list[Token], index: int, href: str, target: str, page: CurrentPage) -> list[tuple[int, int]]:
    """The ranges that make the ``<a>`` or ``<area>`` at ``tokens[index]`` text."""
    token = tokens[index]
    if token.name == "area":
        page.note(href, target, text_kept=False)
        return [(token.start, token.end)]
    after = index + 1
    while after < len(tokens) and not (tokens[after].name == "a" and tokens[after].kind in ("start", "end")):
        after += 1
    ending = tokens[after] if after < len(tokens) else None
    text_end = ending.start if ending is not None else len(html)
    shown = _shown_text(html, tokens[index + 1 : after])
    end_tag = ending if ending is not None and ending.kind == "end" else None
    if names_address(shown, target) or names_person(shown, target, page.links):
        page.note(href, target, text_kept=False)
        return [(token.start, end_tag.end if end_tag else text_end)]
    page.note(href, target)
    return [(token.start, token.end)] + ([(end_tag.start, end_tag.end)] if end_tag else [])


def _shown_text(html: str, tokens: list[Token]) -> str:
    """What a reader sees of ``tokens``: their text, and their tags' ``alt`` and ``title``."""
    shown = [unescape(html[token.start : token.end]) for token in tokens if token.kind == "text"]
    shown += [attribute.value for token in tokens for attribute in token.attrs if attribute.name in ("alt", "title")]
    return " ".join(shown)


def clean_page_html(html: str, page: CurrentPage) -> str:
    """A hand-written page's HTML as it may be published: no comments (block markers
    stay, for the adapter to replace) nor anything browsers read as one, no raw link
    to an unpublished generated page, no attribute leading to one."""
    return unlink_raw_anchors(drop_comments(html), page)
