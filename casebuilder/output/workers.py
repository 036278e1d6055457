"""Run independent renders on several cores, sharing what the parent has already loaded.

Rendering is WeasyPrint-bound and single-threaded, so documents are rendered by worker processes.
On Linux the workers are *forked* once the parent has loaded and checked the case, imported
WeasyPrint and warmed its fonts and templates: each worker starts with all of that in memory
(shared copy-on-write, frozen out of the garbage collector's sight so that it stays shared), and a
task is just a number. Elsewhere (no ``fork``), or with one job, tasks run in the parent, one after
the other.

Cyclic garbage is collected in batches (:class:`BatchedCollector`). Workers ignore Ctrl-C: the
parent alone receives it, stops the workers and lets the caller finish
cleanly (every file already written stays whole; nothing a worker was doing is written). Workers
are replaced every ``recycle`` tasks, so that memory cannot creep over a run of thousands.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import traceback
from typing import Any, Callable, Iterator

_TASK: Callable[[int], Any] | None = None


def available_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether workers can inherit the parent's memory (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class BatchedCollector:
    """Collects cyclic garbage in batches rather than after every allocation burst.

    A laid-out WeasyPrint document is a large graph of cycles (boxes point to their parents); with
    the garbage collector on, its automatic passes over and over again walk those graphs while the
    next document is being built, about a tenth of the render time of a small document. With the
    collector off during a run of renders and one full collection each time the process has grown
    by ``budget_mb`` since the last one, the same memory is reclaimed for a fraction of the cost,
    and memory stays bounded whatever the size of the documents.
    """

    def __init__(self, budget_mb: int = 150):
        self.budget = budget_mb * 1024 * 1024
        self.base: int | None = None
        self.count = 0

    def before(self) -> None:
        """Call before a task."""
        gc.disable()
        if self.base is None:
            self.base = _resident()

    def after(self) -> None:
        """Call after a task: collect when the process has grown by the budget (or every 5 tasks
        where the resident size cannot be read)."""
        self.count += 1
        now = _resident()
        if (now and self.base is not None and now - self.base > self.budget) or (not now and self.count % 5 == 0):
            gc.collect()
            self.base = _resident()


def _resident() -> int:
    """This process's resident memory in bytes (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


_COLLECTOR = BatchedCollector()


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(index: int) -> tuple[int, str, Any]:
    _COLLECTOR.before()
    try:
        assert _TASK is not None, "run_tasks sets the task before any worker starts"
        return index, "ok", _TASK(index)
    except BaseException:  # a bug in a worker: report it with its traceback, in the parent
        return index, "bug", traceback.format_exc()
    finally:
        _COLLECTOR.after()


class WorkerError(RuntimeError):
    """A task failed with an unexpected exception in a worker (its traceback is the message)."""


def run_tasks(task: Callable[[int], Any], count: int, jobs: int = 1, *, recycle: int = 40) -> Iterator[tuple[int, Any]]:
    """Run ``task(i)`` for every ``i`` below ``count``; yield ``(i, result)`` as each finishes.

    With ``jobs`` > 1 (and fork available), tasks run in that many forked workers and results arrive in
    the order they finish; ``task`` and its results must be picklable only on the way back (the result).
    Stopping the iteration early, or an exception (Ctrl-C included), stops the workers at once.
    """
    global _TASK
    jobs = max(1, min(jobs, count))
    if jobs == 1 or not can_fork():
        collector, enabled = BatchedCollector(), gc.isenabled()
        try:
            for index in range(count):
                collector.before()
                result = task(index)
                collector.after()
                yield index, result
        finally:
            if enabled:
                gc.enable()
        return
    _TASK = task
    gc.collect()
    gc.freeze()  # what the parent loaded stays untouched (and shared) in the workers
    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_worker_init, maxtasksperchild=recycle)
    finished = False
    try:
        for index, status, value in pool.imap_unordered(_run, range(count), chunksize=1):
            if status == "bug":
                raise WorkerError(value)
            yield index, value
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()
        gc.unfreeze()
        _TASK = None


def warm_renderer(day) -> None:
    """Import WeasyPrint and lay out a line of text once, so that forked workers start warm
    (the import alone takes about a second, the first layout loads the fonts)."""
    from casebuilder.render.pdf import PdfMetadata, render_pdf

    render_pdf("<html lang='en'><body><p>casebuilder</p></body></html>", case_root=None,
               metadata=PdfMetadata(title="warm-up", date=day), tagged=False, variant=None)
