"""The Content-Security-Policy of every page, with the hashes of its inline scripts.

Static hosts such as GitHub Pages cannot send headers, so the policy is a ``<meta>``, the
first element of ``<head>``. Scripts are allowed from the site itself and, inline, only
by the SHA-256 of their exact text, computed from each page after rendering: when a
Material upgrade changes its inline scripts, the hashes follow, and no
``'unsafe-inline'`` is ever needed for scripts.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

from markupsafe import escape

# The template writes this where the policy goes; post-processing replaces it.
PLACEHOLDER = "storysite-csp-is-filled-in-after-rendering"
REFERRER_POLICY = "same-origin"
# Types a browser does not run (JSON configuration): no hash needed, none given.
_DATA_TYPES = ("application/json", "application/ld+json", "text/template")


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script that a browser would execute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        runs = "src" not in attributes and (attributes.get("type") or "").lower() not in _DATA_TYPES
        self._current = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-...'`` sources for each distinct inline script of ``html``, in order."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    hashes: list[str] = []
    for script in parser.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(script_hashes: list[str]) -> str:
    """The policy text: everything from the site itself, inline scripts by hash only."""
    scripts = " ".join(["'self'", *script_hashes])
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


def fill_policy(html: str) -> str:
    """``html`` with the placeholder replaced by its policy; unchanged if it has none."""
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, str(escape(policy(inline_script_hashes(html)))), 1)
