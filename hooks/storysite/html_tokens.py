"""HTML read as browsers read it (:func:`html_tokens`), and cut so that nothing joins into
new markup (:func:`cut`): what is left is what a browser read, less what was removed.

Not Python's ``HTMLParser``, which ends some comments and declarations elsewhere than
browsers do: what it took for a declaration, a browser could run. The module knows
nothing of the site; ``page_html`` publishes pages with it and ``docs_markup`` judges
them with it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from typing import Literal

TokenKind = Literal["text", "start", "end", "comment", "bogus", "doctype"]
_WHITESPACE = "\t\n\x0c\r "
_TAG_NAME_ENDS = _WHITESPACE + "/>"
_ATTRIBUTE_NAME_ENDS = _WHITESPACE + "/>="
_UNQUOTED_VALUE_ENDS = _WHITESPACE + ">"
# What ends a comment, whichever comes first (one search: a page of comments is read in one pass).
_COMMENT_CLOSE = re.compile("--!?>")
# After a cut, a "<" that was text would open markup if one of these came next.
_OPENS_MARKUP = re.compile(r"[A-Za-z!/?]")


@dataclass(frozen=True)
class Attribute:
    """One attribute of a tag: ``name`` in lower case, ``value`` with its character
    references decoded, ``html[start:end]`` the whole ``name="value"``."""

    name: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Token:
    """One piece of HTML as a browser's tokenizer reads it, ``html[start:end]``.

    ``kind`` is ``text``; ``start`` or ``end`` (a tag, ``name`` in lower case; every
    attribute in ``attrs``, also repeated ones, which browsers ignore); ``comment``;
    ``bogus``, what browsers read as a comment although it is not written as one
    (``<!x>``, ``<![CDATA[ x >``, ``<?x>``, ``</ x>``, and ``</>``, which they drop); or
    ``doctype``. ``closed`` is False when the HTML ended inside it.
    """

    kind: TokenKind
    start: int
    end: int
    name: str = ""
    attrs: tuple[Attribute, ...] = ()
    closed: bool = True


def html_tokens(html: str) -> list[Token]:
    """``html`` in the pieces a browser's tokenizer reads (WHATWG HTML, "Tokenization"),
    from the data state: comments, bogus comments and declarations end at the first
    ``>`` or ``-->`` a browser ends them at, attributes at their closing quote.

    The content of ``<script>``, ``<style>``, ``<textarea>``, ``<title>``,
    ``<noscript>``, ... (which browsers read as text) is read as markup here: a page may
    not hold those elements (docs_markup refuses them), and reading more markup than a
    browser can only find more to refuse.
    """
    tokens: list[Token] = []
    text_start = position = 0
    while (position := html.find("<", position)) != -1:
        token = _markup_at(html, position)
        if token is None:
            position += 1  # a "<" that opens nothing is text
            continue
        if text_start < position:
            tokens.append(Token("text", text_start, position))
        tokens.append(token)
        position = text_start = token.end
    if text_start < len(html):
        tokens.append(Token("text", text_start, len(html)))
    return tokens


def _is_letter(character: str) -> bool:
    return character.isascii() and character.isalpha()


def _markup_at(html: str, start: int) -> Token | None:
    """The token that the ``<`` at ``start`` opens, or None when it is text."""
    following = html[start + 1 : start + 2]
    if _is_letter(following):
        return _tag(html, start, start + 1, "start")
    if following == "/":
        after = html[start + 2 : start + 3]
        if _is_letter(after):
            return _tag(html, start, start + 2, "end")
        if after == ">":
            return Token("bogus", start, start + 3)
        return _up_to_first_gt(html, start, "bogus") if after else None
    if following == "!":
        if html.startswith("<!--", start):
            end, closed = _comment_end(html, start)
            return Token("comment", start, end, closed=closed)
        kind: TokenKind = "doctype" if html[start + 2 : start + 9].lower() == "doctype" else "bogus"
        return _up_to_first_gt(html, start, kind)
    if following == "?":
        return _up_to_first_gt(html, start, "bogus")
    return None


def _up_to_first_gt(html: str, start: int, kind: TokenKind) -> Token:
    end = html.find(">", start + 2)
    return Token(kind, start, len(html), closed=False) if end == -1 else Token(kind, start, end + 1)


def _comment_end(html: str, start: int) -> tuple[int, bool]:
    """Where the comment at ``start`` ends, and whether it is closed: at the first
    ``-->`` or ``--!>``; ``<!-->`` and ``<!--->`` are complete (empty) comments; an
    unclosed one runs to the end."""
    body = start + 4
    if html.startswith(">", body):
        return body + 1, True
    if html.startswith("->", body):
        return body + 2, True
    close = _COMMENT_CLOSE.search(html, body)
    return (len(html), False) if close is None else (close.end(), True)


def _tag(html: str, start: int, name_start: int, kind: TokenKind) -> Token:
    """The start or end tag at ``start``, its name from ``name_start``."""
    size = len(html)
    position = name_start
    while position < size and html[position] not in _TAG_NAME_ENDS:
        position += 1
    name = html[name_start:position].lower()
    attrs: list[Attribute] = []
    while True:
        # Before an attribute's name a "/" not followed by ">" is skipped, like a space.
        while position < size and (html[position] in _WHITESPACE or html[position] == "/"):
            position += 1
        if position >= size:
            return Token(kind, start, size, name, tuple(attrs), closed=False)
        if html[position] == ">":
            return Token(kind, start, position + 1, name, tuple(attrs))
        attribute_start = position
        position += 1  # the first character of a name may be "="
        while position < size and html[position] not in _ATTRIBUTE_NAME_ENDS:
            position += 1
        attribute_name = html[attribute_start:position].lower()
        value = ""
        look = position
        while look < size and html[look] in _WHITESPACE:
            look += 1
        if look < size and html[look] == "=":
            position = look + 1
            while position < size and html[position] in _WHITESPACE:
                position += 1
            if position < size and html[position] in "\"'":
                close = html.find(html[position], position + 1)
                if close == -1:
                    return Token(kind, start, size, name, tuple(attrs), closed=False)
                value, position = html[position + 1 : close], close + 1
            else:
                value_start = position
                while position < size and html[position] not in _UNQUOTED_VALUE_ENDS:
                    position += 1
                value = html[value_start:position]
        attrs.append(Attribute(attribute_name, unescape(value), attribute_start, position))


def html_comments(html: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of every ``<!--`` comment of ``html``, wherever it is (also
    inside a tag, where a browser would not read it as one), ended as a browser ends
    comments (see :func:`_comment_end`)."""
    position = html.find("<!--")
    while position != -1:
        end, _ = _comment_end(html, position)
        yield position, end
        position = html.find("<!--", end)


@dataclass(frozen=True)
class Cut:
    """``text``: HTML with ranges cut out (:func:`cut`). ``joins``: the offsets in the
    original of each ``<`` that a cut brought next to markup, published as ``&lt;``."""

    text: str
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in the original) of each piece kept
    joins: tuple[int, ...]

    def origin(self, offset: int) -> int:
        """The offset in the original of ``text[offset]``."""
        index = bisect_right(self.pieces, (offset, float("inf"))) - 1
        if index < 0:
            return offset
        here, there = self.pieces[index]
        return there + offset - here


def cut(html: str, ranges: Iterable[tuple[int, int] | tuple[int, int, str]]) -> Cut:
    """``html`` with each ``(start, end)`` range cut out, or replaced by the text of a
    ``(start, end, replacement)``; ranges may overlap or nest (the outer one wins).

    Ranges start where a token starts (or, with a replacement, inside a tag). A ``<``
    that was text stays text: when a cut would bring it before a letter, ``!``, ``/``
    or ``?``, which would open a tag or a comment, it is written ``&lt;``.
    """
    ordered = sorted(((item[0], item[1], item[2] if len(item) == 3 else "") for item in ranges), key=lambda item: (item[0], -item[1]))
    out: list[str] = []
    pieces: list[tuple[int, int]] = []
    joins: list[int] = []
    length = position = 0
    after_cut = False

    def keep(text: str, origin: int) -> None:
        nonlocal length, after_cut
        if not text:
            return
        if after_cut and out and out[-1].endswith("<") and _OPENS_MARKUP.match(text):
            out[-1] = out[-1][:-1] + "&lt;"
            length += 3
            joins.append(pieces[-1][1] + len(out[-1]) - 4 if pieces else 0)
        pieces.append((length, origin))
        out.append(text)
        length += len(text)
        after_cut = False

    for start, end, replacement in ordered:
        if start < position:
            continue  # inside a range already cut
        keep(html[position:start], position)
        after_cut = True
        if replacement:
            keep(replacement, start)
        position = max(position, end)
    keep(html[position:], position)
    return Cut("".join(out), tuple(pieces), tuple(joins))
