"""The tracing benchmark's summary: each round's on against the off run next to it, then the median."""

from benchmarks.tracing import paired_change


def test_the_change_is_the_median_of_each_round_against_its_own_off_run() -> None:
    # A busy second round slows both runs alike; against its own off run it is as slow as the others.
    figures = {"off": [500.0, 250.0, 400.0], "on": [450.0, 225.0, 380.0]}

    assert round(paired_change(figures, "on"), 3) == -0.1
