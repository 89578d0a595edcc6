"""One error shape for everything editors write.

Every problem in a content file becomes a :class:`ContentError`, printed as
``stories/x.yml:7: photo.credit: missing (every photo needs a credit)``. Stages collect
them instead of stopping at the first, so an editor sees every mistake of every file
in one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text_rules import visible

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one file.

    ``path`` is relative to the project root with forward slashes, ``line`` is 1-based,
    ``field`` is a dotted path such as ``consent.expires`` (or ``file`` for problems with
    the file as a whole) and ``hint`` says what to type instead, when we know.
    """

    path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        text = f"{text} ({self.hint})" if self.hint else text
        # Messages repeat what was typed: a line break or terminal escape in it must not
        # start a new line of the report (or a forged workflow command in CI).
        # And an invisible or direction-changing character (a U+200B in a theme id, a
        # U+202E) must not hide or reorder what the report says: it is written out.
        return visible(_CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text))

    def github_annotation(self) -> str:
        """The same error as a GitHub Actions workflow command, shown on the file's line."""
        # Workflow commands end at a newline and treat '%' specially; in a property value
        # ',' and ':' also separate things. Escape as GitHub's own toolkit does, so a file
        # name can never end the command or forge another one.
        message = _escape_data(str(self))
        path = _escape_data(self.path).replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={self.line}::{message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class ContentErrors(Exception):
    """Raised when content cannot be published; carries every error found, sorted."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors)
        super().__init__(self.report())

    def report(self, outcome: str = "nothing was built") -> str:
        """A human report: a count and what came of them, then one error per line."""
        count = len(self.errors)
        files = len({error.path for error in self.errors})
        noun = "error" if count == 1 else "errors"
        where = "file" if files == 1 else "files"
        lines = [f"{count} content {noun} in {files} {where}; {outcome}:"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


class PipelineError(RuntimeError):
    """The photo or share-image pipeline itself failed, not a photo: the cache cannot be
    written, or a worker process died."""
