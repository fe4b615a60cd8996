"""Plain example events of one participant for the reintegration unit tests."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from contracts.integration import IntegrationSummarised
from contracts.returns import Dimension, FollowUpReported, Indicator, ParticipantReturned
from contracts.types import Money
from services.reintegration.rules.policy import ReintegrationPolicy

POLICY = ReintegrationPolicy()
PARTICIPANT = "P-TN-0001"
ARRIVED = date(2026, 1, 5)
ENDED = date(2026, 10, 5)
RETURNED = date(2026, 10, 15)


def summary(**changes: Any) -> IntegrationSummarised:
    wage = Money(amount=Decimal("23400.00"), currency="EUR")
    fields: dict[str, Any] = {
        "participant_id": PARTICIPANT,
        "partner_country": "TN",
        "destination": "DE",
        "occupation_held": "7112",
        "sector": "construction",
        "contract_completed": True,
        "arrived_on": ARRIVED,
        "ended_on": ENDED,
        "months_worked": Decimal(9),
        "wages_due": wage,
        "wages_paid": wage,
        "wage_shortfall": Money(amount=Decimal(0), currency="EUR"),
    }
    return IntegrationSummarised.model_validate(fields | changes)


def returned(**changes: Any) -> ParticipantReturned:
    fields: dict[str, Any] = {"participant_id": PARTICIPANT, "returned_on": RETURNED, "home_country": "TN"}
    return ParticipantReturned.model_validate(fields | changes)


def followup(month: int, economic: str, social: str, psychosocial: str) -> FollowUpReported:
    values = {Dimension.ECONOMIC: economic, Dimension.SOCIAL: social, Dimension.PSYCHOSOCIAL: psychosocial}
    indicators = [Indicator(indicator_id=f"{d.value}_1", dimension=d, value=Decimal(v)) for d, v in values.items()]
    return FollowUpReported(
        participant_id=PARTICIPANT,
        month=month,
        surveyed_on=RETURNED + timedelta(days=30 * month),
        indicators=indicators,
    )
