"""`ses bench`: the benchmarks of `make bench` (bench/, beside the code in a checkout; not installed)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from bot.settings import REPO_ROOT, Settings


def register(sub: Any) -> None:
    bench = sub.add_parser("bench", help="run the benchmarks and print one table (as `make bench`)")
    bench.add_argument("only", nargs="*", help="benchmark modules to run, e.g. quality scale (default: all)")
    bench.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace, settings: Settings) -> int:
    if not (REPO_ROOT / "bench" / "__main__.py").exists():
        print("ses bench: the benchmarks live in a checkout of the repository (bench/)", file=sys.stderr)
        return 2
    # its own interpreter: bench and tests are not installed packages, and its runs start servers
    return subprocess.call([sys.executable, "-m", "bench", *args.only], cwd=REPO_ROOT)
