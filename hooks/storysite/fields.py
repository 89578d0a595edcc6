"""Typed fields out of a YAML tree, with an error (file, line, field, hint) for each bad value.

A :class:`Fields` wraps one mapping of :mod:`strict_yaml` nodes. Each accessor returns the
converted value, or None after recording a :class:`ContentError`, so a file with five
mistakes yields five errors, not one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable

from .errors import ContentError
from .strict_yaml import Mapping, Node, Scalar, Sequence

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Invisible control characters, which YAML escapes ("\\0", "\\e") could smuggle into
# text; line breaks and tabs are ordinary text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A hint naming the closest option, or listing them all when none is close."""
    options = list(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(options)


def describe(node: Node) -> str:
    """How an editor would name what they typed: 'a list', 'a group of fields', 'text'."""
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Mapping):
        return "a group of fields"
    return "text"


class Fields:
    """Reader for one mapping; ``prefix`` makes nested fields print as ``photo.credit``."""

    def __init__(
        self,
        node: Mapping,
        path: str,
        errors: list[ContentError],
        allowed: Iterable[str],
        prefix: str = "",
        line: int | None = None,
    ) -> None:
        self.node = node
        self.path = path
        self.errors = errors
        self.prefix = prefix
        self.line_of_group = line if line is not None else node.line
        allowed = list(allowed)
        for key, _ in node.entries:
            if key.text not in allowed:
                self.error(key.line, key.text, "unknown field", did_you_mean(key.text, allowed))

    def name(self, key: str) -> str:
        """The dotted name of a field, as errors print it."""
        return f"{self.prefix}{key}"

    def error(self, line: int, key: str, message: str, hint: str = "") -> None:
        """Record one error about ``key`` at ``line``."""
        self.errors.append(ContentError(self.path, line, self.name(key), message, hint))

    def line(self, key: str) -> int:
        """The line of a field's key, or of the group when the field is absent."""
        for name, _ in self.node.entries:
            if name.text == key:
                return name.line
        return self.line_of_group

    def has(self, key: str) -> bool:
        """True when the field is present and not left blank."""
        value = self.node.get(key)
        return value is not None and not (isinstance(value, Scalar) and value.is_empty)

    def _scalar(self, key: str, required: bool, hint: str) -> Scalar | None:
        value = self.node.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_empty):
            if required:
                self.error(self.line(key), key, "missing" if value is None else "is empty", hint)
            return None
        if not isinstance(value, Scalar):
            self.error(value.line, key, f"must be text, not {describe(value)}", hint)
            return None
        return value

    def text(
        self, key: str, *, required: bool = True, hint: str = "", min_len: int = 0, max_len: int | None = None
    ) -> str | None:
        """Plain text, stripped; ``min_len``/``max_len`` count characters."""
        value = self._scalar(key, required, hint)
        if value is None:
            return None
        text = value.text.strip()
        control = _CONTROL.search(text)
        if control is not None:
            self.error(
                value.line, key, f"contains an invisible control character (U+{ord(control.group()):04X})",
                "retype the text without it; escapes such as \\0 or \\e are not allowed",
            )
            return None
        if len(text) < min_len or (max_len is not None and len(text) > max_len):
            limits = f"{min_len} to {max_len}" if max_len is not None else f"at least {min_len}"
            self.error(value.line, key, f"is {len(text)} characters long; it must be {limits}", hint)
            return None
        return text

    def choice(self, key: str, options: Iterable[str], *, required: bool = True, hint: str = "") -> str | None:
        """One word out of ``options``, exactly as listed."""
        options = list(options)
        value = self._scalar(key, required, hint or "use one of: " + ", ".join(options))
        if value is None:
            return None
        if value.text not in options:
            self.error(value.line, key, f"'{value.text}' is not allowed", did_you_mean(value.text, options))
            return None
        return value.text

    def boolean(self, key: str, *, default: bool) -> bool | None:
        """Only ``true`` or ``false``: YAML 1.1's yes/no/on/off are errors, not guesses."""
        value = self._scalar(key, False, "")
        if value is None:
            return default
        if value.quoted or value.text not in ("true", "false"):
            self.error(value.line, key, f"must be true or false, not '{value.text}'", "type true or false, without quotes")
            return None
        return value.text == "true"

    def date(self, key: str, *, required: bool = True, hint: str = "") -> dt.date | None:
        """A real calendar date written ``YYYY-MM-DD``."""
        value = self._scalar(key, required, hint or "write the date as YYYY-MM-DD")
        if value is None:
            return None
        text = value.text.strip()
        if not _DATE.fullmatch(text):
            self.error(value.line, key, f"'{text}' is not a date", "write the date as YYYY-MM-DD, e.g. 2024-03-08")
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(value.line, key, f"'{text}' is not a real date", "check the month (01-12) and the day")
            return None

    def text_list(self, key: str, *, required: bool = False, hint: str = "") -> list[Scalar] | None:
        """A list of plain words, e.g. ``[web, social]``; returns the items with their lines."""
        value = self.node.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_empty):
            if required:
                self.error(self.line(key), key, "missing" if value is None else "is empty", hint)
                return None
            return []
        if not isinstance(value, Sequence):
            self.error(value.line, key, f"must be a list, not {describe(value)}", hint or "write it as [first, second]")
            return None
        items: list[Scalar] = []
        for item in value.items:
            if not isinstance(item, Scalar) or item.is_empty:
                self.error(item.line, key, "holds an empty entry or a nested list", hint)
                return None
            items.append(item)
        return items

    def group(self, key: str, allowed: Iterable[str], *, required: bool = False, hint: str = "") -> "Fields | None":
        """A nested group such as ``photo:``, read with its own allowed fields."""
        value = self.node.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_empty):
            if required:
                self.error(self.line(key), key, "missing" if value is None else "is empty", hint)
            return None
        if not isinstance(value, Mapping):
            self.error(value.line, key, f"must be a group of fields, not {describe(value)}", hint)
            return None
        return Fields(value, self.path, self.errors, allowed, prefix=f"{self.name(key)}.", line=self.line(key))


def top_level(
    node: Node, path: str, errors: list[ContentError], allowed: Iterable[str], what: str, hint: str = ""
) -> Fields | None:
    """The file's top-level mapping, or None after an error saying what the file should hold."""
    if isinstance(node, Mapping):
        return Fields(node, path, errors, allowed)
    found = "is empty" if isinstance(node, Scalar) and node.is_empty else f"holds {describe(node)}"
    errors.append(ContentError(path, node.line, "file", f"{found}; it must hold {what}", hint))
    return None
