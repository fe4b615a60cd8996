"""The one wage floor both services compare pay with: recruitment the offered wage for the contracted hours
(FR-WAGE-1), integration the pay reported for the hours worked (WAGE_BELOW_MIN).

The floor is the higher of the statutory minimum (minimum_wages.json) and a collective-agreement rate, for the
weekly hours given, with no cap at full time: an hourly minimum is rate x hours; a weekly or monthly one is its
hourly equivalent on the statutory full-time week (35 h in FR, 38 h in BE) x hours. Pay and floor are compared
like with like: per regular payment of a year of `payments_per_year` payments (14 where two extra months are paid,
as in ES, PT, GR), which is the same as comparing annual pay with the annual minimum. Pay in another currency than
the floor's is converted with the exchange rate the event carries, or the comparison is reported as not made."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from contracts.types import ExchangeRate, MemberState, Money
from services.common.evidence import Evidence, money_text
from services.common.reference import Basis, StatutoryMinimum, minimum_wages, statutory_minimum

CENT = Decimal("0.01")
# Weeks in a year when a weekly figure becomes monthly: France's monthly SMIC is 35 h x 52 / 12 = 151.67 hours
# (Code du travail), and Eurostat turns Malta's weekly minimum into a monthly one the same way.
WEEKS_PER_YEAR = Decimal(52)
PER = {Basis.HOURLY: "an hour", Basis.WEEKLY: "a week", Basis.MONTHLY: "a month"}


@dataclass(frozen=True)
class Pay:
    """Gross pay to check: `paid` for `months` regular monthly payments of a year of `payments_per_year` payments,
    earned in `weekly_hours` a week. `collective` is a collective-agreement rate per payment for
    `collective_weekly_hours` (the same hours when None)."""

    paid: Money
    weekly_hours: Decimal
    payments_per_year: int = 12
    months: Decimal = Decimal(1)
    collective: Money | None = None
    collective_weekly_hours: Decimal | None = None
    exchange_rate: ExchangeRate | None = None


@dataclass(frozen=True)
class WageCheck:
    """The comparison: whether it could be made, whether the pay reaches the floor, and its evidence. What is shown
    (the floor as money, the evidence) is put together when asked for: integration checks every check-in's pay and
    shows only those that fall short."""

    comparable: bool
    passed: bool
    missing: str | None
    destination: MemberState
    pay: Pay
    paid: Decimal | None = None  # the pay in the floor's currency, when comparable
    floor: Decimal | None = None  # the floor to the cent, when comparable
    currency: str = ""  # the floor's

    @cached_property
    def owed(self) -> Money | None:
        return None if self.floor is None else Money(amount=self.floor, currency=self.currency)

    @cached_property
    def evidence(self) -> Evidence:
        compared = _evidence(self.destination, self.pay, statutory_minimum(self.destination))
        if self.owed is None or self.paid is None:
            return compared | {"comparable": False, "required_minimum": None}
        shown = {"paid_in_minimum_currency": money_text(_cents(self.paid, self.currency)),
                 "required_minimum": money_text(self.owed)}  # fmt: skip
        return compared | {"comparable": True, **shown}


def annual_minimum(minimum: StatutoryMinimum, weekly_hours: Decimal) -> Decimal:
    """The statutory minimum for a year of `weekly_hours` a week, in its own currency; no cap at full time."""
    if minimum.basis is Basis.HOURLY:
        return minimum.amount * weekly_hours * WEEKS_PER_YEAR
    assert minimum.weekly_hours is not None
    per_year = minimum.amount * (WEEKS_PER_YEAR if minimum.basis is Basis.WEEKLY else minimum.payments_per_year)
    return per_year * weekly_hours / minimum.weekly_hours


def convert(money: Money, into: str, rate: ExchangeRate | None) -> Decimal | None:
    """`money` in the currency `into`, with `rate` in either direction; None when no rate links the two."""
    if money.currency == into:
        return money.amount
    if rate is None:
        return None
    if (rate.from_currency, rate.to_currency) == (money.currency, into):
        return money.amount * rate.rate
    if (rate.from_currency, rate.to_currency) == (into, money.currency):
        return money.amount / rate.rate
    return None


def rate_text(rate: ExchangeRate | None) -> str | None:
    if rate is None:
        return None
    by = f" ({rate.rate_source})" if rate.rate_source else ""
    return f"1 {rate.from_currency} = {rate.rate} {rate.to_currency} on {rate.rate_date.isoformat()}{by}"


def _cents(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount.quantize(CENT, rounding=ROUND_HALF_UP), currency=currency)


def _evidence(destination: MemberState, pay: Pay, minimum: StatutoryMinimum | None) -> Evidence:
    return {
        "destination": destination.value,
        "statutory_minimum": f"{minimum.currency} {minimum.amount} {PER[minimum.basis]}" if minimum else None,
        "statutory_weekly_hours": str(minimum.weekly_hours) if minimum and minimum.weekly_hours else None,
        "statutory_payments_per_year": minimum.payments_per_year if minimum else None,
        "statutory_minimum_as_of": minimum_wages().as_of.isoformat(),
        "statutory_minimum_source": minimum.source if minimum else None,
        "weekly_hours": str(pay.weekly_hours),
        "payments_per_year": pay.payments_per_year,
        "collective_agreement_wage": money_text(pay.collective),
        "exchange_rate": rate_text(pay.exchange_rate),
    }


def _floors(pay: Pay, minimum: StatutoryMinimum | None, currency: str) -> list[Decimal] | None:
    """The statutory and collective floors for the pay, in `currency`; None when the collective rate cannot be
    converted into it."""
    floors = []
    if minimum is not None:
        floors.append(annual_minimum(minimum, pay.weekly_hours) / pay.payments_per_year * pay.months)
    if pay.collective is not None:
        collective = convert(pay.collective, currency, pay.exchange_rate)
        if collective is None:
            return None
        hours = pay.collective_weekly_hours
        share = pay.weekly_hours / hours if hours else Decimal(1)
        floors.append(collective * share * pay.months)
    return floors


def _no_rate(what: str, currency: str, into: str) -> str:
    return (
        f"The {what} is in {currency} and the minimum in {into}, and no exchange rate from {currency} to {into} "
        "was given, so the comparison could not be made."
    )


def check_wage(destination: MemberState, pay: Pay) -> WageCheck:
    """The pay against the higher of the statutory minimum and the collective rate, in the floor's currency."""
    minimum = statutory_minimum(destination)
    if minimum is not None:
        currency = minimum.currency
    elif pay.collective is not None:
        currency = pay.collective.currency
    else:
        missing = (
            f"{destination.value} has no statutory minimum wage and no collective-agreement rate was given: "
            "the agreement's rate for the job is needed to check the wage."
        )
        return WageCheck(False, False, missing, destination, pay)
    paid = convert(pay.paid, currency, pay.exchange_rate)
    if paid is None:
        return WageCheck(False, False, _no_rate("pay", pay.paid.currency, currency), destination, pay)
    floors = _floors(pay, minimum, currency)
    if floors is None:
        assert pay.collective is not None
        missing = _no_rate("collective-agreement rate", pay.collective.currency, currency)
        return WageCheck(False, False, missing, destination, pay)
    floor = max(floors).quantize(CENT, rounding=ROUND_HALF_UP)
    return WageCheck(True, paid >= floor, None, destination, pay, paid, floor, currency)
