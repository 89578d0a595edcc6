"""The PDF, printed by Debian's Chromium (driven by Playwright), with the network shut.

The browser runs without JavaScript and may load only the files it is given: every
other request, a web address or any other file, is refused, and a refused request
fails the pack (the templates make none: one would be a fault to fix, not to hide).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Route, sync_playwright

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Chromium must not call home (updates, sync, field trials) nor reach the network.
CHROMIUM_ARGS = (
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--no-first-run", "--disable-quic", "--disable-gpu",
)
# Chromium refuses to start as root with its sandbox (containers, CI images); the page
# it opens is the pack's own HTML, without JavaScript and without the network.
AS_ROOT_ARGS = ("--no-sandbox",)
LOAD_TIMEOUT_MS = 120_000


class PrintError(Exception):
    """The browser is missing, failed, or was asked for something not in the pack."""


def local_path(url: str) -> Path | None:
    """The file a ``file:`` address names, or None for any other address."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(unquote(parts.path))


def print_pdf(html: Path, allowed: Collection[Path], browser: Path = DEBIAN_CHROMIUM) -> bytes:
    """The PDF of ``html``, its page size taken from its CSS ``@page`` rule.

    Only the files of ``allowed`` (resolved paths, ``html`` among them) are loaded.
    Raises :class:`PrintError` when the browser is missing or fails, or when the page
    asked for anything else.
    """
    if not browser.is_file():
        raise PrintError(f"{browser} is missing: install Debian's chromium (sudo apt-get install chromium)")
    allowed_files = frozenset(path.resolve() for path in allowed)
    refused: list[str] = []

    def only_the_pack(route: Route) -> None:
        path = local_path(route.request.url)
        if path is not None and path.resolve() in allowed_files:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("blockedbyclient")

    args = [*CHROMIUM_ARGS, *(AS_ROOT_ARGS if os.geteuid() == 0 else ())]
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(browser), args=args)
            try:
                context = launched.new_context(java_script_enabled=False, offline=True)
                context.route("**/*", only_the_pack)
                page = context.new_page()
                page.goto(html.resolve().as_uri(), wait_until="load", timeout=LOAD_TIMEOUT_MS)
                # A web font loads when text needing it is laid out, which the load event
                # does not wait for: printed before its fonts, a pack on a machine with no
                # other font (a minimal Debian) has no text at all (seen once on Debian 12
                # under load). Every face the pack declares is loaded first; one that
                # cannot be is an error, as any missing file of the pack.
                page.evaluate("Promise.all([...document.fonts].map((face) => face.load())).then(() => null)")
                pdf = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
            finally:
                launched.close()
    except PlaywrightError as error:
        raise PrintError(f"Chromium could not print the pack: {error.message}") from None
    if refused:
        raise PrintError("the pack asked for something that is not one of its files: " + ", ".join(sorted(set(refused))))
    return pdf
