"""How each event changes a participant's insights case: pure `(case, event, day, policy) -> (case, [])`.

Insights records facts and emits nothing. A step keeps the first day of a stage (a redelivery or a second
registration changes nothing) and the latest of a decision that can be revised."""

from datetime import date
from decimal import Decimal
from typing import Any

from contracts.deployments import ParticipantArrived
from contracts.integration import AlertRaised, IntegrationSummarised
from contracts.monitoring import GrievanceFiled, GrievanceResolved
from contracts.offers import ContractSigned, JobOffered, JobTerms
from contracts.participants import ParticipantRegistered
from contracts.qualifications import QualificationSubmitted
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending, RecruitmentAssessed
from contracts.reintegration import (
    CircularMobilityEligibility,
    ReintegrationAssessed,
    ReintegrationPlanned,
    ReintegrationPlanOverdue,
)
from contracts.returns import ParticipantReturned
from contracts.types import Finding, Severity
from services.common.flow import Advanced
from services.insights.case import (
    Assessment,
    Followup,
    Grievance,
    InsightsCase,
    Placement,
    RecruitmentCost,
    Stay,
)
from services.insights.indicators.policy import InsightsPolicy

FL_MULTI = "FL_MULTI"


def _set(case: InsightsCase, **update: Any) -> Advanced[InsightsCase]:
    return case.model_copy(update=update), []


def _first(current: date | None, day: date) -> date:
    return day if current is None else min(current, day)


