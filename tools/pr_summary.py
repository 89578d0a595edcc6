"""The job summary of a pull request: the stories it adds, changes or removes, in Markdown.

The pull-request workflow runs this after the build, even when the build failed, so that
the run's summary page shows reviewers and editors every story the pull request touches:
who it names, whether it will be on the site (consent, scope, withdrawal, as the build
decides it today), its errors, and the fields still holding the new-story placeholders.

The changes are those between the merge base of ``--base`` and ``HEAD`` (``git diff
base...HEAD``): only committed files count. The Markdown is appended to the file named by
``--output``, else to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions sets it, else written
to standard output. ``--slugs`` prints instead the names of the added or changed stories,
one per line, for the screenshot step.

Usage: python tools/pr_summary.py --base REF [--root DIR] [--output FILE] [--slugs]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from storysite.catalogue import load_catalogue
from storysite.contract import CONSENT, STORY
from storysite.errors import ContentError
from storysite.model import Story
from storysite.selection import EXPIRY_WARNING_DAYS, TodayError, today, why_not_published
from storysite.stories import load_story, stray_suffix_error
from tools.new_story import placeholders_left

ROOT = Path(__file__).resolve().parent.parent

_STATUS = {"A": "added", "C": "added", "M": "changed", "T": "changed", "D": "removed", "R": "renamed"}
_STORY = re.compile(r"stories/[^/]+\.ya?ml")  # .yaml too: the build refuses those, and so do we
_PHOTO = re.compile(r"stories/photos/.+")
_PLAIN_PATH = re.compile(r"[\w./:-]+")
# What can start emphasis, code, a link or strike-through, or end a table cell. With
# brackets escaped no link can form, so parentheses and "!" may stay as typed.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")


class SummaryError(Exception):
    """git could not say what changed (an unknown base, a shallow clone)."""


@dataclass(frozen=True)
class Change:
    """One file the pull request touches; ``old_path`` is set for renames."""

    status: str  # added | changed | removed | renamed
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class StoryReport:
    """What the summary says about one changed story file."""

    change: Change
    story: Story | None
    errors: tuple[ContentError, ...]
    on_site: str  # "yes", "yes, until ...", "no: <reason>"
    placeholders: tuple[str, ...]


def changed_files(root: Path, base: str, head: str = "HEAD") -> list[Change]:
    """Files under stories/ changed between the merge base of ``base`` and ``head``."""
    command = ["git", "-C", str(root), "diff", "--name-status", "-z", "-M", f"{base}...{head}", "--", "stories/"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SummaryError(
            f"git could not compare with {base!r}: {done.stderr.strip()} "
            "(in GitHub Actions, check out with fetch-depth: 0 so the base commit is there)"
        )
    fields = done.stdout.split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index]:
        code = fields[index][0]
        if code in ("R", "C"):
            old, new = fields[index + 1], fields[index + 2]
            changes.append(Change(_STATUS[code], new, old if code == "R" else None))
            index += 3
        else:
            changes.append(Change(_STATUS.get(code, "changed"), fields[index + 1]))
            index += 2
    return changes


def is_story(path: str) -> bool:
    """True for a story file (stories/<name>.yml), not the template or other ``_`` files."""
    return bool(_STORY.fullmatch(path)) and not PurePosixPath(path).name.startswith("_")


def report_stories(root: Path, changes: list[Change]) -> list[StoryReport]:
    """Check each added, changed or renamed story as the build does; removed ones just say so."""
    catalogue_errors: list[ContentError] = []
    catalogue = load_catalogue(root, catalogue_errors)
    on = today()
    reports: list[StoryReport] = []
    for change in changes:
        if not is_story(change.path):
            continue
        path = root / change.path
        if change.status == "removed" or not path.is_file():
            reports.append(StoryReport(change, None, (), "no: removed", ()))
            continue
        if catalogue_errors:
            # Every story would fail on the broken data files: show those errors once, here.
            reports.append(StoryReport(change, None, tuple(catalogue_errors), "no: data/ has errors", ()))
            continue
        errors: list[ContentError] = []
        if path.suffix == ".yaml":
            # The build's own error for a stray .yaml file (stories.load_stories).
            errors.append(stray_suffix_error(change.path, path))
            story = None
        else:
            story = load_story(path, root, catalogue, errors)
        if story is None or errors:
            count = len(errors)
            reports.append(StoryReport(change, None, tuple(sorted(errors)), f"no: {count} error{'s' * (count != 1)}", ()))
            continue
        reason = why_not_published(story, on)
        if reason is not None:
            on_site = f"no: {reason}"
        elif (story.consent.expires - on).days <= EXPIRY_WARNING_DAYS:
            on_site = f"yes, until {story.consent.expires.isoformat()} (consent ends soon)"
        else:
            on_site = "yes"
        reports.append(StoryReport(change, story, (), on_site, placeholders_left(story, root)))
    return reports


def cell(text: str) -> str:
    """Editor text made inert in Markdown: no HTML, no links or emphasis, no table breaks."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def path_cell(path: str) -> str:
    """A file path, as code when that is safe."""
    return f"`{path}`" if _PLAIN_PATH.fullmatch(path) else cell(path)


