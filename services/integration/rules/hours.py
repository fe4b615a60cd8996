"""Weekly hours over a reference period, from the pay periods check-ins report (WTD 2003/88/EC Art. 16(b)): what the
hours rules (`working_time`) compare with the limits."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Protocol

from services.common.dates import add_months


class PayPeriod(Protocol):
    """A check-in's pay period and the weekly hours worked in it: of a check-in, or of one kept in the case."""

    @property
    def period_start(self) -> date: ...
    @property
    def period_end(self) -> date: ...
    @property
    def hours_worked(self) -> Decimal: ...


@dataclass(frozen=True)
class Hours:
    """The reported weekly hours over the reference period ending with the check-in."""

    average: Decimal  # over the days reported in the reference period
    reported_days: int
    period_days: int
    total: Decimal  # the weekly hours of each day reported, summed

    @property
    def complete(self) -> bool:
        return self.reported_days >= self.period_days

    def certainly_above(self, limit: Decimal) -> bool:
        """The average over the whole reference period exceeds `limit` even if the days not reported had no work."""
        return self.total > limit * self.period_days


def reference_hours(checkins: Iterable[PayPeriod], latest: PayPeriod, months: int) -> Hours:
    """Weekly hours over the `months` ending with `latest`'s period, day by day: a day two check-ins cover (two
    channels, say) counts once, with the higher hours reported."""
    end = latest.period_end
    start = add_months(end + timedelta(days=1), -months)
    spans = [(max(c.period_start, start), min(c.period_end, end), c.hours_worked) for c in checkins]
    spans = sorted(span for span in spans if span[0] <= span[1])
    total, days = Decimal(0), 0
    if all(before[1] < after[0] for before, after in pairwise(spans)):  # no day reported twice: the usual case
        for first, last, hours in spans:
            total, days = total + hours * ((last - first).days + 1), days + (last - first).days + 1
        return Hours((total / days).quantize(Decimal("0.01")), days, (end - start).days + 1, total)
    # Between two consecutive cuts the same check-ins cover every day, so each stretch counts once, at its highest.
    cuts = sorted({day for first, last, _ in spans for day in (first, last + timedelta(days=1))})
    for left, right in pairwise(cuts):
        covering = [hours for first, last, hours in spans if first <= left <= last]
        if covering:
            total, days = total + max(covering) * (right - left).days, days + (right - left).days
    return Hours((total / days).quantize(Decimal("0.01")), days, (end - start).days + 1, total)
