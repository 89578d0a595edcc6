"""Pin requirements.in into requirements.txt and requirements-dev.in into requirements-dev.txt.

``make lock`` runs this with the virtual environment's Python. The pins must install on
every Python the project supports, from Debian 12's 3.11.2 to 3.14, so they are resolved
for the oldest of them (pip's ``--python-version`` reads each release's Requires-Python,
patch level included) and then checked against each newer one: every pinned release
needs a wheel there, and no newer Python may need a package the pins leave out.

- requirements.txt: the site's packages (``make serve``, ``make build``) and all they pull in.
- requirements-dev.txt: what the tests add (``make test`` installs both files); it holds
  only packages that requirements.txt does not, so the two never disagree.

pip reads environment markers (``; python_version < "3.12"``) for the Python that runs
it, not for ``--python-version``: run ``make lock`` on the oldest Python (Debian 12's) so
that what only old Pythons need is pinned too. Exit status 0 when both files were
written, 1 with pip's error (or the missing package) when a Python cannot install them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLDEST = "3.11.2"  # Debian 12's python3
NEWER = ("3.12", "3.13", "3.14")  # Ubuntu 24.04, Debian 13, the newest release

SITE_HEADER = """\
# Exact versions of everything the site installs (make serve, make build), for Python
# {oldest} to {newest}. Generated from requirements.in by 'make lock'
# (tools/lock_requirements.py): edit requirements.in, not this file.
"""
DEV_HEADER = """\
# Exact versions of what the tests add to requirements.txt (make test installs both), for
# Python {oldest} to {newest}. Generated from requirements-dev.in by 'make lock'
# (tools/lock_requirements.py): edit requirements-dev.in, not this file.
"""


class LockError(Exception):
    """A requirement set that some supported Python cannot install; the message says which."""


def resolve(arguments: Sequence[str], python_version: str) -> dict[str, str]:
    """The releases pip would install for ``arguments`` on ``python_version``: {name: version}.

    Nothing is installed: pip resolves into an unused target folder (``--dry-run``) from
    wheels only, as the target Python's tags and Requires-Python allow.
    """
    with tempfile.TemporaryDirectory(prefix="storysite-lock-") as scratch:
        report = Path(scratch) / "report.json"
        command = [
            sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
            "--disable-pip-version-check", "--quiet", "--target", str(Path(scratch) / "target"),
            "--only-binary", ":all:", "--python-version", python_version, "--report", str(report),
            *arguments,
        ]
        done = subprocess.run(command, cwd=ROOT, check=False)
        if done.returncode != 0:
            raise LockError(f"pip cannot resolve {' '.join(arguments)} for Python {python_version} (its error is above)")
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in installs}


def pin_lines(pins: dict[str, str]) -> str:
    """``name==version`` lines, sorted as pip freeze sorts them (by name, ignoring case)."""
    return "".join(f"{name}=={version}\n" for name, version in sorted(pins.items(), key=lambda pin: pin[0].lower()))


def canonical(name: str) -> str:
    """A project name as package indexes compare them (PEP 503)."""
    return "-".join(name.lower().replace("_", "-").replace(".", "-").split("-"))


def lock(root: Path = ROOT) -> tuple[dict[str, str], dict[str, str]]:
    """Resolve both sets for the oldest Python, check them on the newer ones, write both files.

    Returns the site's pins and the tests' pins. Raises ``LockError`` before writing
    anything when a supported Python cannot install them.
    """
    site = resolve(["-r", str(root / "requirements.in")], OLDEST)
    with tempfile.TemporaryDirectory(prefix="storysite-lock-") as scratch:
        site_file = Path(scratch) / "site.txt"
        site_file.write_text(pin_lines(site), encoding="utf-8")
        everything = resolve(["-r", str(root / "requirements-dev.in"), "-c", str(site_file)], OLDEST)
        site_names = {canonical(name) for name in site}
        dev = {name: version for name, version in everything.items() if canonical(name) not in site_names}
        dev_file = Path(scratch) / "dev.txt"
        dev_file.write_text(pin_lines(dev), encoding="utf-8")
        pinned = {canonical(name) for name in (*site, *dev)}
        for python_version in NEWER:
            needed = resolve(
                ["-r", str(root / "requirements.in"), "-r", str(root / "requirements-dev.in"),
                 "-c", str(site_file), "-c", str(dev_file)],
                python_version,
            )
            missing = sorted(name for name in needed if canonical(name) not in pinned)
            if missing:
                raise LockError(f"Python {python_version} also needs {', '.join(missing)}, which the pins for {OLDEST} leave out")
    words = {"oldest": OLDEST, "newest": NEWER[-1]}
    (root / "requirements.txt").write_text(SITE_HEADER.format(**words) + pin_lines(site), encoding="utf-8")
    (root / "requirements-dev.txt").write_text(DEV_HEADER.format(**words) + pin_lines(dev), encoding="utf-8")
    return site, dev


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.parse_args(argv)
    if sys.version_info[:2] != (3, 11):
        sys.stderr.write(
            f"note: this is Python {sys.version.split()[0]}; pins for what only Python 3.11 needs "
            "(environment markers) are read for the Python that runs the lock\n"
        )
    try:
        site, dev = lock()
    except LockError as error:
        sys.stderr.write(f"make lock: {error}; requirements.txt and requirements-dev.txt are unchanged\n")
        return 1
    sys.stdout.write(f"requirements.txt: {len(site)} pins; requirements-dev.txt: {len(dev)} pins (Python {OLDEST} to {NEWER[-1]})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
