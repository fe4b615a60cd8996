"""Which step each event the integration service reads takes; every event goes through the same case path."""

from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.participants import ParticipantRegistered
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending
from services.common.flow import CaseFlow
from services.integration import steps
from services.integration.case import IntegrationCase
from services.integration.rules.policy import IntegrationPolicy

FLOW = CaseFlow[IntegrationCase, IntegrationPolicy](
    case=IntegrationCase,
    new_case=lambda _participant_id: IntegrationCase(),
    steps={
        ParticipantRegistered: steps.on_registered,
        PlacementCleared: steps.on_placement_cleared,
        PlacementBlocked: steps.on_placement_held,
        PlacementPending: steps.on_placement_held,
        ParticipantArrived: steps.on_arrival,
        CheckInReported: steps.on_checkin,
        GrievanceFiled: steps.on_grievance_filed,
        GrievanceResolved: steps.on_grievance_resolved,
        ContractEnded: steps.on_contract_ended,
    },
    on_day=steps.on_day,
    next_due=steps.next_due,
)
