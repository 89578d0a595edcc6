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

The markup checks are in :mod:`storysite.docs_markup`; this module walks docs/ and
checks each page's file, characters, settings and markers, then hands the page's text,
its code blanked out, to :func:`storysite.docs_markup.unsafe_markup`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown

from .block_markers import MARKER
from .docs_markup import Render, blank, unsafe_markup
from .errors import ContentError
from .fields import did_you_mean, invisible_problem
from .html_tokens import html_comments
from .link_targets import GENERATED_SECTIONS
from .pages import BLOCKS, check_markers, missing_targets
from .strict_yaml import Mapping, Scalar, Sequence, YamlRefused, parse_text, read_at_most, unreadable

PAGE_SUFFIX = ".md"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
MAX_PAGE_BYTES = 256 * 1024

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
_LOOKS_LIKE_MARKER = re.compile(r"\s*storysite", re.IGNORECASE)
_MARKER_PARTS = re.compile(r"\s*storysite\s*:?\s*(?P<name>[A-Za-z-]*)(?P<rest>.*)", re.IGNORECASE | re.DOTALL)


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
    # In any letter case: links are read as browsers on a case-blind disk would
    # (link_targets), and docs/Stories/ beside stories/ would be one folder on macOS.
    section, _, rest = relative.lower().partition("/")
    if section not in GENERATED_SECTIONS or not rest or relative.lower() == "stories/index.md":
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
    readable = blank(text, [(0, settings_end)])
    outside_code = blank(readable, _code_ranges(readable))
    errors += check_markers(outside_code, shown_as)
    errors += _misspelt_markers(outside_code, shown_as)
    notes = missing_targets(outside_code, shown_as, known) if known is not None else []
    errors += unsafe_markup(readable, outside_code, body, text.count("\n", 0, settings_end) + 1, shown_as, render)
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
