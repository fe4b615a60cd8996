"""How big each measurement is: the full run, and `--quick` (the whole run in under two minutes)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    participants: int  # journeys of the main workload: (a), (b), (c)
    scaling_participants: int  # journeys whose recognition inputs feed the scaling runs
    latency_seconds: float  # how long the offered load lasts
    replay_seconds: float  # the time the replay is sized to fit
    raw_events: int = 50_000  # (a) repeats the workload until it has at least this many records
    replay_events: int = 1_000_000  # the goal; the largest stream that fits `replay_seconds` is replayed
    timeout: float = 900.0  # the longest any one phase may take


FULL = Sizes(participants=500, scaling_participants=1500, latency_seconds=45, replay_seconds=480)
QUICK = Sizes(
    participants=24, scaling_participants=60, latency_seconds=6, replay_seconds=8, raw_events=5_000, timeout=90
)
