"""The summary of a stay at contract end (IntegrationSummarised), for the reintegration service."""

from decimal import Decimal

from contracts.deployments import ContractEnded, EndReason, ParticipantArrived
from contracts.integration import AlertCount, AlertSeverity, IntegrationSummarised
from contracts.monitoring import CheckInReported
from contracts.offers import JobTerms
from contracts.recruitment import PlacementCleared
from contracts.types import IscoCode, Money
from services.integration.case import IntegrationCase
from services.integration.rules.periods import months_in, pay_months, scaled


def months_worked(arrival: ParticipantArrived, ended: ContractEnded) -> Decimal:
    """Calendar months from arrival to the end of the contract, both days included, to one decimal."""
    return months_in(arrival.arrived_on, ended.ended_on).quantize(Decimal("0.1"))


def months_reported(case: IntegrationCase, arrival: ParticipantArrived, ended: ContractEnded) -> Decimal:
    """Months the reported pay periods cover, each period counted once and cut to the stay (not rounded)."""
    periods = [(max(c.period_start, arrival.arrived_on), min(c.period_end, ended.ended_on)) for c in _reports(case)]
    return sum((pay_months(start, end) for start, end in periods), Decimal(0))


def _reports(case: IntegrationCase) -> list[CheckInReported]:
    return list(case.latest_by_period().values())


def wages_paid(case: IntegrationCase, currency: str) -> Money:
    """Gross pay of each pay period's latest report that says the wage was paid, in the contract's currency."""
    paid = [c.gross_paid.amount for c in _reports(case) if c.paid_on and c.gross_paid.currency == currency]
    return Money(amount=sum(paid, Decimal(0)), currency=currency)


def alert_counts(case: IntegrationCase) -> list[AlertCount]:
    return [case.tally[code] for code in sorted(case.tally)]


def critical_alerts(case: IntegrationCase) -> list[str]:
    return [code for code in sorted(case.tally) if case.tally[code].severity is AlertSeverity.CRITICAL]


def occupation_held(case: IntegrationCase, terms: JobTerms) -> IscoCode:
    """The occupation the latest check-in reports, else the one cleared."""
    reported = [r.checkin.occupation for r in case.checkins if r.checkin.occupation]
    return reported[-1] if reported else terms.occupation


def summarise(
    case: IntegrationCase, placement: PlacementCleared, arrival: ParticipantArrived, ended: ContractEnded
) -> IntegrationSummarised:
    """Wages due are the cleared monthly wage times the months reported, so a last period not yet reported at the
    end is no shortfall (the missed check-ins show the gaps); the shortfall is never negative."""
    terms, wage = placement.terms, placement.terms.monthly_gross_wage
    reported = months_reported(case, arrival, ended)
    due, paid = scaled(wage, reported), wages_paid(case, wage.currency)
    return IntegrationSummarised(
        participant_id=ended.participant_id,
        partner_country=placement.partner_country,
        destination=terms.destination,
        occupation_held=occupation_held(case, terms),
        sector=terms.sector.value,
        contract_completed=ended.reason is EndReason.COMPLETED,
        arrived_on=arrival.arrived_on,
        ended_on=ended.ended_on,
        months_worked=months_worked(arrival, ended),
        months_reported=reported.quantize(Decimal("0.1")),
        wages_due=due,
        wages_paid=paid,
        wage_shortfall=Money(amount=max(due.amount - paid.amount, Decimal(0)), currency=wage.currency),
        alerts=alert_counts(case),
        critical_alerts=critical_alerts(case),
        language_start=case.language_start,
        language_end=case.language_end,
    )
