"""What happens to a hand-written page's HTML before it is published.

Two promises of the site live here:

- **Links never block a removal.** A hand-written page (``docs/``) may link a story,
  country or theme page the usual MkDocs way (``[his story](stories/x.md)``). When that
  page is not generated in this build (consent ended, story withdrawn or deleted), the
  link becomes its plain text: no ``<a>``, no address of the page anywhere in the output
  (no other attribute keeps it either: ``<q cite>``, ``<img src>``, ``data-*``, ...),
  and a note in the build log. The text goes too when it spells the address or names
  the person whose story it was. MkDocs would otherwise fail ``--strict`` on the dead
  link, the last good site would stay online, and the story with it. Markdown links are
  handled in the element tree by :class:`UnpublishedLinks`, a Python-Markdown extension
  that runs before MkDocs rewrites (and checks) links; raw HTML is not in that tree and
  is handled by :func:`clean_page_html`.
- **HTML comments never reach the output** (editors' notes, names): :func:`clean_page_html`
  drops every comment but a well-formed block marker, which the adapter replaces later,
  and everything a browser reads as a comment too (``<!x>``, ``<![CDATA[ x >``, ``<?x>``,
  ``</ x>``, a ``<!DOCTYPE>``).

HTML is read here as browsers read it (:func:`html_tokens`), not with Python's
``HTMLParser``, which ends some comments and declarations elsewhere than browsers do:
what it took for a declaration, a browser could run. Whatever is cut out is cut so that
nothing joins into new markup (:func:`cut`): what is published is the page as a browser
read it, less what was removed. The checks of docs/ (``docs_guard``) read pages with the
same functions, so they judge exactly what is published.

The module knows nothing of MkDocs: the adapter tells it which page is being converted.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import xml.etree.ElementTree as etree
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from encodings.idna import nameprep
from html import unescape
from typing import Literal
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

# Attributes that hold an address on any element (``a`` and ``area`` ``href`` are links,
# handled on their own). ``data-*`` attributes are read as addresses too: nothing says
# what a script would do with them (when in doubt, leave it out).
ADDRESS_ATTRIBUTES = frozenset(
    {
        "href", "src", "srcset", "imagesrcset", "cite", "longdesc", "poster", "action", "formaction",
        "xlink:href", "background", "data", "ping", "lowsrc", "dynsrc", "manifest", "codebase",
        "archive", "itemid", "itemtype", "profile", "usemap",
    }
)


@dataclass(frozen=True)
class LinkContext:
    """Where links of one page lead: its source and address, and the pages that exist.

    ``src_uri`` is the page's file under docs/ (``index.md``), ``url`` its address
    (``""`` for the home page, ``how-we-collect-stories/``), ``generated`` the
    ``src_uri`` of every generated page of this build (``stories/monday.md``) and
    ``site_url`` the site's absolute address, ending in ``/``.

    ``hidden_names`` maps the slug of every story the build read, published or not
    (``veronica-ayuba``), to the names that identify its speaker (``("Veronica Ayuba",)``;
    ``()`` for an anonymous story): a link to a story that is not published loses its
    text too when the text names them (:func:`names_person`). A slug it does not hold
    (a story file deleted, or unreadable in a safe build) is read as the name it may
    be (a named story's file name is the name). None: names are not known, and only
    text that spells the address goes.
    """

    src_uri: str
    url: str
    generated: frozenset[str]
    site_url: str
    hidden_names: Mapping[str, tuple[str, ...]] | None = field(default=None, compare=False)


@dataclass
class CurrentPage:
    """The hand-written page being converted now; ``unlinked`` collects log notes."""

    shown_as: str  # as errors name it: docs/index.md
    links: LinkContext
    unlinked: list[str] = field(default_factory=list)

    def note(self, href: str, target: str, *, text_kept: bool = True) -> None:
        """A link to ``target`` (``stories/x.md``), written ``href``, was made text."""
        section = target.split("/", 1)[0]
        done = "shows as text" if text_kept else "is left out, with its text"
        self.unlinked.append(f"{self.shown_as}: link to {href} {done}: {_WHAT_IS_GONE[section]}")

    def note_attribute(self, attribute: str, tag: str, target: str) -> None:
        """An attribute (``cite`` of ``<q>``) that leads to ``target`` was left out."""
        section = target.split("/", 1)[0]
        self.unlinked.append(f"{self.shown_as}: {attribute} of <{tag}> is left out: it leads to {target.removesuffix('.md')}/, and {_WHAT_IS_GONE[section]}")


# Addresses, read as browsers read them ------------------------------------------------------

# Browsers strip C0 controls and spaces around an address and drop tabs and newlines in it.
_AROUND_ADDRESS = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_WEB_SCHEMES = ("http", "https")
# Full stops a browser reads as the dot between a host's labels (UTS 46).
_HOST_DOTS = re.compile("[.\u3002\uff0e\uff61]")


def generated_targets(href: str, links: LinkContext) -> set[str]:
    """The generated-section pages (``stories/x.md``) ``href`` may lead to, however it
    is written: ``stories/x.md``, ``../stories/x.md``, ``stories/x/``, ``stories/x/#part``,
    ``/stories/x/``, ``\\stories\\x\\``, or the site's own address followed by
    ``stories/x/``, its host written in any way a browser reads as the same host (any
    case, a trailing dot, a user name before ``@``, any port, http or https,
    percent-escapes, full-width letters).

    A relative address is read both ways it can be meant: from the page's file (as
    MkDocs reads ``.md`` links) and from the page's address (as a browser reads the
    rest); ``https:stories/x/`` both relative (a browser's reading on an https page) and
    as ``https://stories/x/`` (its reading on an http page). Empty when the link leads
    anywhere else (another site, the stories index).
    """
    address = _TAB_OR_NEWLINE.sub("", href.strip(_AROUND_ADDRESS))
    scheme = _SCHEME.match(address)
    if scheme is None:
        # Pages are served over http(s), where a browser reads "\" as "/".
        readings = [address.replace("\\", "/")]
    elif scheme.group()[:-1].lower() in _WEB_SCHEMES:
        rest = address[scheme.end():].replace("\\", "/")
        readings = [rest] if rest.startswith("//") else [rest, "//" + rest.lstrip("/")]
    else:
        return set()
    candidates: list[str] = []
    for reading in readings:
        candidates += _site_paths(reading, links)
    return {target for target in map(_section_page, candidates) if target is not None}


def _site_paths(reference: str, links: LinkContext) -> list[str]:
    """The paths under the site's root that ``reference`` (``\\`` already read as ``/``,
    no scheme) may name."""
    reference = re.split("[?#]", reference, maxsplit=1)[0]
    site_path = urlsplit(links.site_url).path
    site_path = site_path if site_path.endswith("/") else site_path + "/"
    if reference.startswith("//"):
        # Browsers skip any number of slashes before the host of an http(s) address.
        authority, _, path = reference.lstrip("/").partition("/")
        if not _is_site_host(authority, links.site_url):
            return []
        return _under(unquote("/" + path), site_path)
    path = unquote(reference)
    if path.startswith("/"):
        return [path.lstrip("/"), *_under(path, site_path)]
    if path:
        return [posixpath.join(posixpath.dirname(links.src_uri), path), posixpath.join(links.url, path)]
    return []


def _under(path: str, site_path: str) -> list[str]:
    """``path`` (absolute) relative to the site's folder, dot segments resolved as a
    browser resolves them; empty when it is outside the site's folder."""
    resolved = posixpath.normpath("/" + path.lstrip("/"))
    resolved = resolved if resolved.endswith("/") else resolved + "/"
    return [resolved[len(site_path):]] if resolved.startswith(site_path) else []


