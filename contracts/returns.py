"""Return home and reintegration follow-ups (topic mobility.returns)."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import Contract, CountryCode, ParticipantId, ShortText


class ParticipantReturned(EventData):
    """The participant returned to the home country."""

    event_type = "mobility.participant.returned.v1"
    topic = topics.RETURNS

    participant_id: ParticipantId
    returned_on: date
    home_country: CountryCode
    skills_acquired: list[ShortText] = Field(default_factory=list, max_length=50)


class Dimension(StrEnum):
    """IOM reintegration dimensions."""

    ECONOMIC = "economic"
    SOCIAL = "social"
    PSYCHOSOCIAL = "psychosocial"


class Indicator(Contract):
    """One follow-up indicator, normalised to 0 (worst) .. 1 (best)."""

    indicator_id: ShortText = Field(examples=["income_source", "access_to_health"])
    dimension: Dimension
    value: Decimal = Field(ge=0, le=1, max_digits=4, decimal_places=3)


class FollowUpReported(EventData):
    """A reintegration follow-up survey after return."""

    event_type = "mobility.followup.reported.v1"
    topic = topics.RETURNS

    participant_id: ParticipantId
    month: int = Field(ge=0, le=60, description="Months after return.")
    surveyed_on: date
    indicators: list[Indicator] = Field(min_length=1, max_length=100)
