"""Progress bars for long runs, on a terminal only: never in CI logs or piped output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")
MINIMUM = 200
"""Fewer items than this finish too fast for a bar to help."""


def interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def track(items: Iterable[T], label: str, length: int, minimum: int = MINIMUM) -> Iterator[T]:
    """Yield the `length` items, drawing a bar on stderr meanwhile (when there are `minimum` or more)."""
    if length < minimum or not interactive():
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar
