"""Spread per-item work over the cores, for the thousands of plans of a statewide site.

Workers are forked, so the task (a closure over the loaded content, the templates) is inherited rather
than pickled; only items and results cross between processes. A caller that must not fork (a process with
threads, or `mkdocs serve`, whose server socket the workers would inherit) passes `parallel=False` or is
recognised by its threads: it works through the items itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 200
"""Below this many items, starting worker processes costs more than it saves."""

_task: Callable | None = None


def _run(item: object) -> object:
    assert _task is not None
    return _task(item)


def ordered_map(task: Callable[[T], R], items: Sequence[T], *, parallel: bool = True,
                caller_works: bool = False) -> Iterator[R]:
    """`task` over `items`, results in order; on the other cores when there are many items.

    Workers start at once and run ahead of the caller; a caller that goes on with its own work meanwhile
    (`caller_works`) keeps a core for it. Working alone, each item is done when it is asked for.
    """
    global _task
    cores = os.cpu_count() or 1
    workers = min(cores - 1 if caller_works else cores, 4)
    if (not parallel or len(items) < PARALLEL_FROM or workers < 1 or cores < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):  # Windows has no fork: one process does all
        return map(task, items)
    _task = task
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        results = cast(Iterator[R], pool.map(_run, items, chunksize=max(1, len(items) // (8 * workers))))  # forks now
    finally:
        _task = None
    return _shutting_down(pool, results, len(items))


def _shutting_down(pool: ProcessPoolExecutor, results: Iterator[R], count: int) -> Iterator[R]:
    """The results; the workers stop as soon as the last one is in, whether or not anyone asks further."""
    with pool:
        for number, result in enumerate(results, 1):
            if number == count:
                pool.shutdown()
            yield result


class Ahead(Generic[R]):
    """The results of `ordered_map`, taken by index whenever they are needed.

    A task that failed fails again for its index only: the results after it stay in their places.
    """

    def __init__(self, results: Iterator[R]) -> None:
        self._results = results
        self._taken: list[R | BaseException] = []

    def __getitem__(self, index: int) -> R:
        while len(self._taken) <= index:
            try:
                self._taken.append(next(self._results))
            except StopIteration:  # the workers stopped at an earlier failure
                self._taken.append(RuntimeError("an earlier item failed, so this one was not done"))
            except Exception as exc:
                self._taken.append(exc)
        result = self._taken[index]
        if isinstance(result, BaseException):
            raise result
        return result
