"""`python -m benchmarks.memory [--events N] [--batch B] [--threads K] [--trace]`: the memory of the four services'
handler paths, without Kafka. The four processors run in one process as a pipeline (each decision fed to the
services that read it, as the broker would) over `--events` of the soak's open-ended workload, in batches of up to
`--batch` records (a service that falls behind gets batches of 500), and the process's resident memory is printed
after each tenth, with what malloc has in use and what it freed but holds. With `--threads K`, each service hands
its batches in turn to K threads, as a service does when several threads of asyncio's default pool take turns (every
thread that allocates gets its own malloc arena, which keeps its high-water mark); `--threads 0` applies them in the
main thread. With `--trace`, tracemalloc's traced Python memory per tenth and the allocations that grew most from
the second tenth to the last, by traceback: what grows with the events handled (a leak) against what the data holds
(the cases and the databases grow with the participants, the SQLite page cache is bounded per connection). With
`--tick-ahead DAYS`, integration then gets one clock tick DAYS after the last event, as when it lags behind the
clock on its other topics and nearly every case is due: the cases due, the alerts, and the traced peak of that one
batch (a tick reads its due cases `DUE_CHUNK` at a time); `--tick-copies K` first stores each case K times
(renamed), for more participants than the run generated."""

import argparse
import itertools
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, literal, select

from benchmarks.inprocess import incoming_records
from benchmarks.stack import rss_mib
from benchmarks.workload import Record, spec_of, staggered_records, to_record
from contracts.topics import SERVICES
from mobility.journeys import clock_ticks
from services.common.allocator import memory
from services.common.cases import CASE_TABLE
from services.common.collector import settle_after_startup
from services.common.database import OUTBOX_TABLE, create_database
from services.common.incoming import Incoming
from services.common.outbox import Pending
from services.common.processor import EventProcessor, Result

Apply = Callable[[EventProcessor, Sequence[Incoming]], list[Result]]


def appliers(threads: int) -> Iterator[Apply]:
    """How each batch is applied: in the main thread, or handed in turn to `threads` threads."""
    if threads == 0:
        return itertools.repeat(lambda processor, batch: processor.process_batch(batch))
    pools = [ThreadPoolExecutor(1, thread_name_prefix=f"batches-{n}") for n in range(threads)]
    return itertools.cycle([lambda p, b, pool=pool: pool.submit(p.process_batch, b).result() for pool in pools])


class Pipeline:
    """The four services' processors, each with its SQLite file, fed in event order chunk by chunk."""

    def __init__(self, root: Path, batch: int, threads: int) -> None:
        self.batch = batch
        self.processors = {}
        for name in SERVICES:
            spec = spec_of(name)
            self.processors[name] = spec.processor(create_database(f"sqlite:///{root / f'{name}.db'}", spec.tables))
        self.reads = {name: frozenset(spec_of(name).input_topics) for name in SERVICES}
        self.handled = dict.fromkeys(SERVICES, 0)
        self.published = dict.fromkeys(SERVICES, 0)  # the last outbox row fed on, by sequence number
        self._apply = appliers(threads)

    def feed(self, chunk: Sequence[Record]) -> None:
        """Apply `chunk` and everything it leads to, until no service has anything left to read."""
        waiting = {name: [r for r in chunk if r.topic in self.reads[name]] for name in SERVICES}
        while any(waiting.values()):
            for name in SERVICES:
                records, waiting[name] = waiting[name], []
                for first in range(0, len(records), self.batch):
                    batch = incoming_records(records[first : first + self.batch])
                    next(self._apply)(self.processors[name], batch)
                    self.handled[name] += len(batch)
                    emitted = self._published(name)
                    for reader in SERVICES:
                        waiting[reader] += [r for r in emitted if r.topic in self.reads[reader]]

    def _published(self, name: str) -> list[Record]:
        """What the service's last batch wrote to its outbox, as its relay would publish it: the rows the batch held,
        else (a batch that wrote more than it held) those the table has beyond the last one published."""
        processor = self.processors[name]
        rows = processor.take_committed_rows()
        if rows is None:
            columns = [OUTBOX_TABLE.c[column] for column in ("seq", "message_id", "topic", "key", "value", "headers")]
            newer = select(*columns).where(OUTBOX_TABLE.c.seq > self.published[name]).order_by(OUTBOX_TABLE.c.seq)
            with processor.engine.connect() as connection:
                rows = [Pending(*row) for row in connection.execute(newer)]
        if rows:
            self.published[name] = rows[-1].seq
        return [_record(row) for row in rows]


