"""Read a YAML file as a tree of text, with the line of every value.

Editors' files are read with PyYAML's C parser, event by event, and nothing in them is
ever turned into a Python object by YAML itself: every scalar stays the text that was
typed (``NO`` stays "NO", ``yes`` stays "yes"), so each field's own type decides what
it accepts. What an editor never needs and an attacker might use is refused: anchors
and aliases (alias bombs), tags (``!!python/object``), duplicate keys, several documents,
deep nesting, files over 64 KiB, bytes that are not UTF-8, line breaks only YAML sees
(U+0085, U+2028, U+2029), and anything that is not a plain file (links, folders, FIFOs,
sockets, devices, unreadable files), which is never opened.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Union

import yaml

from .errors import ContentError

MAX_BYTES = 64 * 1024
MAX_DEPTH = 16

# The C parser is about 18 times faster than the pure-Python one; fall back only where
# PyYAML was built without libyaml, so the site still builds there.
_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_INVISIBLE_LINE_BREAK = re.compile("[\x85\u2028\u2029]")
# Never follow a link, never wait for a writer. (Systems without these flags, Windows,
# still have the lstat and fstat checks.)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Scalar:
    """A value as typed. ``quoted`` tells ``"null"`` (text) from ``null`` (nothing)."""

    text: str
    line: int
    quoted: bool

    @property
    def is_empty(self) -> bool:
        """True for a value left blank, ``~`` or ``null`` typed without quotes."""
        return not self.quoted and self.text.strip() in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Mapping:
    """Keys in the order typed; keys are unique (duplicates are refused while reading)."""

    entries: tuple[tuple[Scalar, "Node"], ...]
    line: int

    def get(self, key: str) -> "Node | None":
        """The value under ``key``, or None."""
        for name, value in self.entries:
            if name.text == key:
                return value
        return None


@dataclass(frozen=True)
class Sequence:
    """A list of values."""

    items: tuple["Node", ...]
    line: int


Node = Union[Scalar, Mapping, Sequence]


class YamlRefused(Exception):
    """The file cannot be read; ``error`` says where and why."""

    def __init__(self, error: ContentError) -> None:
        self.error = error
        super().__init__(str(error))


def read_file(path: Path, shown_as: str) -> Node:
    """Read one YAML file; ``shown_as`` is the path errors print (e.g. ``stories/x.yml``).

    Raises :class:`YamlRefused` for anything that is not one small, plain YAML document,
    and for anything that is not a plain file: a symbolic link, a folder, a named pipe
    (FIFO), a socket or a device, a file the build may not read. When ``path`` ends with
    ``shown_as`` (as it does for content files: ``<root>/stories/x.yml``), the folders
    ``shown_as`` names (``stories/``) may not be symbolic links either.
    """
    return parse_text(read_plain_file(path, shown_as), shown_as)


def read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of an open file: one byte more than allowed tells a file
    that grew since it was measured from one that fits (the caller checks the length)."""
    chunks: list[bytes] = []
    read = 0
    while read <= limit:
        chunk = os.read(descriptor, limit + 1 - read)
        if not chunk:
            break
        chunks.append(chunk)
        read += len(chunk)
    return b"".join(chunks)


def read_plain_file(path: Path, shown_as: str) -> bytes:
    """The bytes of a plain file of at most :data:`MAX_BYTES`, or :class:`YamlRefused`.

    Nothing that is not a regular file is ever opened: a FIFO would block the build
    forever, a device could be read without end, a link could lead outside the project.
    The path is looked at without following links, then opened without following links
    and without blocking, and the opened file is checked again, so a file swapped for
    something else in between is refused too.
    """

    def refuse(message: str, hint: str) -> YamlRefused:
        return YamlRefused(ContentError(shown_as, 1, "file", message, hint))

    folder = _linked_folder(path, shown_as)
    if folder is not None:
        raise refuse(
            f"is inside {folder}/, which is a symbolic link",
            f"make {folder}/ a real folder of the repository: linked folders are not read",
        )
    try:
        kind = _kind(os.lstat(path).st_mode)
        if kind is not None:
            raise refuse(*kind)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise refuse(*unreadable(error)) from None
    try:
        status = os.fstat(descriptor)
        kind = _kind(status.st_mode)
        if kind is not None:
            raise refuse(*kind)
        # Check the size before reading a byte of content, so a huge file costs nothing.
        if status.st_size > MAX_BYTES:
            raise refuse(*_too_big(status.st_size))
        data = read_at_most(descriptor, MAX_BYTES)
        if len(data) > MAX_BYTES:
            raise refuse(*_too_big(len(data)))
        return data
    except OSError as error:
        raise refuse(*unreadable(error)) from None
    finally:
        os.close(descriptor)


