"""Calendar arithmetic the rules share."""

from calendar import monthrange
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=4096)  # the rules ask it for the same few days again on every event of a case
def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clipped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
