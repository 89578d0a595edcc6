"""The Content-Security-Policy of every page, with the hashes of its inline scripts.

Static hosts such as GitHub Pages cannot send headers, so the policy is a ``<meta>``, the
first element of ``<head>``. Scripts are allowed from the site itself and, inline, only
by the SHA-256 of their exact text, computed from each page after rendering: when a
Material upgrade changes its inline scripts, the hashes follow, and no
``'unsafe-inline'`` is ever needed for scripts. Only the scripts of the templates are
hashed, never one found in a page's content (see :func:`fill_policy`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from html.parser import HTMLParser

from markupsafe import escape

# The template writes this where the policy goes; post-processing replaces it.
PLACEHOLDER = "storysite-csp-is-filled-in-after-rendering"
# Types a browser does not run (JSON configuration): no hash needed, none given.
_DATA_TYPES = ("application/json", "application/ld+json", "text/template")


class _StartTag(HTMLParser):
    """Reads the attributes of one start tag (only ever fed a single ``<script ...>``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = dict(attrs)


@functools.lru_cache(maxsize=256)
def _runs(start_tag: str) -> bool:
    """Whether a browser would execute an inline script with this start tag (the same
    few tags come back on every page, hence the cache)."""
    parser = _StartTag()
    parser.feed(start_tag)
    parser.close()
    attributes = parser.attributes
    return "src" not in attributes and (attributes.get("type") or "").lower() not in _DATA_TYPES


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-...'`` sources for each distinct inline script of ``html``, in order.

    Parsing a whole page to find its few scripts cost a third of the build time with a
    thousand stories, so this only looks at ``<script`` tags: a script's text runs to the
    first ``</script``, exactly as the HTML standard has browsers read it. Only the start
    tags are parsed, to read their attributes. The templates write tags in lower case;
    editor text cannot add a tag at all (it is escaped). A script written ``<SCRIPT>``
    would get no hash, so browsers would refuse to run it: the safe way to fail.
    """
    hashes: list[str] = []
    position = html.find("<script")
    while position != -1:
        tag_end = html.find(">", position)
        if tag_end == -1:
            break
        close = html.find("</script", tag_end)
        if close == -1:
            break
        if _runs(html[position : tag_end + 1]):
            script = html[tag_end + 1 : close]
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
            source = f"'sha256-{digest}'"
            if source not in hashes:
                hashes.append(source)
        position = html.find("<script", close)
    return hashes


def policy(script_hashes: list[str], *, any_inline_script: bool = False) -> str:
    """The policy text: everything from the site itself, inline scripts by hash only.

    ``any_inline_script`` is for the local preview alone: ``mkdocs serve`` adds its
    live-reload script to each page as it sends it, after the hashes were computed.
    """
    scripts = "'self' 'unsafe-inline'" if any_inline_script else " ".join(["'self'", *script_hashes])
    directives = [
        "default-src 'self'",
        f"script-src {scripts}",
        # Material sets a few styles from script; style attributes cannot run code.
        "style-src 'self' 'unsafe-inline'",
        # Material's stylesheet draws its icons from data: SVG URLs.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def fill_policy(html: str, *, preview: bool = False, content: str | None = None) -> str:
    """``html`` with the placeholder replaced by its policy; unchanged if it has none.

    ``content`` is the page's content as the template printed it (MkDocs'
    ``page.content``): the scripts allowed are those of the page *outside* it, the theme's
    and ours, which come from templates we ship. A script inside the content (a
    hand-written page's, which the checks of docs/ refuse anyway) gets no hash, so no
    browser runs it. Should the content not be found in the page as it is (a template
    that changed it), no script is allowed at all: the page works without them.
    ``preview``: a page of the local live preview (see :func:`policy`).
    """
    if PLACEHOLDER not in html:
        return html
    outside = html
    if content:
        outside = html.replace(content, "") if content in html else ""
    text = policy(inline_script_hashes(outside), any_inline_script=preview)
    return html.replace(PLACEHOLDER, str(escape(text)), 1)
