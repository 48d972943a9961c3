"""How much work the PDF engine did in this process: WeasyPrint layouts (HTML.render) and PDF writes, counted and
timed (CPU seconds) where pdf.py calls them, and what the layouts were for (an article's layout decided afresh, or
the decisions of an earlier one replayed; how many made a typesetting decision that was kept), for the benchmark
(tools/benchmark.py) and never for an output."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

_COUNTS: Counter[str] = Counter()


@contextmanager
def counted(name: str) -> Iterator[None]:
    """One more `name` ("layouts", "writes"), and its CPU seconds under "<name> seconds"."""
    started = time.process_time()
    try:
        yield
    finally:
        _COUNTS[name] += 1
        _COUNTS[f"{name} seconds"] += time.process_time() - started


def tally(name: str, n: int = 1) -> None:
    """`n` more `name` ("passes", "replays", "kept decisions"), untimed."""
    _COUNTS[name] += n


def snapshot() -> dict[str, float]:
    return dict(_COUNTS)


def since(before: dict[str, float]) -> dict[str, float]:
    return {name: n - before.get(name, 0) for name, n in _COUNTS.items() if n - before.get(name, 0)}
