"""The checks of docs/, the hand-written pages, before anything is built.

``docs/`` is content too, and is held to the rules of ``stories/``: whatever it holds is
checked before MkDocs touches the output folder, and every mistake is reported at its
file and line, with what to type instead. What the checks refuse:

- anything but plain files and folders: symbolic links (they can lead outside the
  project), named pipes, sockets and devices (they hang or flood the build); files the
  build cannot read;
- files that are neither Markdown pages (``.md``) nor JPEG, PNG or WebP images: a
  consent form, a draft, a stylesheet or a script does not belong in the published site;
- pages at the address of a generated page (``docs/stories/x.md``): a hand-written copy
  of a story's page would stay online after its consent ends;
- in a page: bytes that are not UTF-8, invisible and direction-changing characters,
  page settings (front matter) the site does not know, block markers that are not
  well formed, and raw HTML or links that can run code, lead readers elsewhere without a
  click, or load something from another website.

Raw HTML is looked for twice. The Markdown source is read with Python's HTML parser,
which gives each tag's line; code blocks and code spans are skipped, so an example in
backticks is not refused. Then the page is converted with the site's own Markdown
extensions and the result is read again: what the conversion really produced decides,
so a ``<script>`` that only looked like code (inside a raw ``<div>``, say) is refused
too. Both are read as browsers read HTML (:func:`storysite.page_html.html_tokens`),
not with Python's HTML parser, which ends some comments and declarations later than
browsers do and would not see a tag a browser runs. What is judged is what will be
published: the page with its comments cut out as the build cuts them
(:func:`storysite.page_html.without_comments`). What a browser reads as a hidden
comment (``<![CDATA[``, ``<!x``, ``<?x``, ``</ x``, a ``<!DOCTYPE>``), a comment inside
a tag, and a comment whose removal would open a tag are refused at their line.
"""

from __future__ import annotations

import errno
import html
import os
import re
import stat
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import markdown

from .errors import ContentError
from .fields import did_you_mean, invisible_problem
from .page_html import GENERATED_SECTIONS, Token, html_comments, html_tokens, without_comments
from .strict_yaml import read_at_most, unreadable
from .pages import BLOCKS, MARKER, check_markers, missing_targets
from .strict_yaml import Mapping, Scalar, Sequence, YamlRefused, parse_text

PAGE_SUFFIX = ".md"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
MAX_PAGE_BYTES = 256 * 1024

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
# Attributes that hold an address; those in _LOADED are fetched when the page loads.
_ADDRESS_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data",
        "ping", "lowsrc", "dynsrc", "manifest", "codebase", "cite", "longdesc",
    }
)
_LOADED = frozenset({"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"})
REFUSED_SCHEMES = ("javascript", "vbscript", "data")
_ANY_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:")

# Page settings (front matter) a hand-written page may have, and the templates it may
# ask for: Material's others (redirect.html sends every reader to page.meta.location).
PAGE_SETTINGS = ("title", "description", "lede", "template", "hide", "search")
PAGE_TEMPLATES = ("main.html", "home.html")
# How MkDocs finds page settings (mkdocs.utils.meta): YAML between '---' lines, or else
# MultiMarkdown's "key: value" lines at the very top of the page.
_YAML_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_INLINE_LINK = re.compile(r"\]\(")
_IMAGE = re.compile(r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?P<address>.*)$", re.MULTILINE)
_ANGLE = re.compile(r"<([^<>\s][^<>\n]*)>")
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_HANDLER_IN_LIST = re.compile(r"(?<![\w-])(on[\w-]*)\s*=", re.IGNORECASE)
_ADDRESS_IN_LIST = re.compile(r"(?<![\w-])([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'}]+)")
# Python-Markdown's autolinks (<https://...>): links, not tags, in the source.
_AUTOLINK = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>\s]*>")
_LOOKS_LIKE_MARKER = re.compile(r"\s*storysite", re.IGNORECASE)
_MARKER_PARTS = re.compile(r"\s*storysite\s*:?\s*(?P<name>[A-Za-z-]*)(?P<rest>.*)", re.IGNORECASE | re.DOTALL)

Render = Callable[[str], str]


@dataclass(frozen=True)
class DocsCheck:
    """What :func:`check_docs` found: ``errors`` stop the build, ``notes`` are for the
    log (a block naming a story that is not there), ``pages`` and ``images`` are the
    files of docs/ that may be published (images only once the photo stage has
    sanitised them)."""

    errors: list[ContentError]
    notes: list[ContentError]
    images: tuple[Path, ...]
    pages: tuple[Path, ...] = ()


def default_render(source: str) -> str:
    """The page's Markdown as HTML with MkDocs' built-in extensions and the site's."""
    return markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html"]).convert(source)


