"""Benchmarks: each module has `run() -> list[Row]`; `python -m bench` runs them all and prints one table."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One figure, with the reference it is measured against in the same run (ratio = value / reference)."""

    bench: str
    metric: str
    value: float
    unit: str
    reference: float | None = None
    reference_label: str = ""
    goal: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.reference if self.reference else None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def run_module(name: str) -> list[Row]:
    """The rows of `bench.<name>` (run in a process of its own by `python -m bench`)."""
    rows: list[Row] = importlib.import_module(f"bench.{name}").run()
    return rows
