"""Block markers, as text: :data:`MARKER`, :class:`Marker`, :func:`find_markers` and
:func:`fill_markers`.

A *block marker* is an HTML comment in a page's Markdown, e.g. ``<!-- storysite:figures
-->``. Markdown keeps comments as they are, so after conversion each one is swapped for
its block. This module only finds and replaces markers: which blocks exist, and whether a
marker names one, is for :mod:`storysite.pages` (its ``BLOCKS`` and ``check_markers``
read the block registry). It imports nothing but the standard library, so that what only
needs to recognise a marker (cleaning a page's HTML) does not load every block, the
photo stack among them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# A well-formed block marker, the one definition: lower-case name right after the colon,
# at most one argument. Comments that only look like one are errors (docs_guard).
MARKER = re.compile(r"<!--\s*storysite:(?P<name>[a-z][a-z-]*)(?:[ \t]+(?P<argument>[^\s>]+))?\s*-->")


@dataclass(frozen=True)
class Marker:
    """One block in a page: its name, its argument (or None) and its 1-based line."""

    name: str
    argument: str | None
    line: int


def find_markers(markdown: str) -> list[Marker]:
    """Every block marker in ``markdown``, in order."""
    return [
        Marker(match["name"], match["argument"], markdown.count("\n", 0, match.start()) + 1)
        for match in MARKER.finditer(markdown)
    ]


def fill_markers(html: str, render: Callable[[Marker], str]) -> str:
    """``html`` with each marker replaced by ``render(marker)`` (its line is 0: a
    page's HTML has no lines of the Markdown it came from)."""
    return MARKER.sub(lambda match: render(Marker(match["name"], match["argument"], 0)), html)
