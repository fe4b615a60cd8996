"""The demo: the sample participants' journeys — every partner country and the main paths — replayed in order."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from contracts import topics
from contracts.types import MemberState, PartnerCountry, Sector
from mobility.bus import Received
from mobility.journeys import HARBOUR_EMPLOYER, JourneyPlan, sample_stream
from mobility.reading import read_until_idle
from mobility.replay import replay
from mobility.standing import STANDING_CHANGED
from services.common.settings import KafkaSecurity

# The demo's 19 participants are 3 or 4 per partnership: at the default threshold of 5 every partnership's figures
# would be suppressed. The demo shows them from 3 up; smaller cells (a month, a sector) stay suppressed.
DEMO_MIN_CELL = 3
TN, MA, EG, PK, BD = PartnerCountry.TN, PartnerCountry.MA, PartnerCountry.EG, PartnerCountry.PK, PartnerCountry.BD
SAMPLE_PLANS = [
    JourneyPlan("P-TN-0001", country=TN),  # clean journey: cleared, nine months, home again, followed up
    JourneyPlan("P-MA-0001", country=MA, destination=MemberState.ES, occupation="8332", sector=Sector.LORRY_DRIVERS,
                months=12),  # lorry driver: referred to the competent authority, placement waits
    JourneyPlan("P-EG-0001", country=EG, worker_fee=Decimal("450.00")),  # recruitment fee charged: blocked
    JourneyPlan("P-PK-0001", country=PK, paid_ratio=Decimal("0.75")),  # underpaid
    JourneyPlan("P-BD-0001", country=BD, documents_retained=True, recruitment_debt=Decimal("900")),  # forced labour
    JourneyPlan("P-TN-0002", country=TN, missed_checkins=frozenset({3, 4})),
    JourneyPlan("P-MA-0002", country=MA, signed_wage=Decimal("2100.00")),  # contract substituted at signature
    JourneyPlan("P-EG-0002", country=EG, destination=MemberState.IT, occupation="9211",
                sector=Sector.AGRICULTURE),  # no statutory minimum and no collective rate: the wage check waits
    JourneyPlan("P-PK-0002", country=PK, destination=MemberState.AT, occupation="9211", sector=Sector.AGRICULTURE,
                collective_wage=Decimal("2400")),
    JourneyPlan("P-TN-0003", country=TN, destination=MemberState.DK, occupation="5321", sector=Sector.CARE,
                collective_wage=Decimal("2400"), experience_certificate=False,
                compensation_after_days=60),  # recognised on condition of an adaptation period served in the job
    JourneyPlan("P-MA-0003", country=MA, destination=MemberState.ES, occupation="9211",
                sector=Sector.AGRICULTURE),  # not regulated: no recognition needed
    JourneyPlan("P-BD-0002", country=BD, arrival_reported_late=True),  # a check-in before the arrival
    JourneyPlan("P-EG-0003", country=EG, worker_fee=Decimal("3000.00"), documents_retained=True,
                recruitment_debt=Decimal("3000"), grievances=((2, "trafficking"),)),  # arrives though blocked
    JourneyPlan("P-EG-0004", country=EG, departure_known=False),  # contract without departure date: pending
    JourneyPlan("P-MA-0004", country=MA, destination=MemberState.ES, occupation="9211", sector=Sector.AGRICULTURE,
                monthly_wage=Decimal("1200.00"), payments_per_year=14),  # lawful only as 14 payments a year
    JourneyPlan("P-PK-0003", country=PK, weekly_hours=Decimal(48)),  # the hourly minimum owed for 48 hours
    JourneyPlan("P-TN-0004", country=TN, employer_change_month=4),  # a new employer, a new monitoring period
    JourneyPlan("P-BD-0003", country=BD, recruitment_debt=Decimal("900"), debt_months=frozenset({1}),
                documents_retained=True),  # debt in one month, documents kept from the next: FL_MULTI over time
    JourneyPlan("P-PK-0004", country=PK, arrival_reported=False),  # home again with no summary: a plan all the same
    # Two workers of one employer report their passports kept: its standing becomes suspension_recommended, and
    # the next worker's offer from it is blocked under FR-STAND-1.
    JourneyPlan("P-TN-0005", country=TN, employer=HARBOUR_EMPLOYER, recruiter=False, documents_retained=True),
    JourneyPlan("P-MA-0005", country=MA, employer=HARBOUR_EMPLOYER, recruiter=False, documents_retained=True),
    JourneyPlan("P-EG-0005", country=EG, employer=HARBOUR_EMPLOYER, recruiter=False, start=date(2026, 6, 1),
                arrival_reported=False, followup_months=()),
]  # fmt: skip


async def run_demo(
    bootstrap: str, progress: Callable[[int], None], security: KafkaSecurity | None = None
) -> list[Received]:
    """Replay the sample stream with the services settling between batches; return every event of the journeys, and
    the standing changes of their employers and recruiters."""
    stream = sample_stream(SAMPLE_PLANS, tick_every_days=7)
    await replay(bootstrap, stream, progress, security=security)
    participants = {plan.participant_id for plan in SAMPLE_PLANS}
    records = await read_until_idle(bootstrap, topics.INBOUND + topics.OUTBOUND, security=security)
    return [r for r in records if r.envelope is not None and (r.envelope.subject in participants or
                                                             r.envelope.type == STANDING_CHANGED)]  # fmt: skip
