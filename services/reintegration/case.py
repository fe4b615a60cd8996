"""A participant's reintegration case: the stays abroad, the returns, and which outputs were emitted."""

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from contracts.integration import IntegrationSummarised
from contracts.returns import ParticipantReturned
from contracts.types import ParticipantId
from services.reintegration.rules.circularity import Stay


class Cycle(BaseModel):
    """One stay abroad and the return from it, and which of its outputs were emitted."""

    model_config = ConfigDict(frozen=True)

    summary: IntegrationSummarised | None = None
    returned: ParticipantReturned | None = None
    planned_on: date | None = None  # the day of the return's first plan (provisional or not)
    provisional: bool = False  # the plan was made without the summary and awaits its revision
    overdue_reported: bool = False
    assessed_months: tuple[int, ...] = ()
    latest_scores: dict[str, Decimal] = {}  # dimension scores of the latest follow-up month scored

    @property
    def stay(self) -> Stay:
        return Stay(
            departed_on=self.summary.arrived_on if self.summary else None,
            returned_on=self.returned.returned_on if self.returned else None,
        )

    @property
    def awaits_plan(self) -> bool:
        return self.returned is not None and self.planned_on is None


class ReintegrationCase(BaseModel):
    """One row per participant: the cycles (stay abroad + return) in the order they were opened.

    A summary and a return may arrive in either order; they are paired by date (the return on or after the
    contract's end). A cycle's plan and eligibility are made when it becomes complete, which happens once. The plan
    waits for the summary because its pathways rest on it (sector, occupation, critical alerts), but not past
    `summary_wait_days` after the return: then a provisional plan is made from the return and the follow-ups, and
    revised once when the summary comes. A return still without any plan the day after its due date (clock ticks
    too far apart) is reported overdue, once, together with its late plan.
    """

    model_config = ConfigDict(frozen=True)

    participant_id: ParticipantId
    cycles: tuple[Cycle, ...] = ()

    def stays(self) -> list[Stay]:
        return [c.stay for c in self.cycles]
