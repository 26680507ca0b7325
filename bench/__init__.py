"""Benchmarks: each module has `run() -> list[Row]`; `python -m bench` runs them all and prints one table."""

from __future__ import annotations

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
