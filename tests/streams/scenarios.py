"""The recorded sample stream: every partner country and the main paths. `python -m tests.streams.scenarios`
writes it to tests/streams/journeys.jsonl."""

from pathlib import Path

from mobility.demo import SAMPLE_PLANS
from mobility.journeys import sample_stream
from mobility.streams import write_stream

STREAM = Path(__file__).parent / "journeys.jsonl"
EXPECTED = Path(__file__).parent / "journeys.expected.jsonl"

PLANS = SAMPLE_PLANS  # the demo replays the same journeys


def main() -> None:
    count = write_stream(STREAM, sample_stream(PLANS, tick_every_days=7))
    print(f"wrote {count} events to {STREAM}")


if __name__ == "__main__":
    main()