def check_docs(docs_dir: Path, root: Path, known: dict[str, list[str]], render: Render = default_render) -> DocsCheck:
    """Check everything under ``docs_dir``; errors name files relative to ``root``.

    ``known`` maps "story", "country" and "theme" to their names (for the notes about
    blocks naming something that is not there); ``render`` converts a page's Markdown
    (without its front matter) to HTML as the build will, with the site's extensions.
    Never follows a symbolic link, never opens anything but a regular file.
    """
    errors: list[ContentError] = []
    notes: list[ContentError] = []
    pages: list[Path] = []
    images: list[Path] = []
    shown = _shower(root)
    try:
        top = os.lstat(docs_dir)
    except OSError as error:
        return DocsCheck([ContentError(shown(docs_dir), 1, "file", *_unreadable(error))], [], ())
    if not stat.S_ISDIR(top.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(top.st_mode) else "not a folder"
        errors.append(ContentError(shown(docs_dir), 1, "file", f"is {what}", "docs/ must be a real folder of the repository"))
        return DocsCheck(errors, [], ())
    for path, mode in _walk(docs_dir, errors, shown):
        problem = _file_problem(path, mode, docs_dir)
        if problem is not None:
            errors.append(ContentError(shown(path), 1, "file", *problem))
        elif path.suffix.lower() in IMAGE_SUFFIXES:
            images.append(path)
        else:
            pages.append(path)
            page_errors, page_notes = _check_page_file(path, shown(path), known, render)
            errors += page_errors
            notes += page_notes
    return DocsCheck(errors, notes, tuple(images), tuple(pages))


def _shower(root: Path) -> Callable[[Path], str]:
    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    return shown


def _walk(folder: Path, errors: list[ContentError], shown: Callable[[Path], str]) -> list[tuple[Path, int]]:
    """Every entry under ``folder`` that is not a folder, with its mode, in name order;
    links, hidden folders and unreadable folders are errors and are not entered."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        errors.append(ContentError(shown(folder), 1, "file", *_unreadable(error)))
        return []
    found: list[tuple[Path, int]] = []
    for entry in entries:
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as error:
            errors.append(ContentError(shown(path), 1, "file", *_unreadable(error)))
            continue
        if stat.S_ISDIR(mode):
            if entry.name.startswith("."):
                errors.append(ContentError(shown(path), 1, "file", "is a hidden folder", "remove it from docs/: docs/ holds only the site's pages and images"))
            else:
                found += _walk(path, errors, shown)
        else:
            found.append((path, mode))
    return found


def _file_problem(path: Path, mode: int, docs_dir: Path) -> tuple[str, str] | None:
    """Message and hint for a file docs/ may not hold; None for a page or an image."""
    if stat.S_ISLNK(mode):
        return "is a symbolic link", "copy the file itself into docs/: links are not published, they can lead outside the project"
    if not stat.S_ISREG(mode):
        return "is not a plain file (a named pipe, socket or device)", "remove it from docs/: docs/ holds only the site's pages and images"
    name = path.name
    suffix = path.suffix.lower()
    if name.startswith("."):
        return "is a hidden file", "remove it from docs/: docs/ holds only the site's pages and images"
    if path.suffix == PAGE_SUFFIX:
        return _reserved_address(path.relative_to(docs_dir).as_posix())
    if suffix in IMAGE_SUFFIXES:
        return None
    return "is not a page or an image the site can publish", _where_it_belongs(suffix)


def _reserved_address(relative: str) -> tuple[str, str] | None:
    """A page written at the address of a generated page: the copy would stay online
    when the story's consent ends, or its country has no story left."""
    section, _, rest = relative.partition("/")
    if section not in GENERATED_SECTIONS or not rest or relative == "stories/index.md":
        return None
    return (
        f"is at the address of a generated page ({section}/...)",
        f"{section} pages are made from stories/ and data/; put this page elsewhere in docs/",
    )


def _where_it_belongs(suffix: str) -> str:
    if suffix in (".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt"):
        return "documents such as consent forms stay offline, with the signed forms; a page is written in Markdown (.md)"
    if suffix in (".yml", ".yaml", ".json", ".csv", ".toml"):
        return "stories go in stories/, figures in data/; a draft goes in a pull request, not in docs/"
    if suffix == ".svg":
        return "an SVG drawing can carry scripts: save it as PNG"
    if suffix in (".html", ".htm", ".js", ".mjs", ".css"):
        return "pages are written in Markdown (.md); the site's templates, scripts and styles are in overrides/"
    if suffix in (".gif", ".heic", ".heif", ".tif", ".tiff", ".bmp", ".avif"):
        return "save the image as JPEG, PNG or WebP"
    if suffix == ".markdown" or suffix == ".md":
        return "name the page with .md, in lower case"
    return "docs/ holds Markdown pages (.md) and JPEG, PNG or WebP images only"


def _unreadable(error: OSError) -> tuple[str, str]:
    return unreadable(error, link_hint="copy the file itself into docs/")


def read_page(path: Path) -> bytes:
    """A page's bytes; opened without following links and without blocking, checked
    again once open (a file swapped in between is refused). Raises ``OSError``, or
    ``ValueError`` with the message of a page that is not a plain file or too big."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("is not a plain file (a named pipe, socket or device)")
        if status.st_size > MAX_PAGE_BYTES:
            raise ValueError(f"is {status.st_size:,} bytes, more than the {MAX_PAGE_BYTES:,} a page may have")
        data = read_at_most(descriptor, MAX_PAGE_BYTES)
        if len(data) > MAX_PAGE_BYTES:
            raise ValueError(f"is more than the {MAX_PAGE_BYTES:,} bytes a page may have")
        return data
    finally:
        os.close(descriptor)


def _check_page_file(
    path: Path, shown_as: str, known: dict[str, list[str]], render: Render
) -> tuple[list[ContentError], list[ContentError]]:
    try:
        data = read_page(path)
    except OSError as error:
        return [ContentError(shown_as, 1, "file", *_unreadable(error))], []
    except ValueError as error:
        return [ContentError(shown_as, 1, "file", str(error), "split it into smaller pages, or check it is the right file")], []
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [ContentError(shown_as, line, "file", "is not UTF-8 text", "save the file as UTF-8 in your editor")], []
    return check_page(source, shown_as, known, render)


def check_page(
    source: str, shown_as: str, known: dict[str, list[str]] | None = None, render: Render = default_render
) -> tuple[list[ContentError], list[ContentError]]:
    """The errors and notes of one page's Markdown source (see the module's docstring)."""
    # MkDocs reads pages with universal newlines and drops a byte order mark.
    text = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    errors = _invisible_characters(text, shown_as)
    settings_end, setting_errors = _page_settings(text, shown_as)
    errors += setting_errors
    body = text[settings_end:]
    # Lines keep their numbers: what is skipped is blanked, not cut out.
    readable = _blank(text, [(0, settings_end)])
    outside_code = _blank(readable, _code_ranges(readable))
    errors += check_markers(outside_code, shown_as)
    errors += _misspelt_markers(outside_code, shown_as)
    notes = missing_targets(outside_code, shown_as, known) if known is not None else []
    errors += _unsafe_markup(readable, outside_code, body, text.count("\n", 0, settings_end) + 1, shown_as, render)
    return errors, notes


def _invisible_characters(text: str, shown_as: str) -> list[ContentError]:
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        problem = invisible_problem(line)
        if problem is not None:
            errors.append(ContentError(shown_as, number, "text", *problem))
    return errors


def _page_settings(text: str, shown_as: str) -> tuple[int, list[ContentError]]:
    """Where the page settings end, and their errors: unknown settings, templates the
    site does not offer, values of the wrong kind."""
    match = _YAML_FRONT_MATTER.match(text)
    if match is not None:
        return match.end(), _yaml_settings(match.group(1), shown_as)
    errors: list[ContentError] = []
    end = 0
    key: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        found = _META_LINE.match(line)
        if found is not None:
            key = found["key"].lower()
            errors += _setting_problems(key, found["value"].strip(), number, shown_as, multimarkdown=True)
        elif key is None or _META_MORE.match(line) is None:
            break
        end += len(line) + 1
    return min(end, len(text)), errors


def _yaml_settings(front_matter: str, shown_as: str) -> list[ContentError]:
    try:
        tree = parse_text(front_matter.encode("utf-8"), shown_as)
    except YamlRefused as refused:
        error = refused.error
        return [ContentError(error.path, error.line + 1, error.field, error.message, error.hint)]
    if not isinstance(tree, Mapping):
        return [ContentError(shown_as, 2, "file", "page settings must be lines of 'name: value'", "e.g. title: How we collect stories")]
    errors: list[ContentError] = []
    for name, value in tree.entries:
        line = name.line + 1
        key = name.text
        if key not in PAGE_SETTINGS:
            errors += _setting_problems(key, "", line, shown_as)
        elif key in ("title", "description", "lede", "template"):
            if not isinstance(value, Scalar):
                errors.append(ContentError(shown_as, line, key, "must be text", f"write {key}: and the text on one line"))
            else:
                errors += _setting_problems(key, value.text, line, shown_as)
        elif key == "hide" and not (isinstance(value, Sequence) and all(isinstance(item, Scalar) for item in value.items)):
            errors.append(ContentError(shown_as, line, key, "must be a list", "e.g. hide: [navigation, toc]"))
        elif key == "search" and not _is_search_setting(value):
            errors.append(ContentError(shown_as, line, key, "takes only exclude: true or false", "e.g. search: {exclude: true}"))
    return errors


def _is_search_setting(value: object) -> bool:
    if not isinstance(value, Mapping):
        return False
    return all(
        name.text == "exclude" and isinstance(item, Scalar) and item.text in ("true", "false")
        for name, item in value.entries
    )


def _setting_problems(key: str, value: str, line: int, shown_as: str, *, multimarkdown: bool = False) -> list[ContentError]:
    if key not in PAGE_SETTINGS:
        if multimarkdown:
            message = f"'{key}:' on the page's first lines is read as a page setting, and the site has no such setting"
            hint = "start the page with a heading or a blank line; page settings are " + ", ".join(PAGE_SETTINGS)
        else:
            message = "is not a page setting"
            hint = did_you_mean(key, PAGE_SETTINGS)
        return [ContentError(shown_as, line, key, message, hint)]
    if key == "template" and value not in PAGE_TEMPLATES:
        return [ContentError(shown_as, line, key, f"'{value}' is not a template for hand-written pages", "use one of: " + ", ".join(PAGE_TEMPLATES))]
    return []


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with each range turned into spaces, line breaks kept."""
    if not ranges:
        return text
    characters = list(text)
    for start, end in ranges:
        for index in range(start, end):
            if characters[index] != "\n":
                characters[index] = " "
    return "".join(characters)


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks (at the start of a line, closed by the same fence, as
    Python-Markdown reads them) and code spans within one line."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if fence is None:
            opening = _FENCE.match(line)
            if opening is not None:
                fence, fence_start = opening.group(1), offset
            else:
                ranges += [(offset + span.start(), offset + span.end()) for span in _CODE_SPAN.finditer(line)]
        elif line.rstrip(" ") == fence:
            ranges.append((fence_start, end))
            fence = None
        offset = end + 1
    return ranges


