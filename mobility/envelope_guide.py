"""The envelope explained for agencies, generated from the contracts so that it cannot go stale.

`mobility envelope` writes docs/envelope.md (what each envelope attribute must hold, from the descriptions in
contracts/envelope.py, and a minimal valid event per inbound type) and docs/examples/inbound.jsonl (the same events,
one per line, ready for `mobility validate` and `mobility publish`). A minimal event keeps only the fields its
contract requires, at every depth; their values come from the sample journeys, which are built with the contracts.
A contract test fails when either file differs from what this module writes.
"""

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, get_args, get_origin
from uuid import uuid5

from pydantic import BaseModel

from contracts import EVENT_TYPES, Envelope, EventData, topics
from contracts.envelope import NAMESPACE
from contracts.erasure import ErasureRequested
from contracts.monitoring import GrievanceResolved
from contracts.qualifications import (
    AuthorityOutcome,
    LanguageCertified,
    RecognitionApplicationAcknowledged,
    RecognitionApplicationDecided,
    RecognitionApplicationLodged,
    RecognitionDecisionExtended,
)
from contracts.types import Cefr, MemberState
from mobility.journeys import JourneyPlan, clock_ticks, sample_journey

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDE = DOCS / "envelope.md"
EXAMPLES = DOCS / "examples" / "inbound.jsonl"

PARTICIPANT = "P-TN-0001"
AGENCY = "agency/TN-ANETI"
DATA = (
    "The payload: the fields of the event type, listed in its JSON Schema (`contracts/schemas/<type>.json`); "
    "`data.participant_id` must equal `subject`."
)
PLAN = JourneyPlan(PARTICIPANT, compensation_after_days=60, grievances=((2, "wages"),))


def _procedure_events() -> list[EventData]:
    """Inbound facts the sample journeys do not report (the authority's procedure, a language certificate, a
    grievance resolved, an erasure request), built with their contracts."""
    p, dest = PARTICIPANT, MemberState.DE
    return [
        LanguageCertified(participant_id=p, language="de", level=Cefr.B1, certified_on=date(2026, 1, 20)),
        RecognitionApplicationLodged(participant_id=p, authority="IHK FOSA", occupation="7411", destination=dest,
                                     lodged_on=date(2026, 2, 2)),
        RecognitionApplicationAcknowledged(participant_id=p, acknowledged_on=date(2026, 2, 20)),
        RecognitionDecisionExtended(participant_id=p, extended_on=date(2026, 5, 1)),
        RecognitionApplicationDecided(participant_id=p, occupation="7411", destination=dest,
                                      outcome=AuthorityOutcome.RECOGNISED_FULL, decided_on=date(2026, 5, 20)),
        GrievanceResolved(participant_id=p, grievance_id=f"{p}-grievance-1", resolved_on=date(2026, 6, 15)),
        ErasureRequested(participant_id=p, requested_by="participant"),
    ]  # fmt: skip


def _required_only(value: Any, annotation: Any) -> Any:
    """`value` without the fields its model does not require, at every depth."""
    while get_origin(annotation) is not None and get_origin(annotation) is not list:
        annotation = get_args(annotation)[0]  # Annotated[X, ...] -> X
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        fields = annotation.model_fields
        return {
            name: _required_only(item, fields[name].annotation)
            for name, item in value.items()
            if name in fields and fields[name].is_required()
        }
    if get_origin(annotation) is list and isinstance(value, list):
        return [_required_only(item, get_args(annotation)[0]) for item in value[:1]]
    return value


def minimal_examples() -> list[dict[str, Any]]:
    """One minimal valid envelope per inbound event type, in the order of contracts' registry."""
    journey = sample_journey(PLAN)
    registered = journey[0]
    payloads: dict[str, tuple[EventData, datetime]] = {e.type: (e.data, e.time) for e in reversed(journey)}
    for data in _procedure_events():
        payloads[data.event_type] = (data, datetime.combine(_day_of(data), time(9, 0), tzinfo=UTC))
    tick = clock_ticks(date(2026, 1, 5), date(2026, 1, 5))[0]
    examples = []
    for event_type, model in EVENT_TYPES.items():
        if model.topic not in topics.INBOUND:
            continue
        if event_type == tick.type:
            examples.append(json.loads(tick.model_dump_json()))
            continue
        data, at = payloads[event_type]
        event_id = registered.id if event_type == registered.type else uuid5(NAMESPACE, f"example/{event_type}")
        envelope = {"specversion": "1.0", "id": str(event_id), "type": event_type, "source": AGENCY,
                    "subject": PARTICIPANT, "time": at.isoformat().replace("+00:00", "Z"),
                    "datacontenttype": "application/json", "correlationid": str(registered.id),
                    "data": _required_only(json.loads(data.model_dump_json()), model)}  # fmt: skip
        Envelope[model].model_validate(envelope)  # type: ignore[valid-type]
        examples.append(envelope)
    return examples


def _day_of(data: EventData) -> date:
    days = [v for v in data.model_dump().values() if isinstance(v, date)]
    return days[0] if days else date(2026, 9, 1)


def envelope_attributes() -> str:
    """One paragraph per envelope attribute: what it must hold (for `mobility publish --help`)."""
    described = [f"{name}: {field.description}" for name, field in Envelope.model_fields.items() if field.description]
    return "\n\n".join([*described, f"data: {DATA}"])


def _attribute_rows() -> list[str]:
    rows = []
    for name, field in Envelope.model_fields.items():
        if name == "data":
            continue
        need = "required" if field.is_required() else f"optional (default `{json.dumps(field.default)}`)"
        rows.append(f"| `{name}` | {need} | {field.description} |")
    rows.append(f"| `data` | required | {DATA} |")
    return rows


def render_guide(examples: list[dict[str, Any]]) -> str:
    parts = [
        "# The envelope, for agencies publishing by hand",
        "",
        "Generated by `mobility envelope` from the contracts (`contracts/envelope.py` and the event types); do not",
        "edit by hand. The same examples, one per line, are in `docs/examples/inbound.jsonl`:",
        "`mobility validate docs/examples/inbound.jsonl` passes.",
        "",
        "Each line of a file for `mobility publish` is one event: a CloudEvents 1.0 envelope in structured mode",
        "with the payload in `data`. The type decides the topic; the subject is the Kafka key.",
        "",
        "| attribute | | what it must hold |",
        "|---|---|---|",
        *_attribute_rows(),
        "",
        "A field the contracts do not define, in the envelope or in `data`, is an error for `mobility publish` and",
        "`mobility validate` (`--allow-unknown-fields` overrides). The examples below hold only the required",
        "fields; every optional field left out is a fact the services do not know (see each type's JSON Schema),",
        "so send every fact you have.",
        "",
        "## A minimal valid event per inbound type",
    ]
    for example in examples:
        model = EVENT_TYPES[example["type"]]
        summary = " ".join((model.__doc__ or "").split())
        parts += ["", f"### `{example['type']}` on `{model.topic}`", "", summary, "", "```json",
                  json.dumps(example, indent=2, ensure_ascii=False), "```"]  # fmt: skip
    return "\n".join(parts) + "\n"


def render_examples(examples: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in examples)


def write_guide() -> list[Path]:
    examples = minimal_examples()
    EXAMPLES.parent.mkdir(parents=True, exist_ok=True)
    GUIDE.write_text(render_guide(examples))
    EXAMPLES.write_text(render_examples(examples))
    return [GUIDE, EXAMPLES]
