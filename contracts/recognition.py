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
AUTHORITY_NOTICE = (
    "Reports the decision of the competent national authority: that decision, not this event, is the legal act."
)
DEADLINE_NOTICE = (
    "Procedure alert only: the decision rests with the competent national authority; a failure to decide within "
    "the deadline is open to appeal under national law (Directive 2005/36/EC Art. 51(3))."
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
    served_in_employment: bool = Field(
        default=False,
        description="The measure can be an adaptation period, which is supervised practice of the profession in the "
        "host Member State (Directive 2005/36/EC Art. 3(1)(g)): employment may start before it is completed.",
        examples=[True],
    )


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
    allows_occupation: bool = Field(
        description="True when the participant may take up the occupation; for recognised_conditional only while "
        "the adaptation period is served in employment (see employment_condition)."
    )
    employment_condition: ShortText | None = Field(
        default=None,
        description="The condition employment must meet when allows_occupation rests on one: a conditional "
        "recognition whose adaptation period is served while employed under supervision in the host Member State.",
        examples=[
            "Employment under the responsibility of a qualified member of the profession while an adaptation "
            "period of up to 18 months is served (Directive 2005/36/EC Art. 3(1)(g))."
        ],
    )
    by_competent_authority: bool = Field(
        default=False,
        description="True when the outcome is the competent authority's decision (mobility.recognition_application"
        ".decided), false for the service's own pre-assessment.",
        examples=[False],
    )
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
    rule_id: str = Field(description="The deadline rule (docs/domain.md, Recognition).", examples=["REC-DL-2"])
    source: str = Field(
        description="The source the deadline rests on.",
        examples=["Directive 2005/36/EC Art. 51(2): decide within three months of the complete file"],
    )
    evidence: dict[str, str | int | bool | None] = Field(
        default_factory=dict,
        description="The dates the rule compared.",
        examples=[
            {
                "authority": "Chambre de métiers et de l'artisanat",
                "lodged_on": "2026-02-02",
                "file_complete_on": "2026-02-02",
                "extended": False,
                "due_on": "2026-05-02",
                "checked_on": "2026-05-03",
            }
        ],
    )
    explanation: str | None = Field(
        default=None,
        description="One sentence a caseworker can read without the code.",
        examples=["The authority has not decided by 2026-05-02, three months after the file was complete."],
    )
    notice: str = Field(
        default=DEADLINE_NOTICE,
        description="The alert is not a decision: the decision and remedies rest with national authorities and law.",
        examples=[DEADLINE_NOTICE],
    )
