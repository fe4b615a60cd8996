"""`python -m benchmarks.replay_startup [--runs N] [--code DIR ...]`: the start-up of `mobility replay` as an operator
runs it (interpreter, imports, reading the file, connections, the watcher's metadata), measured as the whole command
on a one-event stream against a running stack: wall time and CPU (user + system) of the command. With several
`--code` trees (for example the base of a change, from `git archive`, and this one) the runs alternate between them
on one broker and one stack, so that a busy machine weighs on each alike."""

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from contracts import topics
from local.kafka import LocalKafka
from mobility.stack import services
from mobility.streams import read_stream, write_stream
from services.common.kafka import ensure_topics

HERE = Path(__file__).resolve().parent.parent
SAMPLE = HERE / "tests" / "streams" / "journeys.jsonl"


def command_run(bootstrap: str, stream: Path, code: Path) -> tuple[float, float]:
    """One `mobility replay` of `stream` with the modules of `code`: its wall time and CPU seconds. Started in a
    neutral directory: `python -c` puts the current one first on the path, before PYTHONPATH."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-c", "from mobility.main import app; app()", "replay", str(stream),
               "--bootstrap-servers", bootstrap]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=stream.parent, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"mobility replay exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(codes: list[Path], runs: int) -> dict[Path, list[tuple[float, float]]]:
    measured: dict[Path, list[tuple[float, float]]] = {code: [] for code in codes}
    with tempfile.TemporaryDirectory(prefix="mobility-startup-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        stream = Path(tmp) / "one.jsonl"
        write_stream(stream, read_stream(SAMPLE)[0][:1])
        asyncio.run(ensure_topics(k.bootstrap_servers, topics.ALL, 4))
        with services(k.bootstrap_servers, Path(tmp) / "services"):
            for run in range(runs):
                for code in codes if run % 2 == 0 else codes[::-1]:
                    wall, cpu = command_run(k.bootstrap_servers, stream, code)
                    measured[code].append((wall, cpu))
                    print(f"{code}: {wall:.2f} s wall, {cpu:.2f} s CPU (load {os.getloadavg()[0]:.1f})", flush=True)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replay_startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=4, help="runs of each tree")
    parser.add_argument("--code", type=Path, nargs="+", default=[HERE], help="source trees to alternate")
    args = parser.parse_args()
    for code, runs in measure([c.resolve() for c in args.code], args.runs).items():
        print(f"{code}: median {statistics.median(w for w, _ in runs):.2f} s wall, "
              f"{statistics.median(c for _, c in runs):.2f} s CPU over {len(runs)} runs")  # fmt: skip


if __name__ == "__main__":
    main()
