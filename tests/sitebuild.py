"""A throwaway copy of the project, and a way to build it as a person would.

Tests never build inside the repository: each copies the project into a temporary
folder and builds there, so a test can add, break or remove content freely.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "stories", "data", "hooks", "overrides")
# Every consent in the sample stories is valid on this day; tests pin it.
TODAY = "2026-01-15"
# The sample home page's sections, in order: the seed page's, but for its stories, which
# follow the problem so that they reach a phone's second screen, and the call to give.
SAMPLE_HOME_HEADINGS = (
    "Why this matters",
    "In their own words",
    "Why do we work with men?",
    "Our Men’s Engagement Programme",
    "Our graduates take action to support women’s equality",
    "How do we work with men?",
    "Women’s equality is everyone’s business",
    "Help write the next story",
)


@dataclass
class Built:
    """The outcome of one ``mkdocs build`` in a subprocess."""

    returncode: int
    output: str  # stdout and stderr together, as an editor would read them
    site: Path


@dataclass
class Project:
    """A copy of the repository's site sources in a temporary folder."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        """Write a file under the project (e.g. ``stories/x.yml``) and return its path."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add_hook(self, name: str, source: str, *, before_ours: bool = False) -> None:
        """Add a test-only MkDocs hook ``hooks/<name>.py`` holding ``source``, listed after
        the adapter in mkdocs.yml (``before_ours``: before it, so that it sees the build
        first, e.g. to count what MkDocs does)."""
        self.write(f"hooks/{name}.py", source)
        config = self.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        ours, theirs = "  - hooks/mkdocs_adapter.py\n", f"  - hooks/{name}.py\n"
        assert ours in text, "mkdocs.yml lists hooks/mkdocs_adapter.py"
        config.write_text(text.replace(ours, theirs + ours if before_ours else ours + theirs), encoding="utf-8")

    def build(
        self, site: Path | None = None, *, today: str = TODAY, strict: bool = True, extra_env: dict[str, str] | None = None
    ) -> Built:
        """Run ``mkdocs build`` like a person would; the site goes to ``site`` (default: root/site).
        ``extra_env`` adds environment variables (e.g. the safe mode of make build)."""
        site = site or self.root / "site"
        env = {**os.environ, "STORIES_TODAY": today, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
        env.pop("GITHUB_ACTIONS", None)
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(self.root / "mkdocs.yml"), "-d", str(site)]
        if strict:
            command.append("--strict")
        done = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True, timeout=300)
        return Built(done.returncode, done.stdout + done.stderr, site)


def copy_project(destination: Path) -> Project:
    """Copy the site sources (not site/, .venv/ or caches) into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__", ".cache", ".mypy_cache"))
        else:
            shutil.copy2(source, destination / part)
    return Project(destination)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the sha256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }
