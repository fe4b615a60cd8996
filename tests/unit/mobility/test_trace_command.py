"""`mobility trace`: Zipkin's spans as a tree by their parent links, with the decision's attributes."""

from rich.console import Console

from mobility.traces import quiet_handlings_note, span_tree


def span(span_id: str, parent: str | None, service: str, name: str, at: int, **tags: str) -> dict[str, object]:
    found: dict[str, object] = {"id": span_id, "name": name, "timestamp": at, "duration": 1500, "tags": tags,
                                "localEndpoint": {"serviceName": service}}  # fmt: skip
    if parent:
        found["parentId"] = parent
    return found


def rendered(spans: list[dict[str, object]]) -> list[str]:
    console = Console(width=300, record=True, color_system=None)
    console.print(span_tree("abc", spans))
    return console.export_text().splitlines()


def test_spans_nest_under_their_parents_in_start_order_with_their_decisions() -> None:
    lines = rendered([
        span("3", "2", "recruitment", "recruitment handle recognition.decided.v1", 30,
             **{"mobility.decision.outcome": '["placement_cleared"]'}),
        span("1", None, "mobility", "publish journey P-1", 10),
        span("2", "1", "recognition", "recognition handle mobility.qualification.submitted.v1", 20,
             **{"mobility.decision.outcome": '["decided:recognised"]', "messaging.kafka.offset": "7"}),
    ])  # fmt: skip
    assert lines[0] == "trace abc: 3 spans, services mobility, recognition, recruitment"
    services = ("mobility", "recognition", "recruitment")
    depths = [line.index(service) for line, service in zip(lines[1:], services, strict=True)]
    assert depths == sorted(set(depths)), lines  # each one level deeper than the one before
    assert 'mobility.decision.outcome=["decided:recognised"]' in lines[2] and "messaging.kafka.offset=7" in lines[2]
    assert "(1.5 ms)" in lines[3]


def test_a_span_whose_parent_is_missing_is_shown_as_a_root() -> None:
    lines = rendered([span("9", "gone", "integration", "integration handle x", 5, error="boom")])
    assert "integration integration handle x" in lines[1] and "error=boom" in lines[1]


def test_the_tree_says_that_quiet_handlings_are_left_out_unless_the_trace_holds_one() -> None:
    decided = span("2", "1", "recognition", "recognition handle x", 20, **{"mobility.decision.outcome": '["decided"]'})
    quiet = span("3", "1", "integration", "integration handle y", 30,
                 **{"mobility.decision.outcome": '["nothing emitted"]'})  # fmt: skip
    note = quiet_handlings_note([decided])
    assert note is not None and "MOBILITY_TRACE_EVERY_HANDLING=true" in note
    assert quiet_handlings_note([decided, quiet]) is None
