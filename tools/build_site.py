"""Build the site so that no failure ever keeps a lapsed story online, and put it in place.

``make build`` runs this, and the publish workflow deploys the ``site/`` it leaves:

1. A strict, clean ``mkdocs build`` into a fresh staging folder beside site/
   (``.site-new-*``). When it succeeds, it takes the place of site/: exit status 0.
2. When it fails (MkDocs has already printed the full report), a safe build into another
   fresh staging folder: the same clean build, without ``--strict``, with
   ``STORYSITE_SAFE_MODE=1``, in which the hooks leave out every story, photo and page
   that has an error and publish only the stories that pass every check and may be
   published today. When it succeeds, it takes the place of site/: exit status 1.
3. When the safe build fails too (a broken theme template, a bad mkdocs.yml), site/
   becomes the holding page of ``tools/holding_page/`` (no theme, no script, no story):
   exit status 2.

The previous site/ never survives a failed build: it may hold a story whose consent has
ended since. There is always a site/: the swap is one atomic exchange where the OS has
one (Linux's renameat2), else two renames, and a build that finds no site/ but a
``.site-old-*`` (a build killed between the two renames) restores it first.

Staging folders are removed on every way out. SIGINT and SIGTERM stop MkDocs, remove them
and exit with 130 or 143, leaving site/ as it was (the next build decides what it
holds). A SIGKILL leaves them behind; the next build removes them. One build of a site
at a time: a second one waits on the lock file ``.site.lock`` beside site/; exit status 3
when it gave up waiting (after ``--wait`` seconds) or could not make the lock file, with
nothing changed. Exit status 2 also when no site could be put in place: site/ is then
taken down.

Usage: python tools/build_site.py [--site DIR] [--config mkdocs.yml] [--wait SECONDS]
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
HOLDING_PAGE = Path(__file__).resolve().parent / "holding_page" / "index.html"
SAFE_MODE_VARIABLE = "STORYSITE_SAFE_MODE"

BUILT = 0
SAFE_BUILD_PUBLISHED = 1
HOLDING_PAGE_PUBLISHED = 2
NOT_STARTED = 3
STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM)

SAFE_BUILD_SAYS = (
    "The build failed (see above). Published instead: a safe build that leaves out what failed; "
    "fix the errors above."
)

Say = Callable[[str], None]


def tell(message: str) -> None:
    """Tell the person running the build (standard error, where MkDocs' log goes too)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class SitePaths:
    """The published folder and the files a build keeps beside it, in the same folder (so
    that every rename between them stays on one disk, and is atomic)."""

    site: Path

    @property
    def parent(self) -> Path:
        return self.site.parent

    @property
    def lock(self) -> Path:
        return self.parent / f".{self.site.name}.lock"

    @property
    def previous_site(self) -> Path:
        """Where this build moves the previous site/ when the OS has no atomic exchange."""
        return self.parent / f"{self.old_prefix}{os.getpid()}"

    @property
    def staging_prefix(self) -> str:
        return f".{self.site.name}-new-"

    @property
    def old_prefix(self) -> str:
        return f".{self.site.name}-old-"

    def leftovers(self, prefix: str) -> list[Path]:
        """The folders named ``prefix*`` beside site/, newest first."""
        found = [path for path in self.parent.glob(f"{prefix}*") if path.is_dir() and not path.is_symlink()]
        return sorted(found, key=lambda path: path.stat().st_mtime, reverse=True)


# --- The MkDocs builds ---------------------------------------------------------------------

def mkdocs_command(config: Path, destination: Path, *, strict: bool) -> list[str]:
    """The clean ``mkdocs build`` of ``config`` into ``destination``; strict unless the safe build.
    Never ``--dirty``: a reused folder keeps the pages of withdrawn stories."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(destination)]
    return [*command, "--strict"] if strict else command


def build_environment(base: Mapping[str, str], *, safe: bool) -> dict[str, str]:
    """``base`` with the safe mode switched on (safe build) or off (strict build, even when
    the caller's environment has it)."""
    env = {name: value for name, value in base.items() if name != SAFE_MODE_VARIABLE}
    if safe:
        env[SAFE_MODE_VARIABLE] = "1"
    return env


def build_into(config: Path, destination: Path, *, strict: bool = True, lock_fd: int | None = None) -> int:
    """Run one ``mkdocs build`` into ``destination``, its output on this terminal; its exit code.

    MkDocs inherits the lock (``lock_fd``): if this script is killed, the next build still
    waits until this MkDocs has stopped writing into its staging folder. If this script
    is interrupted, MkDocs is stopped before the interruption goes on.
    """
    command = mkdocs_command(config, destination, strict=strict)
    env = build_environment(os.environ, safe=not strict)
    process = subprocess.Popen(command, env=env, pass_fds=() if lock_fd is None else (lock_fd,))
    try:
        return process.wait()
    finally:
        if process.poll() is None:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask ``process`` to stop, and make it stop if it has not within a few seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- Putting a folder in place of site/ ----------------------------------------------------

AT_FDCWD = -100
RENAME_EXCHANGE = 2
NO_EXCHANGE_HERE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2, or None where there is none (not Linux, an old or another C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def exchange(first: Path, second: Path) -> bool:
    """Swap ``first`` and ``second`` (both existing) in one atomic step; False, with nothing
    changed, where the OS or the file system cannot (the caller then renames twice)."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE_HERE:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (they are delivered right after)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def put_in_place(new: Path, paths: SitePaths) -> Path | None:
    """Make the folder ``new`` the site; return where the previous site now is (to remove),
    or None when there was none.

    With an atomic exchange there is no moment without a site/. Without one, a kill
    between the two renames leaves the previous site in ``.site-old-*``, which the next
    build restores first. Interruptions wait until the swap is done.
    """
    site = paths.site
    with signals_held():
        if not os.path.lexists(site):
            os.rename(new, site)
            return None
        if exchange(new, site):
            return new
        old = paths.previous_site
        os.rename(site, old)
        os.rename(new, site)
        return old


def remove_tree(path: Path) -> None:
    """Remove a folder (or a link) if it is there; say so when it cannot be removed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
        if path.exists():
            tell(f"Could not remove {path}: remove it by hand.")


def recover_leftovers(paths: SitePaths, say: Say) -> None:
    """Undo what a killed build left beside site/ (call it holding the lock).

    No site/ but a previous one in ``.site-old-*`` (killed between two renames): it is
    restored, so that there is a site/ while this build runs. Staging folders and other
    previous sites are removed: no later withdrawal would ever clean them.
    """
    olds = paths.leftovers(paths.old_prefix)
    if olds and not os.path.lexists(paths.site):
        os.rename(olds[0], paths.site)
        say(f"Restored {paths.site} from {olds[0].name}, left by a build that was stopped half-way.")
    for leftover in [*paths.leftovers(paths.old_prefix), *paths.leftovers(paths.staging_prefix)]:
        remove_tree(leftover)


# --- One build at a time -------------------------------------------------------------------

class NotStarted(Exception):
    """The build could not start (another build held the lock for longer than this one
    would wait, or the lock file cannot be made); nothing was changed."""


def _holder(fd: int) -> str:
    """The pid written in the lock file by the build that holds it ("unknown" when not yet)."""
    try:
        written = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return "unknown"
    return written if written.isdigit() else "unknown"


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def build_lock(paths: SitePaths, *, wait_seconds: float | None, say: Say) -> Iterator[int]:
    """Hold the lock of this site for the block; yields the lock file's descriptor.

    A build that finds the lock taken says who holds it and waits, at most ``wait_seconds``
    (None: as long as it takes), else raises GaveUpWaiting. The lock file stays in place:
    removing it would let a third build lock a new file while a second still waits on the old.
    """
    try:
        paths.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise NotStarted(f"could not make the lock file {paths.lock} ({error}); nothing was changed") from None
    try:
        if not _try_lock(fd):
            holder = _holder(fd)
            say(f"another build of {paths.site} is running (pid {holder}); waiting for it")
            started = time.monotonic()
            while not _try_lock(fd):
                waited = time.monotonic() - started
                if wait_seconds is not None and waited >= wait_seconds:
                    raise NotStarted(
                        f"gave up after waiting {waited:.0f} s for the build of {paths.site} by pid {holder}; "
                        f"nothing was changed (run it again once that build has finished, or give --wait SECONDS)"
                    )
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield fd
    finally:
        os.close(fd)  # releases the lock, unless an orphaned MkDocs still holds it


# --- Interruptions -------------------------------------------------------------------------

class Interrupted(Exception):
    """SIGINT or SIGTERM arrived; the build stops after cleaning up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def interruptible() -> Iterator[None]:
    """The first SIGINT or SIGTERM raises Interrupted; later ones are ignored, so that they
    cannot cut the clean-up short."""
    interrupted = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal interrupted
        if interrupted:
            return
        interrupted = True
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, handler) for signum in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for signum, handling in previous.items():
            signal.signal(signum, handling)


# --- The build -----------------------------------------------------------------------------

@dataclass
class SiteBuild:
    """One run of ``make build`` on one site, holding its lock (``lock_fd``)."""

    paths: SitePaths
    config: Path
    lock_fd: int
    say: Say
    made: list[Path] = field(default_factory=list)  # our folders beside site/, to remove

    def staging(self) -> Path:
        """A fresh, empty staging folder beside site/, readable by a web server."""
        folder = Path(tempfile.mkdtemp(prefix=self.paths.staging_prefix, dir=self.paths.parent))
        self.made.append(folder)
        folder.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
        return folder

    def build(self, *, strict: bool) -> Path | None:
        """A build into a fresh staging folder: the folder, or None when the build failed."""
        folder = self.staging()
        if build_into(self.config, folder, strict=strict, lock_fd=self.lock_fd) == 0:
            return folder
        remove_tree(folder)
        return None

    def publish(self, folder: Path) -> None:
        """Put ``folder`` in place of site/ and remove the previous site."""
        # Listed before the swap: an interruption right after it must still remove it.
        self.made.append(self.paths.previous_site)
        put_in_place(folder, self.paths)  # after an exchange, ``folder`` (listed) holds the previous site
        self.clean_up()

    def holding_page(self) -> Path:
        """A staging folder holding the holding page, as the home page and the 404 page."""
        folder = self.staging()
        for name in ("index.html", "404.html"):
            shutil.copyfile(HOLDING_PAGE, folder / name)
            (folder / name).chmod(0o644)
        return folder

    def run(self) -> int:
        """Steps 1 to 3 of this module's contract; the exit status."""
        built = self.build(strict=True)
        if built is not None:
            self.publish(built)
            self.say(f"Built {self.paths.site}")
            return BUILT
        self.say(f"The build failed (see above). Building a safe site that leaves out what failed ({SAFE_MODE_VARIABLE}=1):")
        safe = self.build(strict=False)
        if safe is not None:
            self.publish(safe)
            self.say(SAFE_BUILD_SAYS)
            return SAFE_BUILD_PUBLISHED
        self.publish(self.holding_page())
        self.say(
            f"The build failed, and so did the safe build (see above): {self.paths.site} now holds only "
            "the holding page (\"This site is being updated\"), with no story; fix the errors above."
        )
        return HOLDING_PAGE_PUBLISHED

    def withdraw_site(self) -> None:
        """Take site/ down when nothing could be put in its place: it may hold a lapsed story."""
        # Named as a staging folder, never as a previous site: no later build restores it.
        away = self.paths.parent / f"{self.paths.staging_prefix}withdrawn-{os.getpid()}"
        self.made.append(away)
        try:
            if os.path.lexists(self.paths.site):
                os.rename(self.paths.site, away)
        except OSError as error:
            self.say(f"Could not take {self.paths.site} down either ({error}): remove it by hand before publishing.")

    def clean_up(self) -> None:
        """Remove every staging folder and previous site this build made (idempotent)."""
        while self.made:
            remove_tree(self.made.pop())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the published folder (default: site/)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="the site's mkdocs.yml")
    parser.add_argument("--wait", type=float, default=1800, metavar="SECONDS",
                        help="how long to wait for another build of the same site (default: 1800)")
    args = parser.parse_args(argv)
    paths = SitePaths(args.site.absolute())
    with interruptible():
        build: SiteBuild | None = None
        try:
            with build_lock(paths, wait_seconds=args.wait, say=tell) as lock_fd:
                build = SiteBuild(paths, args.config.resolve(), lock_fd, tell)
                try:
                    recover_leftovers(paths, tell)
                    return build.run()
                except OSError as error:
                    # When in doubt, leave it out: no new site could be put in place, so
                    # the previous one (perhaps with a lapsed story) must not stay.
                    tell(f"The build could not put a site in place ({error}); {paths.site} was taken down.")
                    build.withdraw_site()
                    return HOLDING_PAGE_PUBLISHED
                finally:
                    build.clean_up()
        except NotStarted as not_started:
            tell(str(not_started))
            return NOT_STARTED
        except Interrupted as interruption:
            if build is not None:
                build.clean_up()
            tell(f"The build was interrupted ({interruption}); {paths.site} was left as it was.")
            return 128 + interruption.signum


if __name__ == "__main__":
    sys.exit(main())
