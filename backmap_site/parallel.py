"""Spread per-item work over the cores, for the thousands of plans of a statewide site.

Workers are forked, so the task (a closure over the loaded content, the templates) is inherited rather
than pickled; only items and results cross between processes. A process with threads (`mkdocs serve`)
is never forked: it works through the items itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 200
"""Below this many items, starting worker processes costs more than it saves."""

_task: Callable | None = None


def _run(item: object) -> object:
    assert _task is not None
    return _task(item)


def ordered_map(task: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """`task` over `items`, results in order; on every core when there are many items."""
    global _task
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        yield from map(task, items)
        return
    _task = task
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_run, items, chunksize=max(1, len(items) // (8 * workers)))
    finally:
        _task = None
