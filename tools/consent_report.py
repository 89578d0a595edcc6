"""Every story's consent, soonest expiry first: the comms team's monthly check.

``make consent-report`` runs this. It reads the stories exactly as the build does, and
uses the same "today" (``STORIES_TODAY`` when set). ``--csv`` writes CSV for a
spreadsheet instead of a table.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from storysite.content import load_content  # noqa: E402  (needs the path above)
from storysite.errors import ContentErrors  # noqa: E402
from storysite.selection import TodayError, consent_statuses, today  # noqa: E402

COLUMNS = ("story", "identity", "country", "given", "expires", "scope", "form", "status")


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
        writer.writerows(table)
        return 0
    widths = [max(len(row[i]) for row in [COLUMNS, *table]) for i in range(len(COLUMNS))]
    for row in [COLUMNS, *table]:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
