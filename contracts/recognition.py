"""Decisions of the recognition service (topic recognition.events)."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.qualifications import CompensationKind, DocumentKind
from contracts.types import Cefr, Contract, EqfLevel, Finding, IscoCode, MemberState, ParticipantId, ShortText

PRE_ASSESSMENT_NOTICE = (
    "Pre-assessment only: the legal recognition decision is taken by the competent national authority."
)


class RecognitionOutcome(StrEnum):
    """Outcomes of the decision procedure (docs/domain.md, "Recognition")."""

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
    covered_by_experience: bool = Field(
        default=False, description="Documented professional experience covers this difference (Art. 14(5))."
    )


class Compensation(Contract):
    """A compensation measure a conditional recognition requires."""

    options: list[CompensationKind] = Field(min_length=1)
    applicant_chooses: bool
    max_adaptation_months: int = Field(ge=0, le=36)
    completed: bool = Field(default=False, description="The measure was taken and passed.")
    taken: CompensationKind | None = Field(default=None, description="The measure the applicant took, once it ended.")
    passed: bool | None = Field(default=None, description="Outcome of the measure taken; None while none ended.")


class ComparabilityStatement(Contract):
    """Advisory comparison for an occupation that needs no recognition (ENIC-NARIC style)."""

    found_eqf_level: EqfLevel
    typical_eqf_level: EqfLevel
    comparable: bool = Field(description="The qualification's EQF level reaches the occupation's typical level.")
    statement: str = Field(examples=["EQF level 5 meets the level 4 the occupation needs."])


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
    language_required: Cefr | None = Field(
        default=None, description="Destination-language level the occupation needs; set only after recognition."
    )
    language_requirement_met: bool | None = Field(
        default=None, description="None while no certificate in a destination language is known."
    )
    comparability_statement: ComparabilityStatement | None = Field(
        default=None, description="For NOT_REQUIRED: how the qualification compares with the occupation."
    )
    partial_access_activities: list[ShortText] = Field(
        default_factory=list,
        max_length=50,
        description="For PARTIAL_ACCESS: the activities the participant may pursue.",
    )
    decided_by_rule: str | None = Field(
        default=None,
        description="Rule id that determined the outcome; None when every rule passed.",
        examples=["REC-DOC-1"],
    )
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
