"""Which step each event the recognition service reads takes; every event goes through the same case path."""

from contracts.qualifications import (
    CompensationMeasureCompleted,
    LanguageCertified,
    QualificationSubmitted,
    RecognitionApplicationAcknowledged,
    RecognitionApplicationDecided,
    RecognitionApplicationLodged,
    RecognitionDecisionExtended,
)
from services.common.flow import CaseFlow
from services.recognition import steps
from services.recognition.case import RecognitionCase
from services.recognition.rules.policy import RecognitionPolicy

FLOW = CaseFlow[RecognitionCase, RecognitionPolicy](
    case=RecognitionCase,
    new_case=lambda _participant_id: RecognitionCase(),
    steps={
        QualificationSubmitted: steps.on_submitted,
        LanguageCertified: steps.on_certified,
        CompensationMeasureCompleted: steps.on_measure_completed,
        RecognitionApplicationLodged: steps.on_lodged,
        RecognitionApplicationAcknowledged: steps.on_acknowledged,
        RecognitionDecisionExtended: steps.on_extended,
        RecognitionApplicationDecided: steps.on_authority_decided,
    },
    on_day=steps.on_day,
    next_due=steps.next_due,
)
