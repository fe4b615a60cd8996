"""`python benchmarks/context_passing.py RECORDS` (run by path, under `PYTHONPATH` of the checkout to measure; from
`python -m benchmarks.tracing`): with tracing as the OTEL_* variables say, what a service does per record to pass its
trace context on, alone: the handling span around the record, the trace headers of the rows it emits, and (in code
that has one) the relay's span around their publish. Half the records bring a `traceparent` (decisions), half none
(agency events). Prints CPU microseconds per record."""

import datetime
import sys
import time
import uuid

from contracts import new_envelope
from contracts.clock import DayStarted
from services.common import telemetry
from services.common.incoming import Incoming


def main(records: int) -> float:
    telemetry.setup_tracing("benchmark")
    day = datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    envelope = new_envelope(DayStarted(day=day.date()), id=uuid.uuid4(), source="clock", subject="P-1", time=day)
    brought = {"traceparent": f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"}
    incoming = [Incoming("t", 0, n, b"P-1", b"", brought if n % 2 else {}) for n in range(records)]
    relay_span = getattr(telemetry, "publishing_span", None)  # until round 25 the relay made a span per row
    started = time.process_time()
    for record in incoming:
        with telemetry.handling_span("benchmark", record, envelope):
            headers = telemetry.with_trace_context({"content-type": "application/json", "type": envelope.type})
        if relay_span is not None:
            span, _ = relay_span("t", envelope.id, record.key, headers)
            span.end()
    return 1e6 * (time.process_time() - started) / records


if __name__ == "__main__":
    print(main(int(sys.argv[1])))
