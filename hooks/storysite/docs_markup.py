"""The raw HTML and links a hand-written page may not hold, at their line:
:func:`unsafe_markup` for a page's Markdown source, :func:`unsafe_html` for converted
HTML. Refused: markup that can run code, lead readers elsewhere without a click, or load
something from another website.

Raw HTML is looked for twice. The Markdown source is read, which gives each tag's line;
code blocks and code spans are skipped (the caller blanks them), so an example in
backticks is not refused. Then the page is converted with the site's own Markdown
extensions and the result is read again: what the conversion really produced decides,
so a ``<script>`` that only looked like code (inside a raw ``<div>``, say) is refused
too. Both are read as browsers read HTML (:func:`storysite.html_tokens.html_tokens`),
not with Python's HTML parser, which ends some comments and declarations later than
browsers do and would not see a tag a browser runs. What is judged is what will be
published: the page with its comments cut out as the build cuts them
(:func:`storysite.page_html.without_comments`). What a browser reads as a hidden
comment (``<![CDATA[``, ``<!x``, ``<?x``, ``</ x``, a ``<!DOCTYPE>``), a comment inside
a tag, and a comment whose removal would open a tag are refused at their line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from .errors import ContentError
from .html_tokens import Token, html_tokens
from .link_targets import ADDRESS_ATTRIBUTES
from .page_html import without_comments

# Elements that run code, load another page or document into this one, send what a
# reader types elsewhere, or change how the whole page behaves (meta refresh, base).
# <style> cannot run script in today's browsers, but its url() can send a reader's
# visit to another site; style attributes stay allowed (the policy blocks their URLs).
REFUSED_ELEMENTS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe",
        "meta", "base", "link", "form", "style", "svg", "math",
    }
)
# Elements after which browsers read the page as text up to their end tag, even where
# it looks like an attribute ("<noscript><p title='</noscript><img onerror=...>'>"):
# the checks could not read the page as browsers do.
TEXT_ELEMENTS = frozenset({"noscript", "noembed", "noframes", "xmp", "plaintext", "textarea", "title"})
# Attributes that hold an address are those that link_targets reads (one list); those in
# _LOADED are fetched when the page loads, the _SRCSETS lists of them.
_LOADED = frozenset({"src", "srcset", "imagesrcset", "poster", "background", "data", "lowsrc", "dynsrc"})
_SRCSETS = frozenset({"srcset", "imagesrcset"})
REFUSED_SCHEMES = ("javascript", "vbscript", "data")
_ANY_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:")

_INLINE_LINK = re.compile(r"\]\(")
_IMAGE = re.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?P<address>.*)$", re.MULTILINE)
_ANGLE = re.compile(r"<([^<>\s][^<>\n]*)>")
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_HANDLER_IN_LIST = re.compile(r"(?<![\w-])(on[\w-]*)\s*=", re.IGNORECASE)
_ADDRESS_IN_LIST = re.compile(r"(?<![\w-])([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'}]+)")
# Python-Markdown's autolinks (<https://...>): links, not tags, in the source.
_AUTOLINK = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>\s]*>")

# A page's Markdown (without its front matter) to HTML, as the build converts it.
Render = Callable[[str], str]


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with each range turned into spaces, line breaks kept."""
    if not ranges:
        return text
    characters = list(text)
    for start, end in ranges:
        for index in range(start, end):
            if characters[index] != "\n":
                characters[index] = " "
    return "".join(characters)


@dataclass(frozen=True)
class _Finding:
    """Something a page may not hold: ``key`` tells kinds apart across the source and
    the converted page (``element:script``, ``handler:onclick``, ``scheme:javascript``)."""

    key: str
    line: int
    field: str
    message: str
    hint: str


def unsafe_markup(readable: str, outside_code: str, body: str, body_line: int, shown_as: str, render: Render) -> list[ContentError]:
    """Raw HTML and links that can run, navigate or load from elsewhere, at their line.

    The source is read twice, with and without its code; a finding inside code counts
    only when the converted page has more of its kind than the source outside code
    (then the "code" was not code). What the converted page has beyond anything the
    source shows is reported at the first line of the page's text.
    """
    outside = _source_findings(outside_code)
    inside = [finding for finding in _source_findings(readable) if finding not in outside]
    converted = _html_findings(render(body), body_line)
    produced = Counter(finding.key for finding in converted)
    reported = list(outside)
    seen = Counter(finding.key for finding in outside)
    for finding in inside:
        if produced[finding.key] > seen[finding.key]:
            reported.append(finding)
            seen[finding.key] += 1
    for finding in converted:
        if seen[finding.key] == 0:
            reported.append(replace(finding, line=body_line))
            seen[finding.key] += 1
    # One error per kind and line: "[x](<javascript:...>)" is both a link and an autolink.
    first: dict[tuple[int, str], _Finding] = {}
    for finding in reported:
        first.setdefault((finding.line, finding.key), finding)
    return [ContentError(shown_as, f.line, f.field, f.message, f.hint) for _, f in sorted(first.items())]


