"""Every story's consent, soonest expiry first: the comms team's monthly check.

``make consent-report`` runs this. It reads the stories exactly as the build does, and
uses the same "today" (``STORIES_TODAY`` when set). ``--csv`` writes CSV for a
spreadsheet instead of a table, with every cell a spreadsheet would run as a formula
turned into text.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from storysite.content import load_content
from storysite.errors import ContentErrors
from storysite.selection import TodayError, consent_statuses, today

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = ("story", "identity", "country", "given", "expires", "scope", "form", "status")
# What makes a spreadsheet read a cell as a formula (=HYPERLINK(...) would be a live link
# in the comms team's sheet), with their full-width forms, which some spreadsheets accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_CONTROLS = ("\t", "\r", "\n")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a cell it would read as a formula
    (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after
    leading spaces) gets a leading ``'``, as OWASP recommends against CSV injection."""
    if cell.startswith(FORMULA_CONTROLS) or cell.lstrip().startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def rows(root: Path) -> list[tuple[str, ...]]:
    """The report's rows for the project at ``root``; raises ContentErrors or TodayError."""
    content = load_content(root)
    return [
        (
            item.story.source, item.story.identity, item.story.country.name,
            item.story.consent.given.isoformat(), item.story.consent.expires.isoformat(),
            ", ".join(item.story.consent.scope), item.story.consent.reference, item.status,
        )
        for item in consent_statuses(content.stories, today())
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    parser.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    args = parser.parse_args(argv)
    try:
        table = rows(args.root)
    except (ContentErrors, TodayError) as error:
        sys.stderr.write(f"{error}\n")
        return 1
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
