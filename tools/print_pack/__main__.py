"""``python -m tools.print_pack``: write the print pack, ``print/story-pack.pdf``.

Usage: python -m tools.print_pack [--paper A4|A5] [--out FILE] [--root DIR] [--browser PATH]

"Today" is the build's (``STORIES_TODAY`` when set). Exit status 0 when the pack was
written; 1 when it was not: a content error (reported as the build reports it, file,
line, field and what to type), no story that may be printed, a setting of mkdocs.yml
the build refuses, or a browser that failed. A pack that was not written also removes
the previous one: it may hold a page whose consent has ended since.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from storysite.errors import ContentErrors, PipelineError
from storysite.selection import TodayError, today

from .chromium import DEBIAN_CHROMIUM, PrintError, print_pdf
from .pack import NothingToPrint, Pack, plan_pack
from .render import DEFAULT_PAPER, PAPERS, Paper, pack_files, render_pack
from .site_facts import SettingsError, read_site_facts

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUT = Path("print") / "story-pack.pdf"
NOT_WRITTEN = "no pack was written"


def write_pack(root: Path, out: Path, paper: Paper, browser: Path = DEBIAN_CHROMIUM) -> Pack:
    """Make the pack of the project at ``root`` and write it to ``out`` whole (a pack is
    never left half written). Raises what :func:`plan_pack` and :func:`print_pdf` raise,
    and SettingsError or TodayError."""
    site = read_site_facts(root)
    pack = plan_pack(root, site, today())
    with tempfile.TemporaryDirectory(prefix="print-pack-") as folder:
        html = render_pack(pack, paper, Path(folder))
        pdf = print_pdf(html, pack_files(pack, Path(folder)), browser)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}-{os.getpid()}")
    partial.write_bytes(pdf)
    os.replace(partial, out)
    return pack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.print_pack",
        description="Write the print pack: the stories whose consent allows print, one to a page.",
    )
    parser.add_argument("--paper", choices=sorted(PAPERS), default=DEFAULT_PAPER, help="the sheet size (default: A4)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    parser.add_argument("--out", type=Path, default=None, help="the PDF to write (default: print/story-pack.pdf in the project)")
    parser.add_argument("--browser", type=Path, default=DEBIAN_CHROMIUM, help="the Chromium to print with (default: Debian's)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = args.out if args.out is not None else root / DEFAULT_OUT
    try:
        pack = write_pack(root, out, PAPERS[args.paper], args.browser)
    except ContentErrors as errors:
        return _failed(out, errors.report(NOT_WRITTEN))
    except (NothingToPrint, SettingsError, TodayError, PrintError, PipelineError) as error:
        return _failed(out, f"{error}; {NOT_WRITTEN}")
    count = len(pack.pages)
    sys.stdout.write(
        f"Wrote {out}: {count} {'story' if count == 1 else 'stories'} on {args.paper}, "
        f"consent for the earliest page ends {pack.earliest_end.print_ends_text} ({pack.earliest_end.story.source})\n"
    )
    return 0


def _failed(out: Path, report: str) -> int:
    """Say why, remove the previous pack (it may hold a page whose consent has ended), exit 1."""
    sys.stderr.write(f"{report}\n")
    if out.is_file():
        out.unlink()
        sys.stderr.write(f"The previous {out} was removed: it may hold a page whose consent has ended since.\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
