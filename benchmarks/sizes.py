"""How big each measurement is: the full run, and `--quick` (the whole run in under two minutes)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    participants: int  # journeys of the main workload: (a), (b), (c)
    # Journeys whose recognition inputs feed recognition alone and the scaling runs: the main workload gives it about
    # two events a journey, half a second's work, too short for a steady rate.
    recognition_participants: int
    latency_seconds: float  # how long the offered load lasts
    replay_seconds: float  # the time the replay is sized to fit
    curve_seconds: float  # how long each point of the latency curve is offered
    replay_modes_events: int  # the generated stream `mobility replay` replays settled and as fast as possible
    raw_events: int = 50_000  # (a) repeats the workload until it has at least this many records
    replay_events: int = 1_000_000  # the goal; the largest stream that fits `replay_seconds` is replayed
    timeout: float = 900.0  # the longest any one phase may take
    curve_fractions: tuple[float, ...] = (0.25, 0.5, 0.75, 0.9, 1.0)  # of the pipeline's rate: the latency curve
    scaling_copies: tuple[int, ...] = (1, 2, 4)  # instances of recognition in one group (the topics have 4 partitions)
    slowest_twice: bool = True  # also the pipeline with two instances of its slowest service


FULL = Sizes(participants=500, recognition_participants=8000, latency_seconds=45, replay_seconds=480, curve_seconds=15,
             replay_modes_events=10_000)  # fmt: skip
QUICK = Sizes(participants=24, recognition_participants=60, latency_seconds=6, replay_seconds=8, curve_seconds=3,
              replay_modes_events=0, raw_events=5_000, timeout=90, curve_fractions=(0.5, 1.0), scaling_copies=(1, 4),
              slowest_twice=False)  # fmt: skip
# --quick leaves out what only adds stacks to start: the generated stream's two replays (the sample stream's settled
# replay stays), the pipeline with its slowest service twice, three points of the curve and recognition x2.
