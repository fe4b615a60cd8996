"""Performance harness: the raw-client limit, each service alone, the pipeline, latency, scaling, replay.

Run with `.venv/bin/python -m benchmarks [--quick] [--out PATH]`. Timings live here, never in pass/fail tests.
"""
