"""Lighthouse scores of the main pages, with the site served gzipped on 127.0.0.1.

Usage: python bench/lighthouse.py [--site site] [--runs 1]

Builds nothing: run ``make build`` first (or pass --site). Serves the folder with gzip,
as any real host would, installs Lighthouse 12 from the npm registry into
``.cache/lighthouse`` the first time, and runs it with its mobile preset (a slow 4G
network and a slowed-down CPU, simulated) against Debian's Chromium. Prints each
page's four scores and the bytes a first visit transfers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = ROOT / ".cache" / "lighthouse"
PAGES = {
    "home": "",
    "stories index": "stories/",
    "story": "stories/obadia-lowiya-steven/",
    "impact": "impact/",
    "country": "countries/nigeria/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files as a static host does: text compressed with gzip when asked."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        """No line per request."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


def lighthouse_command() -> list[str]:
    """The Lighthouse executable, installed from the npm registry on first use."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(TOOLS), f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return [str(binary)]


def audit(url: str, chrome: str) -> dict:
    """Lighthouse's report for ``url`` (mobile preset, the default)."""
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        command = [
            *lighthouse_command(), url, "--output=json", f"--output-path={report}", "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --no-first-run --disable-sync",
        ]
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome})
        return json.loads(report.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--chrome", default="/usr/bin/chromium", help="the browser Lighthouse drives")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.stderr.write(f"{args.site} holds no built site: run `make build` first\n")
        return 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        for name, address in PAGES.items():
            report = audit(base + address, args.chrome)
            scores = [round(report["categories"][category]["score"] * 100) for category in CATEGORIES]
            weight = report["audits"]["total-byte-weight"]["numericValue"]
            failing = [
                audit_id for audit_id, result in report["audits"].items()
                if result.get("score") is not None and result["score"] < 1 and result.get("scoreDisplayMode") == "binary"
            ]
            rows.append((name, *scores, weight, failing))
    finally:
        server.shutdown()
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile preset, served gzipped on 127.0.0.1")
    print(f"{'page':<15}{'perf':>6}{'a11y':>6}{'b.p.':>6}{'seo':>6}{'first visit':>14}")
    for name, perf, a11y, practices, seo, weight, failing in rows:
        print(f"{name:<15}{perf:>6}{a11y:>6}{practices:>6}{seo:>6}{weight / 1000:>11.1f} KB")
        if failing:
            print(f"{'':<15}failing audits: {', '.join(failing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
