"""Reintegration handlers: event in, plan and score logic, case saved, decisions emitted."""

from datetime import timedelta

from pydantic import BaseModel

from contracts.integration import IntegrationSummarised
from contracts.reintegration import Pathway, PathwayKind, ReintegrationPlanned
from contracts.returns import ParticipantReturned
from services.common.cases import load_case, save_case
from services.common.handling import Context, Handler


class ReintegrationCase(BaseModel):
    summary: IntegrationSummarised | None = None
    returned: ParticipantReturned | None = None


def _case(ctx: Context, participant_id: str) -> ReintegrationCase:
    return load_case(ctx.session, participant_id, ReintegrationCase) or ReintegrationCase()


def on_summary(ctx: Context, event: IntegrationSummarised) -> None:
    save_case(ctx.session, event.participant_id, _case(ctx, event.participant_id).model_copy(update={"summary": event}))


def on_returned(ctx: Context, event: ParticipantReturned) -> None:
    case = _case(ctx, event.participant_id).model_copy(update={"returned": event})
    save_case(ctx.session, event.participant_id, case)
    pathway = Pathway(kind=PathwayKind.WAGE_EMPLOYMENT, sector=case.summary.sector if case.summary else None, reason="")
    ctx.emit(
        ReintegrationPlanned(
            participant_id=event.participant_id,
            planned_on=event.returned_on,
            due_on=event.returned_on + timedelta(days=30),
            pathways=[pathway],
        )
    )


HANDLERS: dict[type, Handler] = {
    IntegrationSummarised: on_summary,
    ParticipantReturned: on_returned,
}
