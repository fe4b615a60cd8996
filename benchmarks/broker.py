"""`python -m benchmarks.broker [--records N] [--rounds R]`: what the local broker costs per record under each of
`BROKER_SETTINGS` (JVM options). A broker per setting, all started first (start time noted); then per round, each in
turn (the order alternating) carries the raw loop of `benchmarks.raw_loop` (the workload's records pre-loaded, then
consumed in a group and produced again, idempotent with acks=all: a pipeline hop without a service): the broker's
CPU per record, as every service's hop and every ingress publish costs it, and the loop's rate. The first round warms
each JIT up and is left out. Its RSS at the end. `--publish`: instead, what publishing costs (`mobility publish` and
`replay`, mobility/bus.py's Publisher) with aiokafka's default 16 KiB batches and with `PUBLISH_BATCH_BYTES`, on one
broker of the local broker's settings, alternating: CPU per event of the publishing process and of the broker.
"""

import argparse
import asyncio
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from benchmarks.raw_loop import OUTPUT, raw_run
from benchmarks.report import spread
from benchmarks.stack import cpu_seconds, rss_mib
from benchmarks.workload import Record, journey_records
from contracts import topics
from local.kafka import LocalKafka
from local.kafka.local_broker import JVM_OPTIONS
from mobility.bus import PUBLISH_BATCH_BYTES, Publisher
from mobility.journeys import generated_plans, sample_stream
from services.common.kafka import ensure_topics

Figures = dict[str, list[float]]
# JVM options to compare; the first is what the local broker runs.
BROKER_SETTINGS = {
    "local broker's": JVM_OPTIONS,
    "C1+C2, G1 GC": ["-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"],  # Kafka's own scripts
    "C1, Serial GC": ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"],
    "C1+C2, Serial GC": ["-XX:+UseSerialGC"],
}


def _records(count: int, round_: int) -> list[Record]:
    """`count` records of journeys whose participants are new in round `round_`."""
    records: list[Record] = []
    while len(records) < count:
        records += journey_records(50, prefix=f"round-{round_}-{len(records)}")
    return records[:count]


async def compare(records: int, rounds: int) -> Figures:
    figures: Figures = {}
    with tempfile.TemporaryDirectory(prefix="mobility-bench-broker-") as tmp, ExitStack() as running:
        brokers: dict[str, LocalKafka] = {}
        for label, options in BROKER_SETTINGS.items():
            started = time.monotonic()
            broker = LocalKafka(data_dir=Path(tmp) / str(len(brokers)), jvm_options=options)
            brokers[label] = running.enter_context(broker)
            figures[f"{label}_start_s"] = [time.monotonic() - started]
            await ensure_topics(broker.bootstrap_servers, (*topics.ALL, OUTPUT), 4)
        labels = list(brokers)
        for n in range(rounds + 1):
            workload = _records(records, n)
            for label in labels if n % 2 == 0 else labels[::-1]:
                pid = brokers[label].pid
                cpu = cpu_seconds(pid)
                run = await raw_run(brokers[label].bootstrap_servers, workload, timeout=300)
                used = 1e6 * (cpu_seconds(pid) - cpu) / len(workload)
                print(
                    f"round {n}{' (warm-up)' if n == 0 else ''}: {label}: {used:.0f} µs broker CPU per record, "
                    f"{run.rate:,.0f} records/s",
                    flush=True,
                )
                if n:
                    figures.setdefault(label, []).append(used)
                    figures.setdefault(f"{label}_rate", []).append(run.rate)
        for label, broker in brokers.items():
            figures[f"{label}_rss_mib"] = [rss_mib(broker.pid)]
    return figures


async def publishing(participants: int, rounds: int) -> Figures:
    """Per round, the events of `participants` new journeys published with each batch size in turn (the order
    alternating): microseconds of CPU per event of this process (the publisher) and of the broker, and events/s."""
    figures: Figures = {}
    sizes = {"16 KiB (aiokafka's default)": 16 * 1024, f"{PUBLISH_BATCH_BYTES // 1024} KiB": PUBLISH_BATCH_BYTES}
    with tempfile.TemporaryDirectory(prefix="mobility-bench-publish-") as tmp, LocalKafka(data_dir=Path(tmp)) as kafka:
        await ensure_topics(kafka.bootstrap_servers, topics.ALL, 4)
        for n in range(rounds + 1):
            for label, size in sizes.items() if n % 2 == 0 else reversed(sizes.items()):
                plans = generated_plans(participants, seed=100 * n + size % 97)
                events = list(sample_stream(plans, tick_every_days=14))
                broker, client, started = cpu_seconds(kafka.pid), time.process_time(), time.monotonic()
                async with Publisher(kafka.bootstrap_servers, batch_bytes=size) as publisher:
                    await publisher.send(events)
                seconds = time.monotonic() - started
                used = {"client": time.process_time() - client, "broker": cpu_seconds(kafka.pid) - broker}
                print(f"round {n}{' (warm-up)' if n == 0 else ''}: {label}: {len(events) / seconds:,.0f} events/s, "
                      f"CPU per event: publisher {1e6 * used['client'] / len(events):.0f} µs, broker "
                      f"{1e6 * used['broker'] / len(events):.0f} µs", flush=True)  # fmt: skip
                if n:
                    figures.setdefault(f"{label}_rate", []).append(len(events) / seconds)
                    for part, cpu in used.items():
                        figures.setdefault(f"{label}_{part}", []).append(1e6 * cpu / len(events))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.broker", description=__doc__)
    parser.add_argument("--records", type=int, default=20_000, help="records through the raw loop per round")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds (after one to warm up)")
    parser.add_argument("--publish", type=int, metavar="PARTICIPANTS", help="instead: publishing, per batch size")
    args = parser.parse_args()
    if args.publish:
        published = asyncio.run(publishing(args.publish, args.rounds))
        print(f"publishing {args.publish} journeys' events, median (lowest-highest) of {args.rounds}:", flush=True)
        for label in dict.fromkeys(name.rsplit("_", 1)[0] for name in published):
            print(f"  {label}: {spread(published[f'{label}_rate'])} events/s; CPU per event: publisher "
                  f"{spread(published[f'{label}_client'])} µs, broker {spread(published[f'{label}_broker'])} µs",
                  flush=True)  # fmt: skip
        return
    figures = asyncio.run(compare(args.records, args.rounds))
    print(f"the local broker under the raw loop, {args.records:,} records a round, median (lowest-highest) of "
          f"{args.rounds}:", flush=True)  # fmt: skip
    for label, options in BROKER_SETTINGS.items():
        print(f"  {label:<17} {spread(figures[label])} µs CPU per record; {spread(figures[f'{label}_rate'])} "
              f"records/s; started in {figures[f'{label}_start_s'][0]:.1f} s, RSS "
              f"{figures[f'{label}_rss_mib'][0]:.0f} MiB at the end ({' '.join(options)})", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
