"""Screenshots of story pages of a built site, for reviewing a pull request without publishing it.

The pull-request workflow runs this after ``make build`` for the stories the pull request
adds or changes (``--base``) and uploads the pictures as an artifact of the run: reviewers
see each page on a phone and on a desktop, and an unreviewed testimony is never put on a
public preview site. A story that is not published (expired consent, withdrawn, no web
scope) has no page; it is listed as such, which is not an error.

The site is served from a local address for the browser, as a static host would serve it.
The browser is Debian's Chromium (/usr/bin/chromium) where installed, else Playwright's own.

Usage: python tools/story_screenshots.py --site site --out screenshots (--base REF | SLUG ...)
                                         [--browser PATH] [--root DIR]
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tools.pr_summary import ROOT, SummaryError, changed_files, is_story

# A small phone and a laptop: the two screens most supporters read on.
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# The pages make no request to another site; these keep Chromium itself from calling home
# (updates, sync, field trials), which a closed network refuses and which is noise anyway.
CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--no-first-run", "--disable-quic",
]


class ScreenshotError(Exception):
    """A story's page exists in the site but did not load."""


@dataclass(frozen=True)
class Shot:
    """One screenshot written, or the reason a story has none."""

    slug: str
    file: Path | None
    note: str = ""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (the base class's name)
        """Requests are not worth a line each in the job's log."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free local port for the duration; yields the base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def screenshots(site: Path, out: Path, slugs: list[str], browser_path: Path | None) -> list[Shot]:
    """Full-page PNGs ``<slug>-<viewport>.png`` in ``out`` of each story's page in ``site``.

    Raises :class:`ScreenshotError` when a page that exists does not load, and Playwright's
    ``Error`` when the browser cannot be started.
    """
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Shot] = []
    published = [slug for slug in slugs if (site / "stories" / slug / "index.html").is_file()]
    shots += [Shot(slug, None, "not published: the site has no page for it") for slug in slugs if slug not in published]
    if not published:
        return shots
    with serve(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(browser_path) if browser_path else None, args=CHROMIUM_ARGS
        )
        try:
            for slug in published:
                for label, (width, height) in VIEWPORTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    response = page.goto(f"{address}stories/{slug}/", wait_until="load")
                    if response is None or response.status != 200:
                        raise ScreenshotError(f"stories/{slug}/ answered {response.status if response else 'nothing'}")
                    file = out / f"{slug}-{label}.png"
                    page.screenshot(path=str(file), full_page=True)
                    page.close()
                    shots.append(Shot(slug, file))
        finally:
            browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="story names, e.g. monday")
    parser.add_argument("--base", help="take the stories a pull request into this branch or commit adds or changes")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "test-artifacts" / "story-screenshots",
        help="where the PNGs go (default: test-artifacts/story-screenshots/, which git ignores)",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the git checkout, for --base")
    parser.add_argument("--browser", type=Path, help="a Chromium binary (default: /usr/bin/chromium if present)")
    args = parser.parse_args(argv)
    slugs: list[str] = list(args.slugs)
    try:
        if args.base:
            slugs += [
                Path(change.path).stem for change in changed_files(args.root, args.base)
                if is_story(change.path) and change.path.endswith(".yml") and change.status != "removed"
            ]
    except SummaryError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    browser = args.browser or (DEBIAN_CHROMIUM if DEBIAN_CHROMIUM.exists() else None)
    try:
        shots = screenshots(args.site, args.out, list(dict.fromkeys(slugs)), browser)
    except (ScreenshotError, PlaywrightError) as error:
        sys.stderr.write(f"Could not take the screenshots: {error}\n")
        return 1
    if not shots:
        sys.stdout.write("No story pages to photograph.\n")
    for shot in shots:
        sys.stdout.write(f"{shot.slug}: {shot.file if shot.file else shot.note}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
