"""A participant's recognition case: what the procedure needs again whenever a new fact arrives."""

from pydantic import BaseModel

from contracts.qualifications import (
    CompensationMeasureCompleted,
    LanguageCertified,
    QualificationSubmitted,
    RecognitionApplicationDecided,
)
from contracts.recognition import RecognitionDecided
from services.recognition.rules.deadlines import ProcedureClock


class RecognitionCase(BaseModel):
    """The pre-assessment's facts, the procedure before the competent authority (`procedure`, with its deadlines)
    and the authority's decision once known."""

    submission: QualificationSubmitted | None = None
    certificates: tuple[LanguageCertified, ...] = ()
    completed_measure: CompensationMeasureCompleted | None = None
    procedure: ProcedureClock | None = None
    authority_decision: RecognitionApplicationDecided | None = None
    last_decision: RecognitionDecided | None = None
