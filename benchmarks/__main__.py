"""`python -m benchmarks [--quick] [--out PATH]`: run every measurement, print the tables, write the JSON."""

import argparse
import asyncio
import os
from pathlib import Path

from rich.console import Console

from benchmarks.report import show, write
from benchmarks.sizes import FULL, QUICK
from benchmarks.suite import run_suite


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shrink every size: the whole run in under 2 minutes")
    parser.add_argument("--out", type=Path, default=Path(".data/benchmark.json"), help="where to write the JSON")
    args = parser.parse_args()
    console = Console(width=None if Console().is_terminal else 180)
    results = asyncio.run(
        run_suite(QUICK if args.quick else FULL, lambda line: console.log(f"{line}  [load {os.getloadavg()[0]:.1f}]"))
    )
    show(results, console)
    write(results, args.out)
    console.print(f"written: {args.out}")


if __name__ == "__main__":
    main()
