"""Lists of stories cut into pages, and the addresses of those pages.

A list's first page keeps the list's own address (``stories/``, ``countries/<slug>/``);
page *n* is ``<address>page/<n>/`` (``stories/page/2/``). Each page links the previous and
the next one and a compact row of numbers (``1 … 7 8 9 … 40``), so that every story is
reached by links alone and no page grows with the number of stories.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

# Cards a page: a multiple of the grid's one, two and three columns.
PAGE_SIZE = 24
# Pages either side of the current one that the row of numbers always shows.
NEIGHBOURS = 1
# The folder of a list's further pages: <address>page/<n>/.
FURTHER_PAGES = "page"
# A further page's source path as page_src_uri writes it, any number of digits: a link to
# page/1/ or page/02/ is read as a link to a further page too (no such page is ever made).
_FURTHER_PAGE_SRC = re.compile(rf"(?P<first>(?:[^/]+/)*){FURTHER_PAGES}/[0-9]+\.md")

Item = TypeVar("Item")


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages ``total`` items fill, ``size`` a page; an empty list has one page."""
    if size < 1:
        raise ValueError(f"a page holds at least one item, not {size}")
    return max(1, -(-total // size))


def page_items(items: Sequence[Item], number: int, size: int = PAGE_SIZE) -> Sequence[Item]:
    """The items of page ``number`` (1-based), in their order."""
    return items[(number - 1) * size: number * size]


def page_url(first: str, number: int) -> str:
    """The address of page ``number`` of the list at ``first`` (relative, ending in '/')."""
    return first if number == 1 else f"{first}{FURTHER_PAGES}/{number}/"


def page_src_uri(first: str, number: int) -> str:
    """The generated page's source path of page ``number`` (2 and more) of the list at
    ``first``: ``stories/`` gives ``stories/page/2.md``, which MkDocs publishes at
    ``stories/page/2/``."""
    if number < 2:
        raise ValueError("the first page of a list is the list's own page")
    return f"{page_url(first, number).rstrip('/')}.md"


def further_page_list(src_uri: str) -> str | None:
    """The address of the list (``stories/``, ``countries/<slug>/``) that ``src_uri``
    would be a further page of, read back from :func:`page_src_uri`'s form
    (``countries/<slug>/page/2.md`` gives ``countries/<slug>/``); None for any other
    path. Any number counts, ``page/1.md`` and ``page/02.md`` too: whether the list
    has such a page in a build is for the caller to ask."""
    found = _FURTHER_PAGE_SRC.fullmatch(src_uri)
    return found["first"] if found else None


def numbers_shown(number: int, count: int) -> tuple[int | None, ...]:
    """The row of page numbers for page ``number`` of ``count``: the first, the last, and
    :data:`NEIGHBOURS` either side of the current one; None stands for the pages left out
    ("…"), and a gap of a single page shows that page instead."""
    kept = {1, count, *range(number - NEIGHBOURS, number + NEIGHBOURS + 1)}
    shown = sorted(n for n in kept if 1 <= n <= count)
    row: list[int | None] = []
    for n in shown:
        if row and row[-1] is not None:
            gap = n - row[-1]
            if gap == 2:
                row.append(n - 1)
            elif gap > 2:
                row.append(None)
        row.append(n)
    return tuple(row)


@dataclass(frozen=True)
class PageLink:
    """One entry of the row of numbers: a page's number and address, or a gap (``number``
    None)."""

    number: int | None
    url: str | None
    current: bool = False


@dataclass(frozen=True)
class Paging:
    """Where a page stands in its list, for storysite/listing/pagination.html. ``first``
    is the list's address; addresses are relative to the site's root."""

    number: int
    count: int
    first: str

    @property
    def previous(self) -> str | None:
        return page_url(self.first, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return page_url(self.first, self.number + 1) if self.number < self.count else None

    @property
    def links(self) -> tuple[PageLink, ...]:
        return tuple(
            PageLink(None, None) if n is None else PageLink(n, page_url(self.first, n), n == self.number)
            for n in numbers_shown(self.number, self.count)
        )

    @property
    def title_suffix(self) -> str:
        """What page 2 and later add to their title and heading: " — page 2 of 40"."""
        return f" — page {self.number} of {self.count}" if self.number > 1 else ""
