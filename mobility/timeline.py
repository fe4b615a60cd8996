"""One line per event that says what happened to the participant, for people rather than machines."""

from typing import Any

from contracts import Envelope
from contracts.types import Finding, Severity

STAGES = {
    "mobility": "agency",
    "recognition": "recognition",
    "recruitment": "recruitment",
    "integration": "integration",
    "reintegration": "reintegration",
}


def stage_of(envelope: Envelope[Any]) -> str:
    return STAGES.get(envelope.type.split(".", 1)[0], "?")


def _rules(findings: list[Finding], violated_only: bool = True) -> str:
    ids = [f.rule_id for f in findings if not (violated_only and f.passed)]
    return ", ".join(ids) if ids else "none"


def _assessment(findings: list[Finding], blocking: bool) -> str:
    """`BLOCKING`, `waits for: ...` (a pending finding failed: a fact is missing, nothing is violated yet) or `fair`,
    then the violated rules."""
    waits = [f for f in findings if not f.passed and f.severity == Severity.PENDING]
    violated = [f for f in findings if not f.passed and f.severity != Severity.PENDING]
    verdict = "BLOCKING" if blocking else f"waits for: {_rules(waits)}" if waits else "fair"
    line = f"{verdict}; violated: {_rules(violated)}"
    return f"{line}; waits for: {_rules(waits)}" if blocking and waits else line


def describe(envelope: Envelope[Any]) -> str:
    """The decision in one line: outcome and the rule ids behind it."""
    data, kind = envelope.data, envelope.type.rsplit(".", 1)[0]
    match kind:
        case "recognition.decided":
            language = (
                "" if data.language_requirement_met is None else f", language met: {data.language_requirement_met}"
            )
            return f"{data.outcome.value} for ISCO {data.occupation} in {data.destination.value}{language}"
        case "recruitment.assessed":
            return f"{data.stage.value} {data.offer_id}: {_assessment(data.findings, data.blocking)}"
        case "recruitment.placement_cleared":
            return f"placement CLEARED: {data.terms.job_title} in {data.terms.destination.value}"
        case "recruitment.placement_blocked":
            return f"placement BLOCKED: {_rules(data.reasons, violated_only=False)}"
        case "recruitment.placement_pending":
            return f"placement PENDING, waits for: {_rules(data.reasons, violated_only=False)}"
        case "recruitment.standing_changed":
            return (
                f"{data.party.value} {data.party_id} standing {data.standing.value.upper()} (was "
                f"{data.previous.value}; {data.rule_id}: weight {data.weight}, {data.workers} worker(s), "
                + ", ".join(f"{f.rule_id} x{f.count}" for f in data.findings)
                + ")"
            )
        case "integration.alert_raised":
            return f"ALERT {data.alert} ({data.severity.value}): {data.explanation}"
        case "integration.milestone_reached":
            return f"milestone {data.milestone}"
        case "integration.summarised":
            return (
                f"{data.months_worked} months, paid {data.wages_paid.amount} of {data.wages_due.amount} "
                f"{data.wages_due.currency}, alerts: {sum(a.count for a in data.alerts)}"
            )
        case "reintegration.planned":
            return "plan: " + ", ".join(p.kind.value for p in data.pathways)
        case "reintegration.assessed":
            return f"month {data.month}: composite {data.composite} ({data.band})"
        case "reintegration.circular_eligibility":
            return f"eligible again: {data.eligible}; circular migrant: {data.circular_migrant}"
    return kind.split(".", 1)[1].replace("_", " ").replace(".", " ")
