"""The cyclic garbage collector as a long-running service wants it once start-up is done."""

import gc

# A young collection every 700 net allocations (Python's default) took 7 % of recognition's, 9 % of recruitment's and
# 10 % of integration's CPU in process (README, "Benchmarks"): a batch allocates far more than that in objects that
# die with it.
YOUNG_THRESHOLD = 50_000


def settle_after_startup() -> None:
    """Collect start-up's garbage, keep what start-up made (modules, models, schemas) out of every later sweep, and
    collect the young generation less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 20, 20)
