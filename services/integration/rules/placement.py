"""What the integration service knows of the placement: recruitment's decisions on each contract, the alert when a
worker is monitored without a clearance, and the alert when a check-in cannot be compared with any terms."""

from collections.abc import Sequence
from datetime import date

from contracts.integration import AlertRaised, AlertSeverity
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending
from contracts.types import Finding, Severity
from services.common.evidence import Evidence
from services.integration.case import Decision, Period, Status, Terms
from services.integration.rules.catalogue import Observation, alert, observed


def cleared(event: PlacementCleared, on: date) -> Decision:
    terms = event.terms
    return Decision(
        status="cleared",
        decided_on=on,
        offer_id=terms.offer_id,
        contract_id=event.contract_id,
        employer_id=terms.employer.employer_id,
        terms=Terms.of(terms),
    )


def _reasons(findings: Sequence[Finding], severity: Severity) -> list[str]:
    """The rules that hold the placement: the failed findings of `severity`, else every failed one, else all."""
    failed = [f for f in findings if not f.passed]
    return sorted({f.rule_id for f in [f for f in failed if f.severity is severity] or failed or findings})


def not_cleared(event: PlacementBlocked | PlacementPending, on: date) -> Decision:
    """A blocked or pending decision, with the terms assessed when recruitment sends them."""
    status: Status = "blocked" if isinstance(event, PlacementBlocked) else "pending"
    return Decision(
        status=status,
        decided_on=on,
        offer_id=event.offer_id,
        contract_id=event.contract_id,
        employer_id=event.terms.employer.employer_id if event.terms else None,
        terms=Terms.of(event.terms) if event.terms else None,
        blocking_rules=_reasons(event.reasons, Severity.BLOCK if status == "blocked" else Severity.PENDING),
    )


def merged(before: Decision | None, after: Decision) -> Decision:
    """A new decision on the same contract keeps the terms and employer known before when it carries none."""
    if before is None or before.other_job(after):
        return after
    return after.model_copy(
        update={"terms": after.terms or before.terms, "employer_id": after.employer_id or before.employer_id}
    )


def without_clearance(participant_id: str, period: Period, on: date) -> AlertRaised | None:
    """ARRIVED_WITHOUT_CLEARANCE: the participant arrived, or a new contract started, while its placement is
    blocked, pending or not decided at all."""
    decision = period.decision
    if decision is not None and decision.cleared:
        return None
    status = decision.status if decision else "none"
    rules = ",".join(decision.blocking_rules) if decision else ""
    evidence: Evidence = {
        "period": period.index,
        "started_on": period.started_on.isoformat(),
        "decision": status,
        "offer_id": decision.offer_id if decision else None,
        "contract_id": decision.contract_id if decision else None,
        "blocking_rules": rules or None,
        "terms_known": period.terms is not None,
    }
    started = "arrived" if period.index == 0 else "started a new contract"
    state = {
        "blocked": f"is blocked ({rules})",
        "pending": f"is not cleared yet ({rules or 'pending'})",
        "none": "has no decision from recruitment",
    }[status]
    explanation = (
        f"The participant {started} on {period.started_on} while the placement {state}: monitoring runs, and the "
        "case needs a caseworker."
    )
    return alert("ARRIVED_WITHOUT_CLEARANCE", AlertSeverity.CRITICAL, participant_id, on, evidence, explanation)


def terms_unknown(obs: Observation, skipped: Sequence[str]) -> AlertRaised:
    """TERMS_UNKNOWN: the checks a check-in could not make for want of contract terms, named."""
    names = ",".join(sorted(skipped))
    explanation = (
        f"No contract terms are known for this check-in (no clearance, no blocked decision with terms): the checks "
        f"{names.replace(',', ', ')} were skipped and run once the terms are known."
    )
    return observed(obs, "TERMS_UNKNOWN", AlertSeverity.MEDIUM, {"skipped_checks": names}, explanation)
