"""Calendar arithmetic the rules share: months covered by a period, days two periods overlap, money scaled."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from contracts.types import Money
from services.common.dates import add_months

CENT = Decimal("0.01")
# Payroll periods of 28 to 31 days are "a month" whichever day they start on; 0.1 month is about three days.
MONTHLY_SLACK = Decimal("0.1")


def months_in(start: date, end: date) -> Decimal:
    """Months from `start` to `end`, both included, counted from `start`: 5 April to 4 May is one month, as is
    January; a part month counts its share of the days to the next monthly anniversary."""
    stop, whole = end + timedelta(days=1), 0
    while add_months(start, whole + 1) <= stop:
        whole += 1
    begin, following = add_months(start, whole), add_months(start, whole + 1)
    return whole + Decimal(max(0, (stop - begin).days)) / Decimal((following - begin).days)


@lru_cache(maxsize=4096)  # several rules ask it of each check-in, and pay periods repeat
def pay_months(start: date, end: date) -> Decimal:
    """Months a pay period covers; one within MONTHLY_SLACK of whole months counts as exactly those months."""
    months = months_in(start, end)
    whole = months.to_integral_value(rounding=ROUND_HALF_UP)
    return whole if whole >= 1 and abs(months - whole) <= MONTHLY_SLACK else months


def scaled(money: Money, factor: Decimal) -> Money:
    """`money` times `factor`, to the cent."""
    return Money(amount=(money.amount * factor).quantize(CENT, rounding=ROUND_HALF_UP), currency=money.currency)
