"""`python -m benchmarks.replay_modes [--events N]`: `mobility replay` as an operator runs it, settled (the default,
byte-identical outputs) against `--as-fast-as-possible`, on a generated stream, each on a fresh four-service stack;
and the recorded sample stream settled. Each time runs from starting the command until every output is on Kafka
(the command's start-up and reading of the file included, as an operator waits for them)."""

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.kafka_io import end_offsets, read_range
from benchmarks.stack import Run, Stack, live_run
from contracts import topics
from contracts.topics import SERVICES
from local.kafka import LocalKafka
from mobility.journeys import generated_plans, sample_stream
from mobility.streams import read_stream, write_stream
from services.common.kafka import ensure_topics

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "streams" / "journeys.jsonl"
Say = Callable[[str], None]


@dataclass
class ReplayModes:
    events: int  # of the generated stream
    settled: Run | None = None
    as_fast_as_possible: Run | None = None
    sample: Run | None = None  # the recorded sample stream, settled
    # Each replay's time from its first event on Kafka to its last output (Kafka timestamps): without the command's
    # start-up and reading of the file.
    publish_to_last_output: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Settled events/s as a fraction of as-fast-as-possible's (the target: at least 0.5)."""
        if self.settled is None or self.as_fast_as_possible is None:
            return None
        return self.settled.rate / self.as_fast_as_possible.rate


def write_generated_stream(path: Path, events: int, seed: int = 13) -> int:
    """The first `events` of generated journeys (ticks every 14 days) as a stream file `mobility replay` reads."""
    per_participant = 20
    stream = sample_stream(generated_plans(max(2, -(-events // per_participant) + 1), seed), tick_every_days=14)
    return write_stream(path, stream[:events])


async def replay_command(bootstrap: str, stream: Path, settled: bool) -> int:
    """Run `mobility replay` on `stream` as a separate process; the number of events in the file."""
    command = [sys.executable, "-c", "from mobility.main import app; app()", "replay", str(stream),
               "--bootstrap-servers", bootstrap, *([] if settled else ["--as-fast-as-possible"])]  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"mobility replay exited {process.returncode}:\n{output.decode(errors='replace')[-2000:]}")
    return len(read_stream(stream)[0])


async def timed_replay(bootstrap: str, root: Path, stream: Path, settled: bool, timeout: float) -> tuple[Run, float]:
    """The replay on a fresh stack (new databases, groups at the topics' ends): from the command's start until the
    last output appeared and every group has committed everything; and from its first event on Kafka to its last
    output there."""
    marks = await end_offsets(bootstrap, topics.INBOUND + topics.OUTBOUND)
    run, _ = await live_run(Stack(bootstrap, root, SERVICES), lambda: replay_command(bootstrap, stream, settled),
                            timeout)  # fmt: skip
    first = min(r.timestamp_ms for r in await read_range(bootstrap, marks, topics.INBOUND))
    last = max((r.timestamp_ms for r in await read_range(bootstrap, marks, topics.OUTBOUND)), default=first)
    return run, (last - first) / 1000


async def replay_modes(bootstrap: str, root: Path, events: int, timeout: float, say: Say) -> ReplayModes:
    """The generated stream of `events` (none: 0) both ways, then the sample stream settled."""
    root.mkdir(parents=True, exist_ok=True)
    stream = root / "generated.jsonl"
    modes = ReplayModes(write_generated_stream(stream, events) if events else 0)
    replays = [("as_fast_as_possible", stream, False), ("settled", stream, True)] if events else []
    for mode, file, settled in [*replays, ("sample", SAMPLE, True)]:
        run, modes.publish_to_last_output[mode] = await timed_replay(bootstrap, root / mode, file, settled, timeout)
        setattr(modes, mode, run)
        say(f"replay {'settled' if settled else '--as-fast-as-possible'} of {run.published:,} events"
            f"{' (the sample stream)' if file == SAMPLE else ''}: {run.seconds:,.1f} s from the command's start, "
            f"{run.rate:,.0f} events/s; {modes.publish_to_last_output[mode]:,.1f} s from its first event on Kafka "
            f"to its last output")  # fmt: skip
    if modes.ratio is not None:
        say(f"replay settled at {modes.ratio:.2f} x the rate of --as-fast-as-possible")
    return modes


async def _measure(events: int, timeout: float, say: Say) -> ReplayModes:
    with tempfile.TemporaryDirectory(prefix="mobility-replay-") as tmp, LocalKafka(data_dir=Path(tmp) / "k") as k:
        await ensure_topics(k.bootstrap_servers, topics.ALL, 4)
        return await replay_modes(k.bootstrap_servers, Path(tmp), events, timeout, say)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replay_modes", description=__doc__)
    parser.add_argument("--events", type=int, default=10_000, help="events of the generated stream")
    parser.add_argument("--timeout", type=float, default=1800, help="the longest one replay may take, seconds")
    args = parser.parse_args()
    asyncio.run(_measure(args.events, args.timeout, lambda line: print(line, flush=True)))


if __name__ == "__main__":
    main()
