"""Calendar arithmetic the rules share."""

from calendar import monthrange
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clipped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
