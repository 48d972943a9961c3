"""How much work the PDF engine did in this process: WeasyPrint layouts (HTML.render) and PDF writes, counted where
pdf.py calls them, for the benchmark (tools/benchmark.py) and never for an output."""

from __future__ import annotations

from collections import Counter

_COUNTS: Counter[str] = Counter()


def count(name: str) -> None:
    """One more `name` ("layouts", "writes")."""
    _COUNTS[name] += 1


def snapshot() -> dict[str, int]:
    return dict(_COUNTS)


def since(before: dict[str, int]) -> dict[str, int]:
    return {name: n - before.get(name, 0) for name, n in _COUNTS.items() if n - before.get(name, 0)}
