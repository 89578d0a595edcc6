"""Every story's consent, soonest expiry first: the comms team's monthly check.

``make consent-report`` runs this. It reads the stories exactly as the build does, and
uses the same "today" (``STORIES_TODAY`` when set). ``--csv`` writes CSV for a
spreadsheet instead of a table, with every cell a spreadsheet would run as a formula
turned into text. ``--within DAYS`` keeps only the published stories whose consent ends
within DAYS days; ``--markdown`` writes a Markdown table with a heading, which the
publish workflow's daily run adds to its job summary (``--within 30 --markdown``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from storysite.content import load_content
from storysite.errors import ContentErrors
from storysite.selection import TodayError, consent_statuses, today, why_not_published
# The one guard against CSV injection, shared with the open figures (impact/figures.csv).
from storysite.spreadsheet_cells import spreadsheet_safe

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = ("story", "identity", "country", "given", "expires", "scope", "form", "status")
# A job summary is read by everyone who can see the workflow's runs: only what the
# reminder needs, no form reference and no date about the person.
MARKDOWN_COLUMNS = ("story", "country", "expires", "status")
__all__ = ["COLUMNS", "MARKDOWN_COLUMNS", "spreadsheet_safe", "rows", "markdown", "unavailable", "main"]


def rows(root: Path, within: int | None = None) -> list[tuple[str, ...]]:
    """The report's rows for the project at ``root``: every story, or with ``within``
    only those published today whose consent ends within that many days. Raises
    ContentErrors or TodayError."""
    content = load_content(root)
    on = today()
    return [
        (
            item.story.source, item.story.identity, item.story.country.name,
            item.story.consent.given.isoformat(), item.story.consent.expires.isoformat(),
            ", ".join(item.story.consent.scope), item.story.consent.reference, item.status,
        )
        for item in consent_statuses(content.stories, on)
        if within is None or _ends_within(item.story.consent.expires, on, within) and why_not_published(item.story, on) is None
    ]


def _ends_within(expires: dt.date, on: dt.date, days: int) -> bool:
    return (expires - on).days <= days


def _markdown_cell(cell: str) -> str:
    # A pipe would end the cell and <name> would be read as a tag in GitHub's summary.
    return " ".join(cell.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def markdown(table: list[tuple[str, ...]], within: int | None) -> str:
    """The report as Markdown: a heading, then the table or a sentence saying it is empty."""
    heading = f"Consent ending within {within} days" if within is not None else "Consent of every story"
    lines = [f"### {heading}", ""]
    if not table:
        lines.append("No story’s consent ends in that time." if within is not None else "There are no stories.")
    else:
        shown = [COLUMNS.index(column) for column in MARKDOWN_COLUMNS]
        lines += ["| " + " | ".join(MARKDOWN_COLUMNS) + " |", "|" + " --- |" * len(shown)]
        lines += ["| " + " | ".join(_markdown_cell(row[index]) for index in shown) + " |" for row in table]
        if within is not None:
            lines += ["", "Renew each consent with the person (a new form) before it ends, or the story goes offline that day."]
    return "\n".join(lines) + "\n"


def unavailable(within: int | None) -> str:
    """The Markdown said instead of the table when the stories cannot be read."""
    heading = f"Consent ending within {within} days" if within is not None else "Consent of every story"
    return (
        f"### {heading}\n\nThis list could not be made today: the stories have content errors (the run’s log "
        "lists them, file and line). Fix them, and the list comes back with the next run.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    output.add_argument("--markdown", action="store_true", help="write a Markdown table (for a job summary)")
    parser.add_argument(
        "--within", type=int, metavar="DAYS", help="only published stories whose consent ends within DAYS days",
    )
    args = parser.parse_args(argv)
    if args.within is not None and args.within < 0:
        parser.error("--within takes a number of days, 0 or more")
    try:
        table = rows(args.root, args.within)
    except (ContentErrors, TodayError) as error:
        sys.stderr.write(f"{error}\n")
        if args.markdown:
            # The job summary is where the comms team looks: say there that the reminder
            # is missing, rather than leave it empty as if nothing ended soon.
            sys.stdout.write(unavailable(args.within))
        return 1
    if args.markdown:
        sys.stdout.write(markdown(table, args.within))
        return 0
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(COLUMNS)
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in table)
        return 0
    widths = [max(len(row[i]) for row in [COLUMNS, *table]) for i in range(len(COLUMNS))]
    for row in [COLUMNS, *table]:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
