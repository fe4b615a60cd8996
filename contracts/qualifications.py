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
