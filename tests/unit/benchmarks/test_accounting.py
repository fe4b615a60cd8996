"""The pure counting of the benchmarks' long runs: doubled outputs, lost records, memory growth, time windows,
percentiles, and the open-ended workload they publish."""

import itertools

from benchmarks.accounting import Loss, difference, doubled, growth, loss, windows
from benchmarks.latency import Percentiles
from benchmarks.workload import staggered_records
from contracts.clock import CLOCK_SUBJECT
from contracts.registry import read_envelope, typed


def test_an_output_id_seen_twice_is_one_doubled_and_a_third_copy_another() -> None:
    assert doubled(["a", "b", "c"]) == 0
    assert doubled(["a", "b", "a", "c", "a"]) == 2


def test_every_committed_record_handled_and_nothing_left_is_no_loss() -> None:
    handled = {"recognition": {"applied": 8.0, "duplicate": 1.0, "ignored": 1.0, "outbox_backlog": 0.0}}
    assert loss({"recognition": 10}, handled, uncommitted=0) == Loss(0, 0, 0, 0)


def test_records_committed_but_not_handled_dead_lettered_unpublished_or_uncommitted_are_lost() -> None:
    handled = {
        "recognition": {"applied": 7.0, "dead_lettered": 1.0, "outbox_backlog": 2.0},
        "recruitment": {"applied": 5.0},
    }
    found = loss({"recognition": 10, "recruitment": 5}, handled, uncommitted=3)
    assert found == Loss(unhandled=2, dead_lettered=1, unpublished=2, uncommitted=3)
    assert found is not None and found.total == 8


def test_a_service_that_reported_nothing_makes_the_loss_unknown_not_zero() -> None:
    assert loss({"recognition": 10, "recruitment": 5}, {"recognition": {"applied": 10.0}}, 0) is None


def test_counters_are_taken_over_the_run_and_the_backlog_as_it_ends() -> None:
    before = {"recognition": {"applied": 4.0, "outbox_backlog": 9.0}}
    after = {"recognition": {"applied": 10.0, "outbox_backlog": 1.0}}
    assert difference(after, before) == {"recognition": {"applied": 6.0, "outbox_backlog": 1.0}}


def test_memory_growth_is_measured_from_the_first_sample_under_load() -> None:
    samples = [{"a": 70.0, "b": 70.0}, {"a": 100.0, "b": 80.0}, {"a": 130.0, "b": 84.0}, {"a": 105.0, "b": 88.0}]
    found = growth(samples)
    assert (found["a"].start, found["a"].warm, found["a"].end, found["a"].peak) == (70.0, 100.0, 105.0, 130.0)
    assert round(found["a"].under_load, 3) == 0.05
    assert round(found["b"].under_load, 3) == 0.1


def test_memory_growth_over_the_second_half_of_the_load_leaves_the_warm_up_and_the_drain_out() -> None:
    under_load = [100.0, 120.0, 130.0, 131.0, 132.0, 133.0]  # filling bounded caches, then flat
    samples = [{"a": 70.0}, *({"a": mib} for mib in under_load), {"a": 160.0}]  # the drain's large batches
    found = growth(samples)["a"]
    assert (found.middle, found.loaded) == (130.0, 133.0)
    assert round(found.second_half, 3) == 0.023
    assert round(found.under_load, 3) == 0.6


def test_pairs_fall_into_equal_spans_of_time_the_last_one_closed() -> None:
    pairs = [(0, 1.0), (4, 2.0), (5, 3.0), (9, 4.0), (10, 5.0)]
    assert windows(pairs, 2) == [[1.0, 2.0], [3.0, 4.0, 5.0]]
    assert windows([], 3) == []


def test_percentiles_of_one_hundred_values() -> None:
    p = Percentiles.of([float(n) for n in range(1, 101)])
    assert (p.count, p.p50, p.p99, p.max) == (100, 50.5, 99.01, 100.0)


def test_the_open_ended_workload_is_in_event_time_order_with_unique_ids_and_its_own_participants() -> None:
    records = staggered_records(600, "T")
    assert len(records) == 600
    assert all(a.time <= b.time for a, b in itertools.pairwise(records))
    assert len({r.event_id for r in records}) == 600
    subjects = {r.key.decode() for r in records} - {"clock"}
    assert subjects and all(subject.startswith("T-") for subject in subjects)
    assert staggered_records(600, "T") == records  # deterministic


def test_copied_journeys_are_valid_events_of_their_own_participants_that_hang_together() -> None:
    records = staggered_records(900, "T", generated=300)
    envelopes = [typed(read_envelope(r.value)) for r in records]
    ids = {str(e.id) for e in envelopes}
    assert len(ids) == 900 and ids == {r.event_id for r in records}
    assert {e.subject.split("-")[0] for e in envelopes} == {"T", "Tx1", "Tx2", "clock"}
    for record, envelope in zip(records, envelopes, strict=True):
        assert envelope.subject == record.key.decode()
        assert envelope.subject == CLOCK_SUBJECT or envelope.data.participant_id == envelope.subject
        assert envelope.correlationid is None or str(envelope.correlationid) in ids  # its journey's first event
