"""Plain sample values the integration tests build on: a welder cleared for Germany, arriving on 1 January 2026."""

from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from contracts.deployments import ContractEnded, EndReason, ParticipantArrived
from contracts.envelope import EventData
from contracts.integration import AlertRaised
from contracts.monitoring import Channel, CheckInReported
from contracts.offers import Accommodation, Employer, JobTerms, WorkingTime
from contracts.recruitment import PlacementCleared
from contracts.types import Money
from services.common.flow import Advanced
from services.integration.case import IntegrationCase, Terms
from services.integration.rules.catalogue import Observation
from services.integration.rules.policy import IntegrationPolicy
from services.integration.steps import on_arrival, on_day, on_placement_cleared

POLICY = IntegrationPolicy()
ARRIVED_ON = date(2026, 1, 1)
TERMS = JobTerms(
    offer_id="O-1",
    employer=Employer(employer_id="E-1"),
    job_title="Welder",
    occupation="7212",
    sector="industry_metallurgic",
    destination="DE",
    monthly_gross_wage=Money(amount=Decimal(2300), currency="EUR"),
    working_time=WorkingTime(weekly_hours=Decimal(40), daily_rest_hours=Decimal(11), weekly_rest_hours=Decimal(35),
                             paid_leave_weeks=Decimal(4)),
    duration_months=9,
    accommodation=Accommodation(provided_by_employer=True, monthly_rent=Money(amount=Decimal(400), currency="EUR")),
    contract_language="ar",
)  # fmt: skip
CLEARED = PlacementCleared(participant_id="P-1", partner_country="TN", terms=TERMS)
ARRIVED = ParticipantArrived(
    participant_id="P-1", offer_id="O-1", destination="DE", arrived_on=ARRIVED_ON, permit_start_on=ARRIVED_ON
)


def eur(amount: str | int) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def checkin(month: int = 1, **changes: Any) -> CheckInReported:
    """A clean monthly worker-voice check-in for `month` of 2026, paid on the first of the next month."""
    end = month_end(2026, month)
    values: dict[str, Any] = {
        "participant_id": "P-1",
        "checkin_id": f"C-{month:02d}",
        "channel": Channel.WORKER_VOICE,
        "period_start": date(2026, month, 1),
        "period_end": end,
        "hours_worked": Decimal(40),
        "gross_paid": eur(2300),
        "net_paid": eur(1600),
        "paid_on": end + timedelta(days=1),
        "min_daily_rest_hours": Decimal(12),
        "min_weekly_rest_hours": Decimal(36),
        "worker_keeps_documents": True,
        "owes_recruitment_debt": False,
        "housing_meets_health_safety": True,
    }
    return CheckInReported.model_validate(values | changes)


def terms(**changes: Any) -> JobTerms:
    return JobTerms.model_validate(TERMS.model_dump() | changes)


def observe(
    c: CheckInReported, on_terms: JobTerms = TERMS, earlier: tuple[CheckInReported, ...] = (), **policy: Any
) -> Observation:
    return Observation(c, Terms.of(on_terms), c.period_end + timedelta(days=3), IntegrationPolicy(**policy), earlier)


def ended(on: date, reason: EndReason = EndReason.COMPLETED) -> ContractEnded:
    return ContractEnded(participant_id="P-1", ended_on=on, reason=reason)


def started(policy: IntegrationPolicy = POLICY) -> IntegrationCase:
    """A case with the placement cleared and the participant arrived on 1 January 2026."""
    case, _ = on_placement_cleared(IntegrationCase(), CLEARED, ARRIVED_ON, policy)
    case, _ = on_arrival(case, ARRIVED, ARRIVED_ON, policy)
    return case


def days(
    case: IntegrationCase, first: date, last: date, policy: IntegrationPolicy = POLICY
) -> Advanced[IntegrationCase]:
    """Clock ticks for every day from `first` to `last`."""
    emitted: list[EventData] = []
    day = first
    while day <= last:
        case, out = on_day(case, day, policy)
        emitted += out
        day += timedelta(days=1)
    return case, emitted


def codes(emitted: list[EventData]) -> list[str]:
    """The alert codes among emitted payloads, in order."""
    return [e.alert for e in emitted if isinstance(e, AlertRaised)]
