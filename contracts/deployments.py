"""Arrival, employment changes and contract end, published by Member State agencies (topic mobility.deployments)."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import MemberState, ParticipantId, ShortText


class ParticipantArrived(EventData):
    """The participant arrived in the destination Member State to take up the job."""

    event_type = "mobility.participant.arrived.v1"
    topic = topics.DEPLOYMENTS

    participant_id: ParticipantId
    offer_id: ShortText
    destination: MemberState
    arrived_on: date
    permit_start_on: date | None = Field(default=None, description="Start of the single permit.")


class EndReason(StrEnum):
    """Why an employment contract ended."""

    COMPLETED = "completed"
    DISMISSED = "dismissed"
    RESIGNED = "resigned"
    EMPLOYER_CHANGE = "employer_change"


class ContractEnded(EventData):
    """The employment contract ended."""

    event_type = "mobility.contract.ended.v1"
    topic = topics.DEPLOYMENTS

    participant_id: ParticipantId
    ended_on: date
    reason: EndReason
    contract_id: ShortText | None = Field(
        default=None, description="The contract that ended (as in contract.signed).", examples=["P-TN-0001-contract-1"]
    )
    employer_id: ShortText | None = Field(
        default=None, description="The employer of the contract that ended.", examples=["EMP-DE-0042"]
    )