def on_registered(
    case: InsightsCase, event: ParticipantRegistered, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    return _set(
        case,
        partner_country=event.partner_country.value,
        destination=case.destination or event.destination.value,
        programme=event.programme,
        funding_source=event.funding_source,
        registered_on=_first(case.registered_on, day),
    )


def on_submitted(
    case: InsightsCase, _event: QualificationSubmitted, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    return _set(case, submitted_on=_first(case.submitted_on, day))


def _terms(case: InsightsCase, terms: JobTerms) -> dict[str, Any]:
    return {"sector": terms.sector.value, "destination": case.destination or terms.destination.value}


def on_offered(case: InsightsCase, event: JobOffered, _day: date, _policy: InsightsPolicy) -> Advanced[InsightsCase]:
    return _set(case, **_terms(case, event))


def on_signed(case: InsightsCase, event: ContractSigned, _day: date, _policy: InsightsPolicy) -> Advanced[InsightsCase]:
    """The sector, and the SDG 10.7.1 inputs of the latest contract: what the worker pays, what the job pays."""
    currency = event.monthly_gross_wage.currency
    worker = [cost.amount for cost in event.costs if cost.paid_by_worker]
    if event.wage_deductions_for_recruitment is not None:
        worker.append(event.wage_deductions_for_recruitment)
    cost = RecruitmentCost(
        contract_id=event.contract_id,
        signed_on=event.signed_on,
        worker_costs=sum((money.amount for money in worker), Decimal(0)),
        monthly_earnings=event.monthly_gross_wage.amount * event.payments_per_year / 12,
        comparable=all(money.currency == currency for money in worker),
    )
    return _set(case, cost=cost, **_terms(case, event))


def on_decided(
    case: InsightsCase, event: RecognitionDecided, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    if case.recognition_outcome_on is not None and event.decided_on < case.recognition_outcome_on:
        return case, []  # an older decision read late does not replace a newer one
    update: dict[str, Any] = {"recognition_outcome": event.outcome.value, "recognition_outcome_on": event.decided_on}
    if event.outcome is not RecognitionOutcome.PENDING_DOCUMENTS:
        update["recognised_on"] = _first(case.recognised_on, event.decided_on)
    return _set(case, **update)


def _violated(findings: list[Finding]) -> tuple[str, ...]:
    return tuple(sorted({f.rule_id for f in findings if not f.passed and f.severity is not Severity.PENDING}))


def on_assessed(
    case: InsightsCase, event: RecruitmentAssessed, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    key = f"{event.stage.value}:{event.contract_id or event.offer_id}"
    assessment = Assessment(stage=event.stage.value, assessed_on=day, fair=not event.blocking,
                            violations=_violated(event.findings))  # fmt: skip
    return _set(case, assessments={**case.assessments, key: assessment})


def on_cleared(
    case: InsightsCase, event: PlacementCleared, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    return _set(
        case,
        placement=Placement(outcome="cleared", decided_on=day),
        placed_on=_first(case.placed_on, day),
        partner_country=case.partner_country or event.partner_country.value,
        **_terms(case, event.terms),
    )


def on_blocked(
    case: InsightsCase, event: PlacementBlocked, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    reasons = tuple(sorted({f.rule_id for f in event.reasons if not f.passed}))
    return _set(case, placement=Placement(outcome="blocked", decided_on=day, reasons=reasons))


def on_pending(
    case: InsightsCase, event: PlacementPending, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    reasons = tuple(sorted({f.rule_id for f in event.reasons if not f.passed}))
    return _set(case, placement=Placement(outcome="pending", decided_on=day, reasons=reasons))


def on_arrived(
    case: InsightsCase, event: ParticipantArrived, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    return _set(case, arrived_on=_first(case.arrived_on, event.arrived_on))


def on_alert(case: InsightsCase, event: AlertRaised, _day: date, _policy: InsightsPolicy) -> Advanced[InsightsCase]:
    """Only FL_MULTI is counted per case; the other alerts are counted from the stays' summaries."""
    if event.alert != FL_MULTI:
        return case, []
    return _set(case, forced_labour_multi_on=_first(case.forced_labour_multi_on, event.raised_on))


def on_summarised(
    case: InsightsCase, event: IntegrationSummarised, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    """One stay per arrival and contract; a summary sent again for the same stay replaces the earlier one."""
    stay = Stay(arrived_on=event.arrived_on, ended_on=event.ended_on, months_worked=event.months_worked,
                completed=event.contract_completed, alerts={a.alert: a.count for a in event.alerts})  # fmt: skip
    update: dict[str, Any] = {"stays": {**case.stays, f"{event.arrived_on}:{event.contract_id or ''}": stay}}
    if event.contract_completed:
        update["completed_on"] = _first(case.completed_on, event.ended_on)
    return _set(case, **update)


def on_grievance_filed(
    case: InsightsCase, event: GrievanceFiled, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    known = case.grievances.get(event.grievance_id)
    grievance = Grievance(filed_on=event.filed_on, resolved_on=known.resolved_on if known else None)
    return _set(case, grievances={**case.grievances, event.grievance_id: grievance})


def on_grievance_resolved(
    case: InsightsCase, event: GrievanceResolved, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    known = case.grievances.get(event.grievance_id)
    if known is None:
        return case, []  # a resolution without its filing counts nowhere
    resolved = known.model_copy(update={"resolved_on": event.resolved_on})
    return _set(case, grievances={**case.grievances, event.grievance_id: resolved})


def on_returned(
    case: InsightsCase, event: ParticipantReturned, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    return _set(case, returned_on=_first(case.returned_on, event.returned_on))


def on_planned(
    case: InsightsCase, event: ReintegrationPlanned, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    """A return's first plan (provisional or not); its revision is the same return, planned already."""
    due = event.due_on.isoformat()
    if case.plans.get(due) is not None:
        return case, []
    return _set(case, plans={**case.plans, due: event.planned_on})


def on_plan_overdue(
    case: InsightsCase, event: ReintegrationPlanOverdue, _day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    due = event.due_on.isoformat()
    if due in case.plans:
        return case, []
    return _set(case, plans={**case.plans, due: None})


def on_scored(
    case: InsightsCase, event: ReintegrationAssessed, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    if case.followup is not None and event.month < case.followup.month:
        return case, []
    followup = Followup(month=event.month, surveyed_on=event.surveyed_on or day, scores=event.scores,
                        composite=event.composite)  # fmt: skip
    return _set(case, followup=followup)


def on_eligibility(
    case: InsightsCase, event: CircularMobilityEligibility, day: date, _policy: InsightsPolicy
) -> Advanced[InsightsCase]:
    return _set(case, eligible=event.eligible, eligibility_on=event.assessed_on or day)