def markdown(reports: list[StoryReport], photos: list[Change]) -> str:
    """The summary in GitHub-flavoured Markdown."""
    lines = ["## Stories in this pull request", ""]
    if not reports and not photos:
        return "\n".join([*lines, "This pull request changes no story.", ""])
    if reports:
        # The columns of story fields carry the contract's titles: the words of the schema's
        # hover help and CONTRIBUTING's table.
        headings = ("Story", "Change", "Shown as", STORY.field("country").title, CONSENT.field("expires").title, "On the site")
        lines += ["| " + " | ".join(headings) + " |", "|" + " --- |" * len(headings)]
    for report in reports:
        change, story = report.change, report.story
        what = change.status + (f" from {path_cell(change.old_path)}" if change.old_path else "")
        shown = cell(story.speaker.heading) if story else ""
        country = cell(story.country.name) if story else ""
        ends = story.consent.expires.isoformat() if story else ""
        lines.append(f"| {path_cell(change.path)} | {what} | {shown} | {country} | {ends} | {cell(report.on_site)} |")
    if photos:
        lines += ["", "Photos: " + "; ".join(f"{photo.status} {path_cell(photo.path)}" for photo in photos) + "."]
    errors = [error for report in reports for error in report.errors]
    if errors:
        lines += ["", "### To fix", "", "Each line is also shown on its file in the pull request's *Files changed* tab.", ""]
        lines += [f"- {path_cell(f'{error.path}:{error.line}')} {cell(f'{error.field}: {error.message}')}"
                  + (f" ({cell(error.hint)})" if error.hint else "") for error in dict.fromkeys(errors)]
    unfinished = [report for report in reports if report.placeholders]
    if unfinished:
        lines += ["", "### Still to fill in", ""]
        lines += [
            f"- {path_cell(report.change.path)}: {', '.join(report.placeholders)} still hold the new-story placeholder"
            for report in unfinished
        ]
    lines += [
        "",
        "The built site and screenshots of the changed story pages are in this run's artifacts. "
        "Reviewers: go through the checklist of the pull request before approving.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the branch or commit the pull request goes into")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project's git checkout (default: this repository)")
    parser.add_argument("--output", type=Path, help="append to this file (default: $GITHUB_STEP_SUMMARY, else stdout)")
    parser.add_argument("--slugs", action="store_true", help="print the added or changed stories' names instead")
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        changes = changed_files(root, args.base)
        if args.slugs:
            names = [
                PurePosixPath(change.path).stem for change in changes
                if is_story(change.path) and change.path.endswith(".yml") and change.status != "removed"
                and (root / change.path).is_file()
            ]
            sys.stdout.write("".join(f"{name}\n" for name in names))
            return 0
        reports = report_stories(root, changes)
    except (SummaryError, TodayError) as error:
        sys.stderr.write(f"{error}\n")
        return 1
    photos = [change for change in changes if _PHOTO.fullmatch(change.path)]
    text = markdown(reports, photos)
    output = args.output or (Path(os.environ["GITHUB_STEP_SUMMARY"]) if os.environ.get("GITHUB_STEP_SUMMARY") else None)
    if output is None:
        sys.stdout.write(text)
    else:
        with output.open("a", encoding="utf-8") as summary:
            summary.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
