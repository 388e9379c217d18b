"""Work spread over the cores: results in order, a failed item failing alone, one process where there is no fork."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading

import pytest

from backmap_site.utils import parallel
from backmap_site.utils.parallel import Ahead, ordered_map

pytestmark = pytest.mark.unit


def test_a_failed_item_fails_alone_and_the_rest_keep_their_places() -> None:
    def task(n: int) -> int:
        if n == 1:
            raise ValueError("one")
        return n * 10

    ahead = Ahead(ordered_map(task, [0, 1, 2, 3]))
    assert ahead[2] == 20 and ahead[0] == 0 and ahead[3] == 30
    with pytest.raises(ValueError, match="one"):
        ahead[1]


WORKERS_FAIL = """
from backmap_site.utils import parallel
from backmap_site.utils.parallel import Ahead, ordered_map
parallel.PARALLEL_FROM = 2

def task(n):
    if n == 1:
        raise ValueError("one")
    return n * 10

ahead = Ahead(ordered_map(task, [0, 1, 2, 3]))
for index in range(4):
    try:
        print(index, ahead[index])
    except Exception as error:
        print(index, type(error).__name__, error)
"""


def test_a_failed_item_on_the_workers_fails_its_index_and_those_after_it() -> None:
    """On the workers (a process without threads, which may fork), results come in order: what follows a
    failure is not done, and says so."""
    run = subprocess.run([sys.executable, "-c", WORKERS_FAIL], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "0 0", "1 ValueError one", "2 RuntimeError an earlier item failed, so this one was not done",
        "3 RuntimeError an earlier item failed, so this one was not done"]


def test_work_stays_in_one_process_where_processes_cannot_fork(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # it never forks here: no worker can inherit a lock
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    pid = os.getpid()
    assert list(ordered_map(lambda n: (n, os.getpid()), [1, 2, 3])) == [(1, pid), (2, pid), (3, pid)]
