"""The summary of one monitoring period at its contract's end (IntegrationSummarised), for the reintegration
service."""

from decimal import Decimal

from contracts.deployments import ContractEnded, EndReason, ParticipantArrived
from contracts.integration import AlertCount, AlertSeverity, IntegrationSummarised
from contracts.types import IscoCode, Money
from services.integration.case import IntegrationCase, Period, Report, Terms
from services.integration.rules.periods import months_in, pay_months, scaled


def months_worked(period: Period, ended: ContractEnded) -> Decimal:
    """Calendar months from the period's start (the arrival, or the start of a later contract) to the end of its
    contract, both days included, to one decimal."""
    return months_in(period.started_on, ended.ended_on).quantize(Decimal("0.1"))


def _reports(case: IntegrationCase, period: Period) -> list[Report]:
    return list(case.latest_by_period(period.index).values())


def months_reported(case: IntegrationCase, period: Period, ended: ContractEnded) -> Decimal:
    """Months the period's reported pay periods cover, each counted once and cut to the period (not rounded)."""
    start, end = period.started_on, ended.ended_on
    spans = [(max(r.period_start, start), min(r.period_end, end)) for r in _reports(case, period)]
    return sum((pay_months(first, last) for first, last in spans), Decimal(0))


def wages_paid(case: IntegrationCase, period: Period, currency: str) -> Money:
    """Gross pay of each pay period's latest report that says the wage was paid, in the contract's currency."""
    reports = _reports(case, period)
    paid = [r.paid_amount for r in reports if r.paid_on and r.paid_currency == currency]
    return Money(amount=sum(paid, Decimal(0)), currency=currency)


def alert_counts(case: IntegrationCase) -> list[AlertCount]:
    return [case.tally[code] for code in sorted(case.tally)]


def critical_alerts(case: IntegrationCase) -> list[str]:
    return [code for code in sorted(case.tally) if case.tally[code].severity is AlertSeverity.CRITICAL]


def occupation_held(case: IntegrationCase, period: Period, terms: Terms) -> IscoCode:
    """The occupation the period's latest check-in reports, else the one in the terms."""
    reported = [r.occupation for r in case.in_period(period.index) if r.occupation]
    return reported[-1] if reported else terms.occupation


def summarise(
    case: IntegrationCase, period: Period, arrival: ParticipantArrived, ended: ContractEnded
) -> IntegrationSummarised | None:
    """Wages due are the contract's monthly wage times the months reported, so a last period not yet reported at
    the end is no shortfall (the missed check-ins show the gaps); the shortfall is never negative. No summary
    without terms or a partner country: the alerts of the period already say why."""
    terms, partner_country = period.terms, case.partner_country
    if terms is None or partner_country is None:
        return None
    wage = terms.monthly_gross_wage
    reported = months_reported(case, period, ended)
    due, paid = scaled(wage, reported), wages_paid(case, period, wage.currency)
    decision = period.decision
    return IntegrationSummarised(
        participant_id=ended.participant_id,
        partner_country=partner_country,
        destination=terms.destination,
        occupation_held=occupation_held(case, period, terms),
        sector=terms.sector.value,
        contract_completed=ended.reason is EndReason.COMPLETED,
        arrived_on=arrival.arrived_on,
        ended_on=ended.ended_on,
        months_worked=months_worked(period, ended),
        months_reported=reported.quantize(Decimal("0.1")),
        wages_due=due,
        wages_paid=paid,
        wage_shortfall=Money(amount=max(due.amount - paid.amount, Decimal(0)), currency=wage.currency),
        alerts=alert_counts(case),
        critical_alerts=critical_alerts(case),
        language_start=case.language_start,
        language_end=case.language_end,
        end_reason=ended.reason,
        contract_id=ended.contract_id or (decision.contract_id if decision else None),
        employer_id=ended.employer_id or terms.employer_id,
        grievances_filed=sum(1 for g in case.grievances if g.period == period.index),
    )
