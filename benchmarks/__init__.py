"""Performance harness: the raw-client limit, each service alone, the pipeline, latency and its curve, scaling,
replay (through the pipeline, and `mobility replay` settled against as fast as possible), and the soak.

Run with `.venv/bin/python -m benchmarks [--quick] [--out PATH]`, the soak with `python -m benchmarks.soak`.
Timings live here, never in pass/fail tests.
"""
