"""Decisions of the recognition service (topic recognition.events)."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.qualifications import CompensationKind, DocumentKind
from contracts.types import Cefr, Contract, Finding, IscoCode, MemberState, ParticipantId

PRE_ASSESSMENT_NOTICE = (
    "Pre-assessment only: the legal recognition decision is taken by the competent national authority."
)


class RecognitionOutcome(StrEnum):
    """Outcomes of the decision procedure (DOMAIN §2.5)."""

    PENDING_DOCUMENTS = "pending_documents"
    NOT_REQUIRED = "not_required"
    RECOGNISED_FULL = "recognised_full"
    RECOGNISED_CONDITIONAL = "recognised_conditional"
    PARTIAL_ACCESS = "partial_access"
    REFER_TO_COMPETENT_AUTHORITY = "refer_to_competent_authority"
    REJECTED = "rejected"


class Element(StrEnum):
    """The five elements of a qualification (Lisbon Recognition Convention)."""

    LEVEL = "level"
    WORKLOAD = "workload"
    QUALITY = "quality"
    PROFILE = "profile"
    LEARNING_OUTCOMES = "learning_outcomes"


class SubstantialDifference(Contract):
    """A difference the recognising side found and must justify."""

    element: Element
    required: str
    found: str
    explanation: str


class Compensation(Contract):
    """A compensation measure a conditional recognition requires."""

    options: list[CompensationKind] = Field(min_length=1)
    applicant_chooses: bool
    max_adaptation_months: int = Field(ge=0, le=36)
    completed: bool = False


class RecognitionDecided(EventData):
    """The recognition pre-assessment of a participant's qualification for the target occupation."""

    event_type = "recognition.decided.v1"
    topic = topics.RECOGNITION

    participant_id: ParticipantId
    outcome: RecognitionOutcome
    occupation: IscoCode
    destination: MemberState
    allows_occupation: bool = Field(description="True when the participant may take up the occupation.")
    missing_documents: list[DocumentKind] = Field(default_factory=list)
    substantial_differences: list[SubstantialDifference] = Field(default_factory=list)
    compensation: Compensation | None = None
    language_required: Cefr | None = None
    language_requirement_met: bool | None = None
    findings: list[Finding] = Field(default_factory=list)
    decided_on: date
    notice: str = PRE_ASSESSMENT_NOTICE


class RecognitionDeadlineMissed(EventData):
    """A procedure deadline passed without the step it bounds."""

    event_type = "recognition.deadline_missed.v1"
    topic = topics.RECOGNITION

    participant_id: ParticipantId
    deadline: str = Field(examples=["acknowledge", "decide"])
    due_on: date
    rule_id: str
    source: str
