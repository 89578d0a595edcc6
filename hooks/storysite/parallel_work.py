"""Cold work spread over the processor's cores, with progress reported as it goes.

Worker processes never fork the process that asks for them: ``mkdocs serve`` runs threads
(its web server, the file watcher), and a fork of a threaded process can deadlock (Python
3.12 warns of it; 3.14 no longer forks by default). On Linux the workers come from a
*forkserver*, a small single-threaded process started once per process that forks them;
elsewhere each worker is a fresh interpreter (*spawn*). Either way a worker imports the
function it runs by its module's name (``storysite.photos``), which the project's install
(pyproject.toml) makes possible from any process.

A worker therefore runs the ``storysite`` that a fresh interpreter finds, not necessarily the
files this process loaded: a copied project (tests, ``bench/build_benchmark.py --commit``)
or a file edited while ``mkdocs serve`` runs would give it other code. The pool is used only
when that package's files are byte for byte the ones this process loaded
(:func:`workers_run_this_code`); otherwise the work stays in this process.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from .errors import PipelineError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """How far cold work has come, for a progress line."""

    stage: str  # "photos", "share images"
    done: int
    total: int
    elapsed_s: float

    @property
    def rate(self) -> float:
        """Items per second so far."""
        return self.done / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def __str__(self) -> str:
        return f"{self.stage}: {self.done}/{self.total} done, {self.rate:.1f} per second"


ProgressCallback = Callable[[Progress], None]


def default_workers() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def package_digest(folder: Path) -> str:
    """The sha256 of every file under a package folder (its path and its bytes), caches left out."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.relative_to(folder).parts:
            digest.update(f"{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


_PACKAGE = __name__.rpartition(".")[0]  # "storysite"
# Taken as the package is imported (MkDocs imports it whole when it loads the hook file).
_LOADED = package_digest(Path(__file__).resolve().parent)


def fresh_import_folder(package: str = _PACKAGE) -> Path | None:
    """The folder a new interpreter would import ``package`` from, or None when it would find none.

    Asks the import system's finders as ``import`` does, skipping ``sys.modules`` (which
    holds this process's own copy) and with this process's ``sys.path`` (which workers get).
    """
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec(package, None) if find_spec is not None else None
        if spec is not None:
            locations = spec.submodule_search_locations
            return Path(next(iter(locations))).resolve() if locations else None
    return None


def workers_run_this_code() -> bool:
    """Whether worker processes would import byte for byte the ``storysite`` this process loaded."""
    folder = fresh_import_folder()
    if folder is None:
        log.debug("no worker process: a new interpreter would not find %s", _PACKAGE)
        return False
    if package_digest(folder) != _LOADED:
        log.debug("no worker process: %s differs from the %s this process loaded", folder, _PACKAGE)
        return False
    return True


def worker_context() -> BaseContext:
    """How worker processes start: from a forkserver on Linux, as fresh interpreters elsewhere."""
    if sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def pool_pays(workers: int, tasks: int) -> bool:
    """Whether :func:`run_parallel` uses worker processes for ``tasks`` tasks.

    Only for several tasks and cores, and only when the workers would run this code.
    """
    return workers > 1 and tasks > 1 and workers_run_this_code()


def run_parallel(
    tasks: Sequence[tuple[Any, ...]], function: Callable[..., Any], workers: int,
    on_result: Callable[[int, Any], None],
) -> None:
    """Call ``function(*task)`` for each task, in worker processes when that pays.

    ``on_result(index, result)`` runs in this process as each task finishes. ``function``
    must be a module-level function of this package or the standard library (workers
    import it by its module's name), the
    tasks and results must pickle, and a script that calls this must start from
    ``if __name__ == "__main__":`` (workers import the main module, as ``multiprocessing``
    does without fork). Without a pool (see :func:`pool_pays`) the work runs here, one
    task after the other.
    """
    if pool_pays(workers, len(tasks)):
        context = worker_context()
        if context.get_start_method() == "forkserver":
            # The forkserver imports the main module (as it does by default) and the worker's
            # module once, so that the workers it forks have both already instead of each
            # importing them (it takes effect when the server starts: a process's first pool).
            context.set_forkserver_preload(["__main__", function.__module__])
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
            futures: dict[Future[Any], int] = {pool.submit(function, *task): index for index, task in enumerate(tasks)}
            try:
                for future in as_completed(futures):
                    on_result(futures[future], future.result())
            except BrokenProcessPool as error:
                raise PipelineError(f"a worker process stopped unexpectedly (out of memory?): {error}") from error
        return
    for index, task in enumerate(tasks):
        on_result(index, function(*task))


class ProgressReporter:
    """Calls back at most every ``interval`` seconds, and always for the last item."""

    def __init__(self, stage: str, total: int, callback: ProgressCallback | None, interval: float) -> None:
        self.stage, self.total, self.callback, self.interval = stage, total, callback, interval
        self.started = time.perf_counter()
        self.last_report = self.started
        self.done = 0

    def advance(self) -> None:
        """Count one more item done."""
        self.done += 1
        now = time.perf_counter()
        if self.callback is not None and (self.done == self.total or now - self.last_report >= self.interval):
            self.last_report = now
            self.callback(Progress(self.stage, self.done, self.total, now - self.started))