def _kind(mode: int) -> tuple[str, str] | None:
    """Message and hint for what is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "is a symbolic link", "commit the file itself"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file", "rename or move the folder"
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    else:
        what = "something other than a file"
    return f"is {what}, not a file", "replace it with a plain text file saved from your editor"


def unreadable(error: OSError, link_hint: str = "commit the file itself") -> tuple[str, str]:
    """(message, hint) for a file that could not be opened or read: a link put there after
    it was looked at, a file gone meanwhile, or one the build may not read."""
    if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link put there after lstat
        return "is a symbolic link", link_hint
    if error.errno == errno.ENOENT:
        return "is missing", "it was deleted or renamed while the build read it: build again"
    reason = error.strerror or type(error).__name__
    return f"cannot be read ({reason.lower()})", "check the file's permissions: the build must be able to read it"


def _too_big(size: int) -> tuple[str, str]:
    return (
        f"is {size:,} bytes, more than the {MAX_BYTES:,} allowed (64 KiB)",
        "a testimony fits in a few KiB: is this the right file?",
    )


def _linked_folder(path: Path, shown_as: str) -> str | None:
    """The first folder of ``shown_as`` (``stories``, ``data``) that is a symbolic link
    under the root ``path`` is shown from; None when none is, or ``path`` does not end
    with ``shown_as``."""
    parts = PurePosixPath(shown_as).parts
    if len(parts) < 2 or tuple(path.parts[-len(parts):]) != parts:
        return None
    root = path.parents[len(parts) - 1]
    for depth in range(1, len(parts)):
        folder = root.joinpath(*parts[:depth])
        try:
            linked = stat.S_ISLNK(os.lstat(folder).st_mode)
        except OSError:
            return None  # then the file cannot be opened either, and says why
        if linked:
            return "/".join(parts[:depth])
    return None


def parse_text(data: bytes, shown_as: str) -> Node:
    """Parse bytes as one YAML document of plain text values; see :func:`read_file`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlRefused(
            ContentError(shown_as, line, "file", "is not UTF-8 text", "save the file as UTF-8 in your editor")
        ) from None
    # A UTF-8 byte order mark is still UTF-8 (some Windows editors add one).
    text = text.removeprefix("\ufeff")
    # YAML 1.1 reads these as line breaks where editors and GitHub see none: every line
    # number after one would be wrong, and a value could end where it seems to go on.
    separator = _INVISIBLE_LINE_BREAK.search(text)
    if separator is not None:
        raise YamlRefused(
            ContentError(
                shown_as, text.count("\n", 0, separator.start()) + 1, "file",
                f"contains an invisible line break (U+{ord(separator.group()):04X})",
                "delete it: retype the line if you cannot see it",
            )
        )
    builder = _TreeBuilder(shown_as)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context or "cannot be read"
        raise YamlRefused(
            ContentError(shown_as, line, "file", f"is not valid YAML: {problem}", _yaml_hint(problem))
        ) from None
    except yaml.reader.ReaderError as error:
        # Raised for characters YAML forbids, with a position in the text rather than a line.
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise YamlRefused(
            ContentError(
                shown_as, line, "file", f"contains an invisible control character (U+{code:04X})",
                "delete the control character: retype the line if you cannot see it",
            )
        ) from None
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        raise YamlRefused(ContentError(shown_as, 1, "file", f"is not valid YAML: {problem}")) from None
    return builder.result()


def _yaml_hint(problem: str) -> str:
    if "mapping values" in problem:
        return "a value containing ': ' needs quotes, or use '>-' and put it on the next lines"
    if "tab" in problem:
        return "indent with spaces, not tabs"
    return "check the indentation and quotes on this line and the one before"


class _TreeBuilder:
    """Builds Scalar/Mapping/Sequence nodes from parser events with an explicit stack,
    so deep nesting is refused cleanly instead of exhausting Python's recursion."""

    def __init__(self, shown_as: str) -> None:
        self.shown_as = shown_as
        self.stack: list[tuple[str, int, list[Node]]] = []
        self.documents: list[Node] = []
        self.empty_document_line = 0

    def refuse(self, line: int, message: str, hint: str = "") -> None:
        raise YamlRefused(ContentError(self.shown_as, line, "file", message, hint))

    def feed(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.ScalarEvent):  # most events: checked first, on the fast path
            self._check_node(event, line)
            # Plain scalars have no style (None from the Python parser, "" from the C one);
            # quoted and block scalars ('|', '>') are text for sure.
            self._add(Scalar(event.value, line, quoted=bool(event.style)))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_node(event, line)
            if len(self.stack) >= MAX_DEPTH:
                self.refuse(line, f"is nested more than {MAX_DEPTH} levels deep", "check the indentation")
            kind = "mapping" if isinstance(event, yaml.MappingStartEvent) else "sequence"
            self.stack.append((kind, line, []))
        elif isinstance(event, yaml.CollectionEndEvent):
            kind, start, items = self.stack.pop()
            self._add(self._close(kind, start, items))
        elif isinstance(event, yaml.AliasEvent):
            self.refuse(line, f"uses the alias *{event.anchor}", "write the value out in full: aliases are not allowed")
        elif isinstance(event, yaml.DocumentStartEvent) and self.documents:
            self.refuse(line, "holds more than one YAML document", "remove the '---' line: one file, one document")

    def _check_node(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, line: int) -> None:
        if event.anchor is not None:
            self.refuse(line, f"uses the anchor &{event.anchor}", "write the value out in full: anchors are not allowed")
        if event.tag not in (None, "!"):
            self.refuse(line, f"uses the tag {event.tag}", "remove the tag: values are plain text")

    def _close(self, kind: str, start: int, items: list[Node]) -> Node:
        if kind == "sequence":
            return Sequence(tuple(items), start)
        entries: list[tuple[Scalar, Node]] = []
        seen: dict[str, int] = {}
        for key, value in zip(items[::2], items[1::2]):
            if not isinstance(key, Scalar):
                self.refuse(key.line, "uses a list or mapping as a key", "keys are plain words such as 'quote'")
            assert isinstance(key, Scalar)
            if key.text in seen:
                self.refuse(
                    key.line, f"repeats the key '{key.text}' (first on line {seen[key.text]})",
                    "keep one of the two",
                )
            seen[key.text] = key.line
            entries.append((key, value))
        return Mapping(tuple(entries), start)

    def _add(self, node: Node) -> None:
        if self.stack:
            self.stack[-1][2].append(node)
        else:
            self.documents.append(node)

    def result(self) -> Node:
        if not self.documents:
            return Scalar("", 1, quoted=False)
        return self.documents[0]
