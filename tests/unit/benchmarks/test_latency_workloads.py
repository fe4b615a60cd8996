"""The latency benchmark's workloads: one cohort per load, or stretches of one running programme after its ramp-up."""

import itertools
from datetime import timedelta

from benchmarks.latency import workloads
from benchmarks.workload import FIRST_DAY, Record, steady_records


def participants(records: list[Record]) -> set[str]:
    return {r.key.decode() for r in records} - {"clock"}


def test_the_steady_records_follow_a_ramp_up_whose_journeys_they_carry_on() -> None:
    ramp_up, steady = steady_records(400, "T", ramp_up=timedelta(days=60))
    assert len(steady) == 400 and ramp_up
    assert all(r.time.date() < FIRST_DAY + timedelta(days=60) for r in ramp_up)
    assert all(r.time.date() >= FIRST_DAY + timedelta(days=60) for r in steady)
    assert all(a.time <= b.time for a, b in itertools.pairwise(ramp_up + steady))
    assert len({r.event_id for r in ramp_up + steady}) == len(ramp_up) + 400
    assert participants(ramp_up) & participants(steady)  # journeys under way when the measured records begin
    assert steady_records(400, "T", ramp_up=timedelta(days=60)) == (ramp_up, steady)  # deterministic


def test_steady_loads_are_consecutive_stretches_of_one_programme_after_its_ramp_up() -> None:
    ramp_up, loads = workloads("steady", [30.4, 50, 1])
    assert [len(load) for load in loads] == [30, 50, 2]
    ordered = [*ramp_up, *itertools.chain.from_iterable(loads)]
    assert all(a.time <= b.time for a, b in itertools.pairwise(ordered))
    assert len({r.event_id for r in ordered}) == len(ordered)
    assert ramp_up[-1].time.date() < FIRST_DAY + timedelta(days=820) <= loads[0][0].time.date()


def test_cohort_loads_are_journeys_of_participants_of_their_own_without_ramp_up() -> None:
    ramp_up, loads = workloads("cohort", [100, 300])
    assert ramp_up == []
    assert len(loads[1]) > len(loads[0]) > 0
    assert not participants(loads[0]) & participants(loads[1])
