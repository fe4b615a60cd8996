"""Which step each event the recruitment service reads takes; every event goes through the same case path."""

from contracts.integration import AlertRaised
from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided
from services.recruitment import steps
from services.recruitment.case import RecruitmentCase
from services.recruitment.ledger import LedgerFlow

FLOW = LedgerFlow(
    case=RecruitmentCase,
    new_case=lambda _participant_id: RecruitmentCase(),
    steps={
        ParticipantRegistered: steps.on_registered,
        RecognitionDecided: steps.on_recognition,
        JobOffered: steps.on_terms,
        ContractSigned: steps.on_terms,
        AlertRaised: steps.on_alert,
    },
)
