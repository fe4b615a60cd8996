"""Integration handlers: event in, monitoring logic, case saved, alerts and summaries emitted."""

from decimal import Decimal

from pydantic import BaseModel

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.integration import IntegrationSummarised
from contracts.monitoring import CheckInReported
from contracts.recruitment import PlacementCleared
from contracts.types import Money
from services.common.cases import load_case, save_case
from services.common.handling import Context, Handler


class IntegrationCase(BaseModel):
    placement: PlacementCleared | None = None
    arrival: ParticipantArrived | None = None
    checkins: list[CheckInReported] = []


def _case(ctx: Context, participant_id: str) -> IntegrationCase:
    return load_case(ctx.session, participant_id, IntegrationCase) or IntegrationCase()


def on_cleared(ctx: Context, event: PlacementCleared) -> None:
    save_case(
        ctx.session, event.participant_id, _case(ctx, event.participant_id).model_copy(update={"placement": event})
    )


def on_arrived(ctx: Context, event: ParticipantArrived) -> None:
    save_case(ctx.session, event.participant_id, _case(ctx, event.participant_id).model_copy(update={"arrival": event}))


def on_checkin(ctx: Context, event: CheckInReported) -> None:
    case = _case(ctx, event.participant_id)
    save_case(ctx.session, event.participant_id, case.model_copy(update={"checkins": [*case.checkins, event]}))


def on_ended(ctx: Context, event: ContractEnded) -> None:
    case = _case(ctx, event.participant_id)
    if case.placement is None or case.arrival is None:
        return
    terms = case.placement.terms
    months = Decimal(len(case.checkins))
    due = terms.monthly_gross_wage.amount * months
    paid = sum((c.gross_paid.amount for c in case.checkins), Decimal(0))
    currency = terms.monthly_gross_wage.currency
    ctx.emit(
        IntegrationSummarised(
            participant_id=event.participant_id,
            partner_country=case.placement.partner_country,
            destination=terms.destination,
            occupation_held=terms.occupation,
            sector=terms.sector.value,
            contract_completed=event.reason == "completed",
            arrived_on=case.arrival.arrived_on,
            ended_on=event.ended_on,
            months_worked=months,
            wages_due=Money(amount=due, currency=currency),
            wages_paid=Money(amount=paid, currency=currency),
            wage_shortfall=Money(amount=max(due - paid, Decimal(0)), currency=currency),
        )
    )


HANDLERS: dict[type, Handler] = {
    PlacementCleared: on_cleared,
    ParticipantArrived: on_arrived,
    CheckInReported: on_checkin,
    ContractEnded: on_ended,
}
