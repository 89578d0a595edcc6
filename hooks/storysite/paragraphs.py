"""The one rule that cuts an editor's plain text into paragraphs: a blank line starts a new
one. A story's longer testimony (``story:``) and each follow-up (``updates: text``) are cut
by it, so that both read the way the editor typed them."""

from __future__ import annotations

import re

# A line break, any blank lines (spaces and tabs count as blank), and the next line break.
_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs_of(text: str | None) -> tuple[str, ...]:
    """``text``'s paragraphs, in order: the parts between blank lines, each stripped of the
    spaces and line breaks around it; () for no text or only blank lines.

    Windows (``\\r\\n``) and old Mac (``\\r``) line ends count as line ends, so a file saved
    on any computer is cut the same way. A single line break inside a paragraph is kept
    (a page shows it as a space); it never starts a new paragraph.
    """
    unified = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return tuple(part.strip() for part in _BLANK_LINES.split(unified) if part.strip())
