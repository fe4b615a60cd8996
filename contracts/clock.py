"""Clock ticks: time-based rules run on event time from these, never on the wall clock (topic mobility.clock)."""

from datetime import date

from contracts import topics
from contracts.envelope import EventData

CLOCK_SUBJECT = "clock"


class DayStarted(EventData):
    """A calendar day started (UTC)."""

    event_type = "mobility.day.started.v1"
    topic = topics.CLOCK

    day: date