def _is_site_host(authority: str, site_url: str) -> bool:
    """Whether a browser would send a request for ``authority`` (``user@host:port``) to
    the site's host. Ports are not compared: a link to the site's host on another port
    is read as a link to the site (when in doubt, leave it out); so is a host that
    cannot be read."""
    host = authority.rpartition("@")[2]
    host = host.split("]", 1)[0] + "]" if host.startswith("[") else host.partition(":")[0]
    forms = _host_forms(host)
    site_forms = _host_forms(urlsplit(site_url).hostname or "")
    return forms is None or bool(forms & (site_forms or set()))


def _host_forms(host: str) -> set[str] | None:
    """The ways a host may be compared: IDNA's mapping (case, full-width letters,
    invisible characters) and Unicode's compatibility form, without a trailing dot;
    None when the host cannot be read."""
    labels = _HOST_DOTS.split(unquote(host))
    try:
        prepared = ".".join(nameprep(label) if label else "" for label in labels)
    except UnicodeError:
        return None
    folded = ".".join(unicodedata.normalize("NFKC", label).casefold() for label in labels)
    return {prepared.rstrip("."), folded.rstrip(".")}


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


def attribute_addresses(name: str, value: str) -> list[str]:
    """The addresses an attribute's value may hold, every reading of it: a whole value,
    each address of a list (``srcset``'s candidates, ``ping``'s words), each piece
    between commas. Empty for attributes that hold no address."""
    if name not in ADDRESS_ATTRIBUTES and not name.startswith("data-"):
        return []
    readings = [value]
    for word in value.split():
        readings += [word, word.strip(","), *word.split(",")]
    return [reading for reading in readings if reading.strip(_AROUND_ADDRESS)]


def unpublished_in_attribute(name: str, value: str, links: LinkContext) -> str | None:
    """The unpublished generated page an attribute's value may lead to, if any."""
    return next((target for target in (unpublished_target(address, links) for address in attribute_addresses(name, value)) if target), None)


def names_person(text: str, target: str, links: LinkContext) -> bool:
    """Whether ``text`` holds a name of the speaker of the story ``target``
    (``stories/x.md``) leads to: any word of a name, in any case, with or without its
    accents; for a story the build did not read, any word of its file name. False for
    other pages, for stories without a name (anonymous) and when names are not known."""
    section, _, page = target.partition("/")
    if section != "stories" or links.hidden_names is None:
        return False
    slug = page.removesuffix(".md")
    names = links.hidden_names.get(slug, (slug.replace("-", " "),))
    words = set(_words(text))
    return any(word in words for name in names for word in _words(name) if len(word) > 1)


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(character for character in decomposed if unicodedata.category(character) != "Mn")
    return re.findall(r"\w+", bare.casefold())


def _names_address(text: str, target: str) -> bool:
    """Whether a link's text spells the address it leads to (an autolink does), so that
    showing the text would publish the address."""
    return target.removesuffix(".md") in text.lower().replace("\\", "/")


# Markdown links --------------------------------------------------------------------------------


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
            keep_text = not _names_address(text, target) and not names_person(text, target, page.links)
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


# HTML, read as browsers read it ----------------------------------------------------------------

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
    not hold those elements (docs_guard refuses them), and reading more markup than a
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
    if _names_address(shown, target) or names_person(shown, target, page.links):
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
