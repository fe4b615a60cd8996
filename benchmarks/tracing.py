"""`python -m benchmarks.tracing [--participants N] [--rounds R]`: the four-service pipeline's throughput with
tracing off (spans made, none exported) and on (every span exported to a local Zipkin), alternating runs on one
broker so that load from elsewhere on the machine falls on both alike."""

import argparse
import asyncio
import os
import statistics
import tempfile
from pathlib import Path

from benchmarks.stack import Stack, preloaded_run
from benchmarks.workload import Record, journey_records
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from local.zipkin import VERSION, LocalZipkin
from mobility.traces import exporting_to_zipkin
from services.common.kafka import ensure_topics


async def _rate(bootstrap: str, root: Path, workload: list[Record], timeout: float) -> float:
    run = await preloaded_run(Stack(bootstrap, root, SERVICES), workload, timeout)
    return run.rate


async def measure(participants: int, rounds: int, timeout: float = 900) -> dict[str, list[float]]:
    """Events per second of each round, tracing off and on; Zipkin's resident memory (MiB) after each, and the CPU
    time it spent taking the spans in (on the same cores as the pipeline)."""
    rates: dict[str, list[float]] = {"off": [], "on": [], "zipkin_rss_mib": [], "zipkin_cpu_seconds": []}
    workload = journey_records(participants)
    with (
        tempfile.TemporaryDirectory(prefix="mobility-bench-tracing-") as tmp,
        LocalKafka(data_dir=Path(tmp) / "kafka") as k,
    ):
        root = Path(tmp)
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        with LocalZipkin(log_dir=root, max_spans=1_000_000, heap="256m") as zipkin:
            for n in range(rounds):
                rates["off"].append(await _rate(k.bootstrap_servers, root / f"off-{n}", workload, timeout))
                print(f"round {n + 1}: tracing off {rates['off'][-1]:,.0f} events/s", flush=True)
                cpu = _cpu_seconds(zipkin.pid)
                with exporting_to_zipkin(zipkin.spans_endpoint):
                    rates["on"].append(await _rate(k.bootstrap_servers, root / f"on-{n}", workload, timeout))
                rates["zipkin_rss_mib"].append(_rss_mib(zipkin.pid))
                rates["zipkin_cpu_seconds"].append(_cpu_seconds(zipkin.pid) - cpu)
                print(f"round {n + 1}: tracing on (Zipkin {VERSION}) {rates['on'][-1]:,.0f} events/s, "
                      f"Zipkin RSS {rates['zipkin_rss_mib'][-1]:.0f} MiB, "
                      f"Zipkin CPU {rates['zipkin_cpu_seconds'][-1]:.1f} s for the run", flush=True)  # fmt: skip
    return rates


def _cpu_seconds(pid: int | None) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _rss_mib(pid: int | None) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tracing", description=__doc__)
    parser.add_argument("--participants", type=int, default=200, help="journeys of the workload")
    parser.add_argument("--rounds", type=int, default=2, help="runs with tracing off and on, alternating")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rates = asyncio.run(measure(args.participants, args.rounds))
    off, on = statistics.median(rates["off"]), statistics.median(rates["on"])
    print(f"pipeline, {args.participants} journeys, median of {args.rounds}: tracing off {off:,.0f} events/s, "
          f"on {on:,.0f} events/s ({(on - off) / off:+.1%}); load {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")  # fmt: skip


if __name__ == "__main__":
    main()
