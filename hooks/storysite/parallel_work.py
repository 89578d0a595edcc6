"""Cold work spread over the processor's cores, with progress reported as it goes."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .errors import PipelineError


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


def pool_pays(workers: int, tasks: int) -> bool:
    """Whether :func:`run_parallel` uses worker processes for ``tasks`` tasks."""
    return workers > 1 and tasks > 1 and "fork" in multiprocessing.get_all_start_methods()


def run_parallel(
    tasks: Sequence[tuple[Any, ...]], function: Callable[..., Any], workers: int,
    on_result: Callable[[int, Any], None],
) -> None:
    """Call ``function(*task)`` for each task, in worker processes when that pays.

    ``on_result(index, result)`` runs in this process as each task finishes. Processes
    are forked: the hook modules are importable only while MkDocs loads them, so a
    freshly spawned interpreter could not import this module. Where fork does not
    exist (Windows) the work runs here, one task after the other.
    """
    if pool_pays(workers, len(tasks)):
        context = multiprocessing.get_context("fork")
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
