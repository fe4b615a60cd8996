"""Integration milestones (docs/domain.md, "Integration"), each with its rule id, evidence and source: the rights
briefing and each language level gained once in the stay, six months and completion once per monitoring period."""

from datetime import date

from contracts.deployments import ContractEnded, EndReason
from contracts.integration import MilestoneReached
from contracts.monitoring import CheckInReported
from services.common.dates import add_months
from services.common.evidence import Evidence
from services.integration.case import IntegrationCase, Period
from services.integration.rules.sources import MILESTONE_RULES

BRIEFING = "rights_briefing_delivered"
LANGUAGE = "language_level_gained"
SIX_MONTHS = "six_months_employed"
COMPLETED = "contract_completed"
PER_PERIOD = (SIX_MONTHS, COMPLETED)


def reached(milestone: str, participant_id: str, on: date, evidence: Evidence) -> MilestoneReached:
    rule_id, source = MILESTONE_RULES[milestone]
    return MilestoneReached(
        participant_id=participant_id,
        milestone=milestone,
        reached_on=on,
        detail=dict(evidence),
        rule_id=rule_id,
        evidence=dict(evidence),
        source=source,
    )


def period_key(milestone: str, period: Period) -> str:
    return f"{milestone}@{period.index}"


def rights_briefing(case: IntegrationCase, checkin: CheckInReported, on: date) -> MilestoneReached | None:
    """The first check-in that reports the rights briefing received."""
    if not checkin.rights_briefing_received or BRIEFING in case.milestones:
        return None
    evidence: Evidence = {"checkin_id": checkin.checkin_id, "rights_briefing_received": True}
    return reached(BRIEFING, checkin.participant_id, on, evidence)


def language_gained(case: IntegrationCase, checkin: CheckInReported, on: date) -> MilestoneReached | None:
    """A host-language level above every level reported before, the first report being the baseline; once per
    level."""
    level, best = checkin.language_level, case.language_best
    if level is None or best is None or level == best or level.rank < best.rank:
        return None
    evidence: Evidence = {"from": best.value, "to": level.value, "checkin_id": checkin.checkin_id}
    evidence["first_reported"] = case.language_start.value if case.language_start else None
    return reached(LANGUAGE, checkin.participant_id, on, evidence)


def six_months_employed(case: IntegrationCase, day: date) -> MilestoneReached | None:
    """Six months into a monitoring period (from the arrival, or the start of a later contract), on the first clock
    tick the contract is running and no unemployment is reported."""
    period, arrival = case.current, case.arrival
    if period is None or arrival is None or period_key(SIX_MONTHS, period) in case.milestones:
        return None
    if period.ended or case.unemployed_since or day < add_months(period.started_on, 6):
        return None
    evidence: Evidence = {
        "arrived_on": arrival.arrived_on.isoformat(),
        "period": period.index,
        "period_started_on": period.started_on.isoformat(),
        "contract_id": period.decision.contract_id if period.decision else None,
        "unemployed_since": None,
    }
    return reached(SIX_MONTHS, arrival.participant_id, day, evidence)


def contract_completed(case: IntegrationCase, ended: ContractEnded) -> MilestoneReached | None:
    """The current period's contract ended because it ran its course."""
    period = case.current
    if period is None or ended.reason is not EndReason.COMPLETED or period_key(COMPLETED, period) in case.milestones:
        return None
    evidence: Evidence = {"reason": ended.reason.value, "contract_id": ended.contract_id, "period": period.index}
    return reached(COMPLETED, ended.participant_id, ended.ended_on, evidence)


def checkin_milestones(case: IntegrationCase, checkin: CheckInReported, on: date) -> list[MilestoneReached]:
    found = (rights_briefing(case, checkin, on), language_gained(case, checkin, on))
    return [m for m in found if m is not None]


def milestone_key(case: IntegrationCase, milestone: MilestoneReached) -> str:
    """Language milestones are kept per level, six months and completion per period, the briefing once."""
    if milestone.milestone == LANGUAGE:
        return f"{LANGUAGE}:{milestone.evidence['to']}"
    if milestone.milestone in PER_PERIOD and case.current is not None:
        return period_key(milestone.milestone, case.current)
    return milestone.milestone
