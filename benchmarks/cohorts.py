"""`python -m benchmarks.cohorts [--participants N ...] [--memo MIB ...] [--rounds R]`: the CPU per event of the four
services' handler paths in process (no Kafka; chained as in `benchmarks.memory`) on one cohort of N journeys, the
large replay's workload (`journey_records(N, seed=11)`: the 61,480-event replay is about 3,200 journeys), with the
case memo at each budget of MIB MiB of documents (`0`: none, `all`: unbounded). Each combination runs once per
round, alternating, so a busy machine weighs on all alike; the lowest CPU of the rounds is kept. It shows what a
service pays per event when a cohort's active cases outnumber the cases it keeps between batches: the memo's hits,
and what an unbounded memo would save."""

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from benchmarks.memory import Pipeline
from benchmarks.workload import Record, journey_records
from contracts.topics import SERVICES
from services.common.cases import CaseMemo
from services.common.collector import settle_after_startup
from services.common.incoming import Incoming
from services.common.processor import EventProcessor, Result

CaseT = TypeVar("CaseT", bound=BaseModel)
UNBOUNDED = 10**9


class CountingMemo(CaseMemo):
    """A `CaseMemo` that counts how often a case read found its model kept."""

    def __init__(self, budget: int) -> None:
        super().__init__(budget)
        self.hits = self.misses = 0

    def get(self, participant_id: str, document: str, model: type[CaseT]) -> CaseT | None:
        case = super().get(participant_id, document, model)
        if case is None:
            self.misses += 1
        else:
            self.hits += 1
        return case


@dataclass
class Run:
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SERVICES, 0.0))
    handled: dict[str, int] = field(default_factory=dict)
    hits: int = 0
    reads: int = 0


def run(records: Sequence[Record], memo_budget: int, batch: int) -> Run:
    measured = Run()
    with tempfile.TemporaryDirectory(prefix="mobility-cohorts-") as tmp:
        pipeline = Pipeline(Path(tmp), batch, threads=0)
        memos = []
        for name, processor in pipeline.processors.items():
            processor.memo = memo = CountingMemo(memo_budget)
            memos.append(memo)
            processor.process_batch = _timed(processor, name, measured)  # type: ignore[method-assign,assignment]
        for first in range(0, len(records), batch):
            pipeline.feed(records[first : first + batch])
        measured.handled = dict(pipeline.handled)
    measured.hits = sum(memo.hits for memo in memos)
    measured.reads = measured.hits + sum(memo.misses for memo in memos)
    return measured


def _timed(processor: EventProcessor, name: str, into: Run) -> Callable[[Sequence[Incoming]], list[Result]]:
    apply = processor.process_batch

    def timed(records: Sequence[Incoming]) -> list[Result]:
        started = time.process_time()
        try:
            return apply(records)
        finally:
            into.cpu[name] += time.process_time() - started

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cohorts", description=__doc__)
    parser.add_argument("--participants", type=int, nargs="+", default=[500, 3200])
    parser.add_argument(
        "--memo", nargs="+", default=["4", "all"], help="memo budgets (MiB of documents; `all`: unbounded)"
    )
    parser.add_argument("--batch", type=int, default=500, help="records per transaction (a lagging service's)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    sizes = [UNBOUNDED if size == "all" else int(float(size) * 2**20) for size in args.memo]
    workloads = {n: journey_records(n, seed=11) for n in args.participants}
    settle_after_startup()  # as the services do after start-up
    best: dict[tuple[int, int], Run] = {}
    for _ in range(args.rounds):
        for n, records in workloads.items():
            for size in sizes:
                measured = run(records, size, args.batch)
                kept = best.get((n, size))
                if kept is None or sum(measured.cpu.values()) < sum(kept.cpu.values()):
                    best[n, size] = measured
    print(f"CPU ms per event handled, lowest of {args.rounds} round(s), batches of {args.batch}, SQLite, no Kafka")
    print(f"{'journeys':>8} {'events':>7} {'memo':>6} {'hits':>6}  " + "".join(f"{s:>14}" for s in SERVICES)
          + f"  {'all, per agency event':>22}")  # fmt: skip
    for (n, size), measured in best.items():
        events = len(workloads[n])
        per_service = "".join(f"{1000 * measured.cpu[s] / max(measured.handled[s], 1):14.3f}" for s in SERVICES)
        total = 1000 * sum(measured.cpu.values()) / events
        memo = "all" if size == UNBOUNDED else f"{size / 2**20:g}M"
        hits = f"{100 * measured.hits / max(measured.reads, 1):5.0f}%"
        print(f"{n:>8,} {events:>7,} {memo:>6} {hits:>6}  {per_service}  {total:16.3f} ms ({1000 / total:,.0f}/s)")


if __name__ == "__main__":
    main()
