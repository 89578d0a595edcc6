"""Build the site into a fresh folder and put it in place only if the build succeeds.

``make build`` runs this. MkDocs itself builds in place: a build that fails half-way
would leave a half-written site/ for a deploy step to publish, and a build with
``--dirty`` would keep files of withdrawn stories. Here the build goes into a new
folder beside site/, strictly (any warning fails it), and replaces site/ only once it
is complete. On failure, site/ is exactly as it was.

Usage: python tools/build_site.py [--site DIR] [--config mkdocs.yml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_into(config: Path, destination: Path) -> int:
    """Run a strict, clean ``mkdocs build`` of ``config`` into ``destination``; its exit code."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(destination)]
    return subprocess.run(command, check=False).returncode


def replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``, removing what was there. Both are on the same disk, so
    each rename is atomic; the old site is removed only after the new one is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the published folder (default: site/)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    args = parser.parse_args(argv)
    site: Path = args.site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-new-", dir=site.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    code = build_into(args.config.resolve(), staging)
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        sys.stderr.write(f"The build failed: {site} was left as it was.\n")
        return code
    replace_folder(staging, site)
    sys.stderr.write(f"Built {site}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
