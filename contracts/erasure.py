"""Erasure of a participant's personal data (GDPR Art. 17), requested on mobility.participants and confirmed by
every service on its own topic."""

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import ParticipantId, ShortText


class ErasureRequested(EventData):
    """Every service must delete or anonymise what it holds about the participant."""

    event_type = "mobility.participant.erasure_requested.v1"
    topic = topics.PARTICIPANTS

    participant_id: ParticipantId
    requested_by: ShortText = Field(examples=["agency/TN-ANETI", "participant"])


class ErasureConfirmed(EventData):
    """A service deleted what it held about the participant."""

    participant_id: ParticipantId
    service: ShortText
    cases_deleted: int = Field(ge=0)
    messages_deleted: int = Field(ge=0, description="Published outbox rows about the participant.")


class RecognitionErasureConfirmed(ErasureConfirmed):
    """recognition deleted what it held about the participant."""

    event_type = "recognition.erasure_confirmed.v1"
    topic = topics.RECOGNITION


class RecruitmentErasureConfirmed(ErasureConfirmed):
    """recruitment deleted what it held about the participant."""

    event_type = "recruitment.erasure_confirmed.v1"
    topic = topics.RECRUITMENT


class IntegrationErasureConfirmed(ErasureConfirmed):
    """integration deleted what it held about the participant."""

    event_type = "integration.erasure_confirmed.v1"
    topic = topics.INTEGRATION


class ReintegrationErasureConfirmed(ErasureConfirmed):
    """reintegration deleted what it held about the participant."""

    event_type = "reintegration.erasure_confirmed.v1"
    topic = topics.REINTEGRATION


CONFIRMATIONS: dict[str, type[ErasureConfirmed]] = {
    cls.topic: cls
    for cls in (
        RecognitionErasureConfirmed,
        RecruitmentErasureConfirmed,
        IntegrationErasureConfirmed,
        ReintegrationErasureConfirmed,
    )
}
