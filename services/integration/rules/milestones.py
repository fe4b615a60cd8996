"""Integration milestones (docs/domain.md, "Integration"), each reached once: rights briefing, language gained,
six months, completion."""

from datetime import date

from contracts.deployments import ContractEnded, EndReason
from contracts.integration import MilestoneReached
from contracts.monitoring import CheckInReported
from services.common.dates import add_months
from services.integration.case import IntegrationCase

BRIEFING = "rights_briefing_delivered"
LANGUAGE = "language_level_gained"
SIX_MONTHS = "six_months_employed"
COMPLETED = "contract_completed"


def rights_briefing(case: IntegrationCase, checkin: CheckInReported, on: date) -> MilestoneReached | None:
    """The first check-in that reports the rights briefing received."""
    if not checkin.rights_briefing_received or BRIEFING in case.milestones:
        return None
    return MilestoneReached(
        participant_id=checkin.participant_id,
        milestone=BRIEFING,
        reached_on=on,
        detail={"checkin_id": checkin.checkin_id},
    )


def language_gained(case: IntegrationCase, checkin: CheckInReported, on: date) -> MilestoneReached | None:
    """A host-language level above every level reported before, the first report being the baseline; once per
    level."""
    level, best = checkin.language_level, case.language_best
    if level is None or best is None or level.rank <= best.rank:
        return None
    detail: dict[str, str | int | bool | None] = {"from": best.value, "to": level.value}
    detail["first_reported"] = case.language_start.value if case.language_start else None
    return MilestoneReached(participant_id=checkin.participant_id, milestone=LANGUAGE, reached_on=on, detail=detail)


def six_months_employed(case: IntegrationCase, day: date) -> MilestoneReached | None:
    """Six months after arrival, on the first clock tick the contract is running and no unemployment is reported."""
    arrival = case.arrival
    if arrival is None or SIX_MONTHS in case.milestones or case.ended or case.unemployed_since:
        return None
    if day < add_months(arrival.arrived_on, 6):
        return None
    detail: dict[str, str | int | bool | None] = {"arrived_on": arrival.arrived_on.isoformat()}
    return MilestoneReached(participant_id=arrival.participant_id, milestone=SIX_MONTHS, reached_on=day, detail=detail)


def contract_completed(case: IntegrationCase, ended: ContractEnded) -> MilestoneReached | None:
    """The contract ended because it ran its course."""
    if ended.reason is not EndReason.COMPLETED or COMPLETED in case.milestones:
        return None
    return MilestoneReached(participant_id=ended.participant_id, milestone=COMPLETED, reached_on=ended.ended_on)


def checkin_milestones(case: IntegrationCase, checkin: CheckInReported, on: date) -> list[MilestoneReached]:
    found = (rights_briefing(case, checkin, on), language_gained(case, checkin, on))
    return [m for m in found if m is not None]


def milestone_key(reached: MilestoneReached) -> str:
    """Language milestones are kept per level, the others once."""
    return f"{LANGUAGE}:{reached.detail['to']}" if reached.milestone == LANGUAGE else reached.milestone
