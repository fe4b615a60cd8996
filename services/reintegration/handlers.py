"""Which step each event the reintegration service reads takes; every event goes through the same case path."""

from contracts.integration import IntegrationSummarised
from contracts.returns import FollowUpReported, ParticipantReturned
from services.common.flow import CaseFlow
from services.reintegration import steps
from services.reintegration.case import ReintegrationCase
from services.reintegration.rules.policy import ReintegrationPolicy

FLOW = CaseFlow[ReintegrationCase, ReintegrationPolicy](
    case=ReintegrationCase,
    new_case=lambda participant_id: ReintegrationCase(participant_id=participant_id),
    steps={
        IntegrationSummarised: steps.on_summary,
        ParticipantReturned: steps.on_returned,
        FollowUpReported: steps.on_followup,
    },
    on_day=steps.on_day,
    next_due=steps.next_due,
)
