"""Which step each event insights reads takes; every participant's event goes through the same case path as in the
other services, and an employer's or recruiter's standing goes to its own table (services/insights/standing.py)."""

from contracts.deployments import ParticipantArrived
from contracts.integration import AlertRaised, IntegrationSummarised
from contracts.monitoring import GrievanceFiled, GrievanceResolved
from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.qualifications import QualificationSubmitted
from contracts.recognition import RecognitionDecided
from contracts.recruitment import PlacementBlocked, PlacementCleared, PlacementPending, RecruitmentAssessed
from contracts.reintegration import (
    CircularMobilityEligibility,
    ReintegrationAssessed,
    ReintegrationPlanned,
    ReintegrationPlanOverdue,
)
from contracts.returns import ParticipantReturned
from services.insights import steps
from services.insights.case import InsightsCase
from services.insights.indicators.policy import InsightsPolicy
from services.insights.standing import StandingFlow

FLOW = StandingFlow[InsightsCase, InsightsPolicy](
    case=InsightsCase,
    new_case=lambda participant_id: InsightsCase(participant_id=participant_id),
    steps={
        ParticipantRegistered: steps.on_registered,
        QualificationSubmitted: steps.on_submitted,
        JobOffered: steps.on_offered,
        ContractSigned: steps.on_signed,
        ParticipantArrived: steps.on_arrived,
        GrievanceFiled: steps.on_grievance_filed,
        GrievanceResolved: steps.on_grievance_resolved,
        ParticipantReturned: steps.on_returned,
        RecognitionDecided: steps.on_decided,
        RecruitmentAssessed: steps.on_assessed,
        PlacementCleared: steps.on_cleared,
        PlacementBlocked: steps.on_blocked,
        PlacementPending: steps.on_pending,
        AlertRaised: steps.on_alert,
        IntegrationSummarised: steps.on_summarised,
        ReintegrationPlanned: steps.on_planned,
        ReintegrationPlanOverdue: steps.on_plan_overdue,
        ReintegrationAssessed: steps.on_scored,
        CircularMobilityEligibility: steps.on_eligibility,
    },
)
