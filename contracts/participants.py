"""Events agencies publish when a participant enters a Talent Partnership (topic mobility.participants)."""

from datetime import date

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import IscoCode, LanguageCode, MemberState, ParticipantId, PartnerCountry


class ParticipantRegistered(EventData):
    """A partner-country agency registered a participant for a mobility to an EU Member State."""

    event_type = "mobility.participant.registered.v1"
    topic = topics.PARTICIPANTS

    participant_id: ParticipantId
    partner_country: PartnerCountry = Field(description="Talent Partnership country of origin.")
    destination: MemberState = Field(description="Member State of the intended employment.")
    target_occupation: IscoCode = Field(description="ISCO-08 code of the occupation sought.")
    birth_date: date = Field(description="Needed for the minimum-age rule (FR-AGE-1).")
    languages: list[LanguageCode] = Field(
        min_length=1, max_length=20, description="Languages the participant understands (FR-CON-1)."
    )
    programme: str | None = Field(default=None, max_length=100, examples=["TP-TN-ICT-2025"])
    funding_source: str | None = Field(default=None, max_length=100, examples=["THAMM", "MPF"])
