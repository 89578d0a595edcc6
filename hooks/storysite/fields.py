"""Typed fields out of a YAML tree, with an error (file, line, field, hint) for each bad value.

A :class:`Fields` wraps one mapping of :mod:`strict_yaml` nodes. Each accessor returns the
converted value, or None after recording a :class:`ContentError`, so a file with five
mistakes yields five errors, not one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .contract import DATE, Field, Kind
from .errors import ContentError
from .strict_yaml import Mapping, Node, Scalar, Sequence
from .text_rules import describe_character, invisible_character, normalise, visible

INVISIBLE_HINT = "retype the text without it; it can make text look different from what it is"
# Controls mostly arrive as YAML escapes ("\\0", "\\e"); the message tests and editors
# know is kept for them.
CONTROL_HINT = "retype the text without it; escapes such as \\0 or \\e are not allowed"


def invisible_problem(text: str) -> tuple[str, str] | None:
    """The message and hint for the first character of ``text`` no field may hold, or None.

    See :func:`storysite.text_rules.invisible_character` for which characters those are.
    """
    found = invisible_character(text)
    if found is None:
        return None
    char = found[1]
    if unicodedata.category(char) == "Cc":
        return f"contains an invisible control character (U+{ord(char):04X})", CONTROL_HINT
    return f"contains an invisible character, {describe_character(char)}", INVISIBLE_HINT


# How to write a point of a picture (a photo's focus, a card's ring).
POINT_HINT = "write [x, y]: x from the left (0) to the right (1), y from the top (0) to the bottom (1)"


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
            problem = invisible_problem(key.text)
            if problem is not None:
                # Never a known field, whatever it looks like; the report shows the
                # character, which the editor cannot see in their file.
                message, _ = problem
                self.error(key.line, visible(key.text), message, "retype the field name without it")
            elif key.text not in allowed:
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
        """The field's value as typed, in NFC, or None after an error (absent, a group,
        or holding an invisible character)."""
        value = self.node.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_empty):
            if required:
                self.error(self.line(key), key, "missing" if value is None else "is empty", hint)
            return None
        if not isinstance(value, Scalar):
            self.error(value.line, key, f"must be text, not {describe(value)}", hint)
            return None
        return self._clean(value, key)

    def _clean(self, value: Scalar, key: str) -> Scalar | None:
        """``value`` in NFC, or None after an error when it holds an invisible character."""
        problem = invisible_problem(value.text)
        if problem is not None:
            self.error(value.line, key, *problem)
            return None
        text = normalise(value.text)
        return value if text == value.text else replace(value, text=text)

    def text(
        self, key: str, *, required: bool = True, hint: str = "", min_len: int = 0, max_len: int | None = None
    ) -> str | None:
        """Plain text, stripped and in NFC; ``min_len``/``max_len`` count characters.

        Text holding a character no field may hold (a control, a bidi override, a
        zero-width space, a blank letter: see :mod:`storysite.text_rules`) is an error.
        """
        value = self._scalar(key, required, hint)
        if value is None:
            return None
        text = value.text.strip()
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
        typed = self.node.get(key)
        if typed is None or (isinstance(typed, Scalar) and typed.is_empty):
            return default
        value = self._scalar(key, False, "")
        if value is None:
            return None
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
        if not DATE.matches(text):
            self.error(value.line, key, DATE.message.format(value=text), DATE.hint)
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(value.line, key, f"'{text}' is not a real date", "check the month (01-12) and the day")
            return None

    def text_list(self, key: str, *, required: bool = False, hint: str = "") -> list[Scalar] | None:
        """A list of plain words, e.g. ``[web, social]``; returns the items with their lines,
        each in NFC. An item holding an invisible character is an error, as in :meth:`text`."""
        value = self._sequence(key, required, hint, hint or "write it as [first, second]")
        if not isinstance(value, Sequence):
            return value
        items: list[Scalar] = []
        for item in value.items:
            if not isinstance(item, Scalar) or item.is_empty:
                self.error(item.line, key, "holds an empty entry or a nested list", hint)
                return None
            clean = self._clean(item, key)
            if clean is None:
                return None
            items.append(clean)
        return items

    def read(self, field: Field, *, required: bool | None = None, **catalogue_words: str) -> Any:
        """The value of the declared ``field`` (see :mod:`storysite.contract`), read by its
        kind with its limits, pattern, choices and hint; None after an error.

        ``required`` overrides the declaration where a rule decides (a name is required
        unless the story is anonymous); ``catalogue_words`` fill the hint's placeholders.
        Booleans default to false; a group returns its :class:`Fields`, a list of entries
        one :class:`Fields` per entry (a YEAR field is read by :meth:`year`); a list of words
        returns its items (checked against fixed choices by the caller, for their lines).
        """
        key = field.key
        needed = field.required if required is None else required
        hint = field.error_hint(**catalogue_words)
        if field.kind is Kind.BOOLEAN:
            return self.boolean(key, default=False)
        if field.kind is Kind.DATE:
            return self.date(key, required=needed, hint=hint)
        if field.kind is Kind.CHOICE and field.choices:
            return self.choice(key, field.values, required=needed, hint=hint)
        if field.kind in (Kind.WORDS, Kind.POINT):
            return self.text_list(key, required=needed, hint=hint)
        if field.kind is Kind.GROUP:
            return self.group(key, field.keys, required=needed, hint=hint)
        if field.kind is Kind.ENTRIES:
            return self.entries(key, field.keys, required=needed, hint=hint)
        text = self.text(key, required=needed, hint=hint, min_len=field.min_len or 0, max_len=field.max_len)
        if text is not None and field.pattern is not None and not field.pattern.matches(text):
            self.error(self.line(key), key, field.pattern.message.format(value=text), field.pattern.hint)
            return None
        return text

    def year(self, field: Field, *, latest: int) -> int | None:
        """A YEAR field (``took_part: 2019``): four digits, from the field's ``minimum`` to
        ``latest`` (this year); None when absent or after an error."""
        value = self._scalar(field.key, field.required, field.error_hint())
        if value is None:
            return None
        text = value.text.strip()
        assert field.pattern is not None, f"{field.key}: a year has the year pattern"
        if not field.pattern.matches(text):
            self.error(value.line, field.key, field.pattern.message.format(value=text), field.pattern.hint)
            return None
        year = int(text)
        if year < (field.minimum or 0) or year > latest:
            self.error(value.line, field.key, f"{year} is not {field.year_range(latest)}", field.error_hint())
            return None
        return year

    def entries(self, key: str, allowed: Iterable[str], *, required: bool = False, hint: str = "") -> "list[Fields] | None":
        """A list of groups with the same fields (``updates:``), each read by its own
        :class:`Fields` whose errors name ``updates.<field>`` at the entry's lines; [] when
        absent, None after an error."""
        value = self._sequence(key, required, hint, hint)
        if not isinstance(value, Sequence):
            return value
        allowed = list(allowed)
        groups: list[Fields] = []
        for item in value.items:
            if not isinstance(item, Mapping):
                self.error(item.line, key, f"holds {describe(item)} where each entry is a group of fields", hint)
                return None
            groups.append(Fields(item, self.path, self.errors, allowed, prefix=f"{self.name(key)}.", line=item.line))
        return groups

    def _sequence(self, key: str, required: bool, hint: str, not_a_list_hint: str) -> "Sequence | list[Any] | None":
        """The list node under ``key``; [] when it is absent or empty and not required; None
        after an error (missing, empty, or not a list)."""
        value = self.node.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_empty):
            if required:
                self.error(self.line(key), key, "missing" if value is None else "is empty", hint)
                return None
            return []
        if not isinstance(value, Sequence):
            self.error(value.line, key, f"must be a list, not {describe(value)}", not_a_list_hint)
            return None
        return value

    def point(self, key: str, items: list[Scalar], hint: str = POINT_HINT) -> tuple[float, float] | None:
        """``[x, y]`` read from ``items`` (the field's list), each from 0 to 1 (from the left,
        from the top), or None after an error at the field's line."""
        try:
            values = tuple(float(item.text) for item in items)
        except ValueError:
            values = ()
        # "nan" and "inf" are floats to Python: the range check refuses them.
        if len(values) != 2 or not all(0.0 <= value <= 1.0 for value in values):
            typed = ", ".join(item.text for item in items)
            self.error(self.line(key), key, f"[{typed}] is not two numbers from 0 to 1", hint)
            return None
        return (values[0], values[1])

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