def unsafe_html(html: str) -> list[str]:
    """What converted HTML holds that no page may (refused elements, event attributes,
    addresses that run code or load from elsewhere), one line each; empty when safe."""
    return [f"{finding.message} ({finding.hint})" for finding in _html_findings(html, 1)]


def _source_findings(text: str) -> list[_Finding]:
    findings = _html_findings(blank(text, [match.span() for match in _AUTOLINK.finditer(text)]), 1)
    findings += _markdown_link_findings(text)
    findings += _attribute_list_findings(text)
    return findings


def _html_findings(text: str, first_line: int) -> list[_Finding]:
    """Refused markup of ``text`` (Markdown or HTML) as it will be published, comments
    cut out as the build cuts them; and what a browser would read otherwise than the
    build (hidden comments, comments inside tags or opening one once cut)."""
    tokens = html_tokens(text)
    published = without_comments(text)
    line_ends = [match.start() for match in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect_left(line_ends, offset) + first_line

    findings = _structure_findings(text, tokens, line_at)
    findings += [
        _Finding("comment:joins", line_at(offset), "html", _JOIN_MESSAGE, _JOIN_HINT) for offset in published.joins
    ]
    for token in html_tokens(published.text):
        if token.kind == "start":
            line = line_at(published.origin(token.start))
            findings += _tag_findings(token.name, [(attribute.name, attribute.value) for attribute in token.attrs], line)
    return findings


def _structure_findings(text: str, tokens: list[Token], line_at: Callable[[int], int]) -> list[_Finding]:
    """What a browser reads as a comment although it is not written as one, and
    comments inside tags."""
    findings: list[_Finding] = []
    for token in tokens:
        if token.kind in ("bogus", "doctype"):
            form = _hidden_form(text, token)
            message, hint = _HIDDEN[form]
            findings.append(_Finding(f"hidden:{form}", line_at(token.start), "html", message, hint))
        elif token.kind in ("start", "end"):
            inside = text.find("<!--", token.start, token.end)
            if inside != -1:
                findings.append(_Finding("comment:in-tag", line_at(inside), "html", _IN_TAG_MESSAGE, _IN_TAG_HINT))
    return findings


def _hidden_form(text: str, token: Token) -> str:
    if token.kind == "doctype":
        return "doctype"
    if text.startswith("<![CDATA[", token.start):
        return "cdata"
    return {"?": "question", "/": "end"}.get(text[token.start + 1], "declaration")


_TO_SHOW = "; to show the sign < in the text, write &lt; (or put the example in `backticks`)"
_HIDDEN = {
    "cdata": (
        "<![CDATA[ is not allowed in a page: browsers read it as a hidden comment that ends at the first '>', and what follows as HTML",
        "remove it: a web page has no CDATA sections" + _TO_SHOW,
    ),
    "doctype": ("<!DOCTYPE> is not allowed in a page: the theme writes the page around its text", "remove it"),
    "declaration": (
        "'<!' that does not open a comment '<!--' is not allowed: browsers read it as a hidden comment up to the first '>'",
        "write a note as <!-- note -->" + _TO_SHOW,
    ),
    "question": (
        "'<?' is not allowed in a page: browsers read it as a hidden comment up to the first '>'",
        "remove it: a page cannot run PHP or other code" + _TO_SHOW,
    ),
    "end": (
        "'</' not followed by the name of a tag is not allowed: browsers read it as a hidden comment up to the first '>'",
        "close a tag by its name, e.g. </div>" + _TO_SHOW,
    ),
}
_IN_TAG_MESSAGE = (
    "a comment inside a tag is not allowed: browsers do not read it as a comment, and once the build "
    "removes it the tag could become another (<scr<!-- -->ipt> would be <script>)"
)
_IN_TAG_HINT = "move the comment out of the tag, e.g. on a line of its own: <!-- note -->"
_JOIN_MESSAGE = "a '<' right before a comment: once the build removes the comment, the '<' would open a tag with what follows"
_JOIN_HINT = "write &lt; for the sign <, or put a space between the comment and what follows"


def _tag_findings(tag: str, attrs: list[tuple[str, str | None]], line: int) -> list[_Finding]:
    """What one start tag holds that a page may not (html_tokens gives names in lower case
    and values with their character references decoded)."""
    findings: list[_Finding] = []
    if tag in REFUSED_ELEMENTS:
        findings.append(_Finding(f"element:{tag}", line, "html", f"<{tag}> is not allowed in a page: it can run code or lead readers elsewhere", _ELEMENT_HINTS.get(tag, _EMBED_HINT)))
    elif tag in TEXT_ELEMENTS:
        findings.append(_Finding(f"element:{tag}", line, "html", f"<{tag}> is not allowed in a page: browsers read what follows it as text, not as the page's HTML", _TEXT_ELEMENT_HINT))
    for name, value in attrs:
        if name.startswith("on"):
            findings.append(_Finding(f"handler:{name}", line, "html", f"{name} on <{tag}> would run code", f"remove {name}=\"...\": a page may not run code"))
        elif name in ADDRESS_ATTRIBUTES and value is not None:
            findings += _address_findings(value, line, "html", f"{name} of <{tag}>", loaded=name in _LOADED, srcset=name in _SRCSETS)
    return findings


_EMBED_HINT = "link to the other page instead: [what it shows](https://...)"
_TEXT_ELEMENT_HINT = "remove it: a page's text is written in Markdown; a page's title goes in its front matter (title:)"
_ELEMENT_HINTS = {
    "script": "remove it: the site's scripts are part of the theme (overrides/), never of a page",
    "style": "remove it: the site's styles are in overrides/assets/stylesheets/",
    "meta": "remove it: a page's settings go in its front matter (title, description)",
    "base": "remove it: a page's settings go in its front matter (title, description)",
    "link": "remove it: a page's settings go in its front matter (title, description)",
    "form": "link to the form instead: [the form](https://...)",
    "svg": "save the drawing as a PNG image in docs/ and show it with ![what it shows](drawing.png)",
    "math": "write the formula as text, or save it as a PNG image in docs/",
}
_SCHEME_HINT = "link to a page by its https:// address, or to a page of this site by its file name (e.g. stories/index.md)"
_EXTERNAL_HINT = "save the image in docs/ as JPEG, PNG or WebP and show it by its file name"


def refused_scheme(address: str) -> str | None:
    """``javascript``, ``vbscript`` or ``data`` when ``address`` uses that scheme, however
    it is disguised: character references decoded, whitespace, control and format
    characters removed, any case (browsers ignore all of those in a scheme)."""
    text = _compact(address).lstrip("<")
    return next((scheme for scheme in REFUSED_SCHEMES if text.startswith(scheme + ":")), None)


def _compact(address: str) -> str:
    decoded = html.unescape(address)
    return "".join(c for c in decoded if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")).lower()


def _is_external(address: str) -> bool:
    text = _compact(address).lstrip("<")
    return text.startswith(("//", "\\\\", "/\\", "\\/")) or _ANY_SCHEME.match(text) is not None


def _address_findings(value: str, line: int, field: str, where: str, *, loaded: bool, srcset: bool = False) -> list[_Finding]:
    addresses = [candidate.split()[0] for candidate in value.split(",") if candidate.split()] if srcset else [value]
    findings: list[_Finding] = []
    for address in addresses:
        scheme = refused_scheme(address)
        if scheme is not None:
            findings.append(_Finding(f"scheme:{scheme}", line, field, f"a {scheme}: address in {where} is not allowed: it can run code or hide what it shows", _SCHEME_HINT))
        elif loaded and _is_external(address):
            findings.append(_Finding("external", line, field, f"{where} loads from another website: the site makes no request to any other site", _EXTERNAL_HINT))
    return findings


def _markdown_link_findings(text: str) -> list[_Finding]:
    """Inline links and images ``[x](address)``, reference definitions ``[id]: address``
    and autolinks ``<address>``."""
    findings: list[_Finding] = []
    images = {match.end() for match in _IMAGE.finditer(text)}
    for match in _INLINE_LINK.finditer(text):
        rest = text[match.end():]
        address = re.split(r"[)\n]", rest, maxsplit=1)[0]
        image = match.end() in images
        where = "an image ![...](...)" if image else "a link [...](...)"
        findings += _address_findings(address, _line_of(text, match.start()), "link", where, loaded=image)
    for match in _REFERENCE.finditer(text):
        address = match["address"]
        if not address.strip():
            following = text[match.end() + 1 :].split("\n", 1)[0]
            address = following
        findings += _address_findings(address, _line_of(text, match.start()), "link", "a link definition [...]:", loaded=False)
    for match in _ANGLE.finditer(text):
        scheme = refused_scheme(match.group(1))
        if scheme is not None:
            findings.append(_Finding(f"scheme:{scheme}", _line_of(text, match.start()), "link", f"a {scheme}: address in a link <...> is not allowed: it can run code or hide what it shows", _SCHEME_HINT))
    return findings


def _attribute_list_findings(text: str) -> list[_Finding]:
    """Attributes given in braces after Markdown (``{: onclick=... }``, attr_list)."""
    findings: list[_Finding] = []
    for match in _ATTRIBUTE_LIST.finditer(text):
        inner = html.unescape(match.group(1))
        line = _line_of(text, match.start())
        for handler in _HANDLER_IN_LIST.finditer(inner):
            name = handler.group(1).lower()
            findings.append(_Finding(f"handler:{name}", line, "html", f"{name} in {{...}} would run code", f"remove {name}=... from the braces: a page may not run code"))
        for pair in _ADDRESS_IN_LIST.finditer(inner):
            name = pair.group(1).lower()
            if name in ADDRESS_ATTRIBUTES:
                value = pair.group(2).strip("\"'")
                findings += _address_findings(value, line, "html", f"{name} in {{...}}", loaded=name in _LOADED, srcset=name in _SRCSETS)
    return findings


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