def _misspelt_markers(text: str, shown_as: str) -> list[ContentError]:
    """Comments that start with "storysite" but are not a well-formed block marker."""
    errors = []
    for start, end in html_comments(text):
        inner = text[start + 4 : end].removesuffix("-->").removesuffix("--!>")
        if not _LOOKS_LIKE_MARKER.match(inner) or MARKER.fullmatch(text, start, end):
            continue
        parts = _MARKER_PARTS.match(inner)
        name = parts["name"].lower() if parts else ""
        words = parts["rest"].split() if parts else []
        field = f"storysite:{name}" if name else "storysite"
        line = text.count("\n", 0, start) + 1
        errors.append(ContentError(shown_as, line, field, "is not a block marker as written", _marker_hint(name, words)))
    return errors


def _marker_hint(name: str, words: list[str]) -> str:
    options = [block for block in BLOCKS if block != "story"]
    if name not in options:
        return did_you_mean(name, options) if name else "write <!-- storysite:NAME -->, NAME one of: " + ", ".join(options)
    if BLOCKS[name] is None:
        return f"write <!-- storysite:{name} -->"
    argument = words[0] if len(words) == 1 else "NAME"
    return f"write <!-- storysite:{name} {argument} -->"


@dataclass(frozen=True)
class _Finding:
    """Something a page may not hold: ``key`` tells kinds apart across the source and
    the converted page (``element:script``, ``handler:onclick``, ``scheme:javascript``)."""

    key: str
    line: int
    field: str
    message: str
    hint: str


def _unsafe_markup(readable: str, outside_code: str, body: str, body_line: int, shown_as: str, render: Render) -> list[ContentError]:
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
    findings = _html_findings(_blank(text, [match.span() for match in _AUTOLINK.finditer(text)]), 1)
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
            findings += tag_findings(token.name, [(attribute.name, attribute.value) for attribute in token.attrs], line)
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


def tag_findings(tag: str, attrs: list[tuple[str, str | None]], line: int) -> list[_Finding]:
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
        elif name in _ADDRESS_ATTRIBUTES and value is not None:
            findings += _address_findings(value, line, "html", f"{name} of <{tag}>", loaded=name in _LOADED, srcset=name == "srcset")
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
            if name in _ADDRESS_ATTRIBUTES:
                value = pair.group(2).strip("\"'")
                findings += _address_findings(value, line, "html", f"{name} in {{...}}", loaded=name in _LOADED, srcset=name == "srcset")
    return findings


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
