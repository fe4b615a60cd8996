"""Weekly hours over a reference period, from the pay periods check-ins report (WTD 2003/88/EC Art. 16(b)): what the
hours rules (`working_time`) compare with the limits."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Protocol

from services.common.dates import add_months

DAY = timedelta(days=1)
CENT = Decimal("0.01")


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
    start = add_months(end + DAY, -months)
    spans = []
    for c in checkins:
        first, last = c.period_start, c.period_end
        if first <= end and last >= start and first <= last:
            spans.append((first if first > start else start, last if last < end else end, c.hours_worked))
    spans.sort()
    period_days = (end - start).days + 1
    total, days, reported_to = Decimal(0), 0, None
    for first, last, hours in spans:  # no day reported twice: the usual case, summed as it is sorted
        if reported_to is not None and first <= reported_to:
            return _overlapping(spans, period_days)
        covered = (last - first).days + 1
        total, days, reported_to = total + hours * covered, days + covered, last
    return Hours((total / days).quantize(CENT), days, period_days, total)


def _overlapping(spans: list[tuple[date, date, Decimal]], period_days: int) -> Hours:
    """Between two consecutive cuts the same check-ins cover every day, so each stretch counts once, at its
    highest."""
    total, days = Decimal(0), 0
    cuts = sorted({day for first, last, _ in spans for day in (first, last + DAY)})
    for left, right in pairwise(cuts):
        covering = [hours for first, last, hours in spans if first <= left <= last]
        if covering:
            total, days = total + max(covering) * (right - left).days, days + (right - left).days
    return Hours((total / days).quantize(CENT), days, period_days, total)
