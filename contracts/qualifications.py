"""Events about a participant's qualifications and languages (topic mobility.qualifications)."""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from contracts import topics
from contracts.envelope import EventData
from contracts.types import (
    Cefr,
    Contract,
    CountryCode,
    EqfLevel,
    IscoCode,
    LanguageCode,
    MemberState,
    ParticipantId,
    ShortText,
)


class DocumentKind(StrEnum):
    """Documents a recognition file can hold."""

    DIPLOMA = "diploma"
    TRANSCRIPT = "transcript"
    IDENTITY = "identity"
    EXPERIENCE_CERTIFICATE = "experience_certificate"
    TRANSLATION = "translation"
    LANGUAGE_CERTIFICATE = "language_certificate"


class CompensationKind(StrEnum):
    """Compensation measures of Directive 2005/36/EC Art. 14."""

    ADAPTATION_PERIOD = "adaptation_period"
    APTITUDE_TEST = "aptitude_test"


class Qualification(Contract):
    """A qualification as the awarding country describes it."""

    title: ShortText
    awarding_country: CountryCode
    eqf_level: EqfLevel
    field: ShortText = Field(description="Field of study, e.g. an ISCED-F name.", examples=["electricity and energy"])
    duration_years: Decimal = Field(ge=0, le=15, max_digits=4, decimal_places=1)
    workload_ects: int | None = Field(default=None, ge=0, le=600)
    accredited: bool = Field(default=True, description="Awarded by an accredited institution (the 'quality' element).")
    learning_outcomes: list[ShortText] = Field(default_factory=list, max_length=100)


class QualificationSubmitted(EventData):
    """A qualification was submitted for pre-assessment against the target occupation."""

    event_type = "mobility.qualification.submitted.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    target_occupation: IscoCode
    destination: MemberState
    qualification: Qualification
    experience_years: Decimal = Field(
        default=Decimal(0), ge=0, le=60, max_digits=4, decimal_places=1, description="Relevant practice, last 10 years."
    )
    documents: list[DocumentKind] = Field(default_factory=list, max_length=20)


class LanguageCertified(EventData):
    """A language level was certified."""

    event_type = "mobility.language.certified.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    language: LanguageCode
    level: Cefr
    certified_on: date


class CompensationMeasureCompleted(EventData):
    """A compensation measure imposed by a conditional recognition ended."""

    event_type = "mobility.compensation.completed.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    measure: CompensationKind
    passed: bool
    completed_on: date


class AuthorityOutcome(StrEnum):
    """The competent authority's decision on an application for recognition (values as in RecognitionOutcome)."""

    RECOGNISED_FULL = "recognised_full"
    RECOGNISED_CONDITIONAL = "recognised_conditional"
    PARTIAL_ACCESS = "partial_access"
    NOT_REQUIRED = "not_required"
    REJECTED = "rejected"


class RecognitionApplicationLodged(EventData):
    """An application for recognition was lodged with the destination's competent authority; the procedure's
    deadlines (Directive 2005/36/EC Art. 51) run from here. A new lodging starts a new procedure."""

    event_type = "mobility.recognition_application.lodged.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    authority: ShortText = Field(
        description="The competent authority the application was lodged with.",
        examples=["Chambre de métiers et de l'artisanat de Paris"],
    )
    occupation: IscoCode = Field(description="The occupation recognition is applied for.", examples=["7411"])
    destination: MemberState = Field(description="The Member State of the authority.", examples=["FR"])
    lodged_on: date = Field(description="The day the authority received the application.", examples=["2026-02-02"])


class RecognitionApplicationAcknowledged(EventData):
    """The competent authority acknowledged receipt of the application and listed any missing documents
    (Art. 51(1)). Sent again when the authority confirms that the documents it asked for arrived."""

    event_type = "mobility.recognition_application.acknowledged.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    acknowledged_on: date = Field(description="The day of the acknowledgement.", examples=["2026-02-20"])
    missing_documents: list[DocumentKind] = Field(
        default_factory=list,
        max_length=20,
        description="Documents the authority asks for; empty when the file is complete.",
        examples=[["translation"]],
    )
    file_complete_on: date | None = Field(
        default=None,
        description="The day the complete file was submitted, from which the decision deadline runs (Art. 51(2)); "
        "when empty and no document is missing, the day of this acknowledgement.",
        examples=["2026-02-02"],
    )


class RecognitionDecisionExtended(EventData):
    """The competent authority extended its decision deadline by the month Art. 51(2) allows."""

    event_type = "mobility.recognition_application.extended.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    extended_on: date = Field(description="The day the authority notified the extension.", examples=["2026-04-20"])


class RecognitionApplicationDecided(EventData):
    """The competent authority decided the application: the legal recognition decision."""

    event_type = "mobility.recognition_application.decided.v1"
    topic = topics.QUALIFICATIONS

    participant_id: ParticipantId
    occupation: IscoCode = Field(description="The occupation the decision is for.", examples=["7411"])
    destination: MemberState = Field(description="The Member State of the authority.", examples=["FR"])
    authority: ShortText | None = Field(
        default=None, description="The authority that decided.", examples=["Chambre de métiers et de l'artisanat"]
    )
    outcome: AuthorityOutcome = Field(description="What the authority decided.", examples=["recognised_conditional"])
    decided_on: date = Field(description="The day of the decision.", examples=["2026-04-28"])
    compensation_options: list[CompensationKind] = Field(
        default_factory=list,
        max_length=2,
        description="For recognised_conditional: the measures the authority offers (two: the applicant chooses) or "
        "imposes (one); empty means both are offered (Art. 14(2)).",
        examples=[["adaptation_period", "aptitude_test"]],
    )
    max_adaptation_months: int = Field(
        default=0, ge=0, le=36, description="Longest adaptation period the decision allows (Art. 14(1)).", examples=[12]
    )
    partial_access_activities: list[ShortText] = Field(
        default_factory=list,
        max_length=50,
        description="For partial_access: the activities the participant may pursue (Art. 4f).",
        examples=[["install wiring, switchgear and fixtures in buildings"]],
    )
    reasons: ShortText | None = Field(
        default=None,
        description="The authority's reasons as it states them.",
        examples=["Training 18 months shorter than the French CAP électricien."],
    )
