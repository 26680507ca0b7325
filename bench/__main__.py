"""Run every benchmark module of this folder and print one table.

Each module runs in a fresh process: one benchmark's leftovers (the million synthetic passages of
`scale`, a warm heap for the garbage collector to walk, loaded models) must not slow the next
one's measurements.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pkgutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench import Row, run_module


def _modules(only: list[str]) -> list[str]:
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")]
    return [n for n in sorted(names) if not only or n in only]


def format_rows(rows: list[Row]) -> str:
    header = ("bench", "metric", "value", "reference", "ratio", "goal")
    table = [header] + [
        (
            r.bench,
            r.metric,
            f"{r.value:.4g} {r.unit}".strip(),
            f"{r.reference:.4g} ({r.reference_label})" if r.reference is not None else "",
            f"{r.ratio:.3f}" if r.ratio is not None else "",
            r.goal,
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in table)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("only", nargs="*", help="benchmark modules to run (default: all)")
    args = parser.parse_args()
    rows: list[Row] = []
    for name in _modules(args.only):
        print(f"running bench.{name} …", file=sys.stderr)
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as alone:
            rows.extend(alone.submit(run_module, name).result())
    print(format_rows(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
