"""Where a hand-written page's links lead: :func:`unpublished_target` and
:func:`unpublished_in_attribute` name the generated page not published in this build
that an address may lead to, however a browser could read it; :func:`names_person` and
:func:`names_address` say whether a link's text would give that page away.

:class:`LinkContext` is what a page's links are read against, :class:`CurrentPage`
collects the build log's notes of what was made text. The module knows nothing of
MkDocs, Markdown or HTML.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from encodings.idna import nameprep
from urllib.parse import unquote, urlsplit

from .pagination import further_page_list

# The folders of generated pages: stories/<slug>/, countries/<slug>/, themes/<id>/, and
# the further pages of their lists (stories/page/2/, countries/<slug>/page/2/).
# stories/index.md is the stories index, not a story.
GENERATED_SECTIONS = ("stories", "countries", "themes")
_WHAT_IS_GONE = {
    "stories": "that story is not published today",
    "countries": "that country has no page today",
    "themes": "that theme has no page today",
}
# A further page of a list: the list is shorter in a build with fewer stories.
_LIST_PAGE_GONE = "that list has fewer pages today"
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
    ``src_uri`` of every generated page of this build (``stories/monday.md``, a list's
    further pages: ``stories/page/2.md``) and ``site_url`` the site's absolute address, ending in ``/``.

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
        done = "shows as text" if text_kept else "is left out, with its text"
        self.unlinked.append(f"{self.shown_as}: link to {href} {done}: {_what_is_gone(target)}")

    def note_attribute(self, attribute: str, tag: str, target: str) -> None:
        """An attribute (``cite`` of ``<q>``) that leads to ``target`` was left out."""
        self.unlinked.append(f"{self.shown_as}: {attribute} of <{tag}> is left out: it leads to {target.removesuffix('.md')}/, and {_what_is_gone(target)}")


def _what_is_gone(target: str) -> str:
    """Why the page ``target`` (``stories/x.md``, ``stories/page/2.md``) is not there."""
    if further_page_list(target) is not None:
        return _LIST_PAGE_GONE
    return _WHAT_IS_GONE[target.split("/", 1)[0]]


# Addresses, read as browsers read them ------------------------------------------------------

# Browsers strip C0 controls and spaces around an address and drop tabs and newlines in it.
_AROUND_ADDRESS = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_WEB_SCHEMES = ("http", "https")
# Full stops a browser reads as the dot between a host's labels (UTS 46).
_HOST_DOTS = re.compile("[.\u3002\uff0e\uff61]")


def generated_targets(href: str, links: LinkContext) -> set[str]:
    """The generated-section pages (``stories/x.md``, a list's further page
    ``stories/page/2.md``) ``href`` may lead to, however it is written: ``stories/x.md``, ``../stories/x.md``, ``stories/x/``, ``stories/x/#part``,
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
    """``stories/x.md`` for any way of writing the address of that page, else None; for
    a further page of a list (``stories/page/2/``, ``countries/x/page/2.md``), its
    source path as :mod:`storysite.pagination` writes it (``stories/page/2.md``)."""
    parts = posixpath.normpath(path.replace("\\", "/")).lower().split("/")
    # Above the site's root is the root, as browsers read "../" (and MkDocs would fail
    # --strict on the link it cannot find).
    while parts and parts[0] == "..":
        parts = parts[1:]
    if parts and parts[-1] in ("index.html", "index.md"):
        parts = parts[:-1]
    if not parts or parts[0] not in GENERATED_SECTIONS:
        return None
    *folders, last = parts
    page = "/".join([*folders, last.removesuffix(".md").removesuffix(".html")]) + ".md"
    first = further_page_list(page)
    if first is not None:
        # The stories index's list, or a country's or theme's (a story's too, which has
        # none, and a further page's, which no build makes: when in doubt, such a link is
        # read as one to a page not there today). Asked once, never again for what is
        # left: an address of a thousand page/<n>/ must not run out of stack.
        if first == "stories/" or further_page_list(first.rstrip("/") + ".md") is not None:
            return page
        return page if _section_page(first) is not None else None
    slug = page.removeprefix(f"{parts[0]}/").removesuffix(".md")
    if len(parts) != 2 or not _SLUG.fullmatch(slug) or (parts[0] == "stories" and slug == "index"):
        return None
    return page


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
    other pages (a further page of the stories index too), for stories without a name
    (anonymous) and when names are not known."""
    section, _, page = target.partition("/")
    if section != "stories" or links.hidden_names is None or further_page_list(target) is not None:
        return False
    slug = page.removesuffix(".md")
    names = links.hidden_names.get(slug, (slug.replace("-", " "),))
    words = set(_words(text))
    return any(word in words for name in names for word in _words(name) if len(word) > 1)


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(character for character in decomposed if unicodedata.category(character) != "Mn")
    return re.findall(r"\w+", bare.casefold())


def names_address(text: str, target: str) -> bool:
    """Whether a link's text spells the address it leads to (an autolink does), so that
    showing the text would publish the address."""
    return target.removesuffix(".md") in text.lower().replace("\\", "/")