def _record(row: Pending) -> Record:
    headers = tuple((header, value.encode()) for header, value in row.headers.items())
    # The event time only orders a workload as it is generated: the rows come in the order they were written.
    return Record(row.topic, row.key or b"", row.value, headers, str(row.message_id), datetime.min)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--events", type=int, default=20_000, help="agency events and ticks offered")
    parser.add_argument("--batch", type=int, default=500, help="records per transaction")
    parser.add_argument("--threads", type=int, default=0, help="threads each batch goes to in turn (0: main)")
    parser.add_argument("--trace", action="store_true", help="tracemalloc: traced memory and what grew")
    parser.add_argument("--top", type=int, default=10, help="allocations shown with --trace")
    parser.add_argument("--tick-ahead", type=int, metavar="DAYS", help="then one tick that far ahead to integration")
    parser.add_argument("--tick-copies", type=int, default=1, metavar="K", help="each case K times for that tick")
    args = parser.parse_args()
    started = time.monotonic()
    records = staggered_records(args.events, "M")
    settle_after_startup()  # as the services do after start-up
    rss = rss_mib(os.getpid())
    print(f"{len(records):,} events generated in {time.monotonic() - started:,.0f} s; RSS {rss:.0f} MiB")
    snapshots: list[tracemalloc.Snapshot] = []  # the second tenth's and the latest (each holds every trace)
    if args.trace:
        tracemalloc.start(12)
    with tempfile.TemporaryDirectory(prefix="mobility-memory-") as tmp:
        pipeline = Pipeline(Path(tmp), args.batch, args.threads)
        tenth = -(-len(records) // 10)
        for n in range(10):
            started = time.monotonic()
            for first in range(n * tenth, min((n + 1) * tenth, len(records)), args.batch):
                pipeline.feed(records[first : min(first + args.batch, (n + 1) * tenth)])
            handled = ", ".join(f"{name} {count:,}" for name, count in pipeline.handled.items())
            seconds, rss = time.monotonic() - started, rss_mib(os.getpid())
            malloc = memory().mib()
            in_use, held = malloc["malloc_in_use"], malloc["malloc_free_held"]
            line = (f"tenth {n + 1:2}: {seconds:4.0f} s, RSS {rss:5.0f} MiB (malloc in use {in_use:.0f}, freed but "
                    f"held {held:.0f}), {handled}")  # fmt: skip
            if args.trace:
                current, peak = tracemalloc.get_traced_memory()
                tracemalloc.reset_peak()
                line += f"; traced {current / 2**20:.1f} MiB, peak {peak / 2**20:.1f}"
                snapshots = [*snapshots[:1], _snapshot()] if n else []
            print(line, flush=True)
        if args.tick_ahead is not None:
            day = records[-1].time.date() + timedelta(days=args.tick_ahead)
            _tick_ahead(pipeline.processors["integration"], day, args.tick_copies)
    if len(snapshots) == 2:
        print("grew most from the second tenth to the last:")
        for stat in snapshots[1].compare_to(snapshots[0], "traceback")[: args.top]:
            print(f"  {stat.size_diff / 2**10:+,.0f} KiB ({stat.count_diff:+,} blocks), now {stat.size / 2**10:,.0f}")
            for frame in stat.traceback.format(limit=6, most_recent_first=True):
                print(f"    {frame}")


def _tick_ahead(integration: EventProcessor, day: date, copies: int) -> None:
    with integration.engine.begin() as db:
        for k in range(1, copies):
            renamed = select(literal(f"copy{k}-") + CASE_TABLE.c.participant_id, CASE_TABLE.c.state,
                             CASE_TABLE.c.next_due).where(CASE_TABLE.c.participant_id.not_like("copy%"))  # fmt: skip
            db.execute(insert(CASE_TABLE).from_select(["participant_id", "state", "next_due"], renamed))
        due = db.execute(select(func.count()).where(CASE_TABLE.c.next_due <= day)).scalar_one()
    tick = incoming_records([to_record(clock_ticks(day, day)[0])])
    tracing = tracemalloc.is_tracing()
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.process_time()
    (result,) = integration.process_batch(tick)
    rows = integration.take_committed_rows()  # as a service does, for its relay
    cpu, rss = time.process_time() - started, rss_mib(os.getpid())
    held, peak = tracemalloc.get_traced_memory()
    alerts = result.emitted_count
    del result, rows  # what the batch's result and its rows for the relay hold (some of the alerts, or all)
    held -= tracemalloc.get_traced_memory()[0]
    if not tracing:
        tracemalloc.stop()
    print(
        f"a tick on {day} to integration: {due:,} cases due, {alerts:,} alerts, CPU {cpu:.2f} s, "
        f"traced peak {peak / 2**20:.1f} MiB ({held / 2**20:.1f} MiB of it the result and rows held after, "
        f"{held / max(alerts, 1) / 2**10:.1f} KiB each), RSS {rss:.0f} MiB"
    )


def _snapshot() -> tracemalloc.Snapshot:
    """The traced memory but for what tracemalloc itself holds (the snapshots)."""
    return tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])


if __name__ == "__main__":
    main()
