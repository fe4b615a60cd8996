"""The recorded sample stream: every partner country and the main paths. `python -m tests.streams.scenarios`
writes it to tests/streams/journeys.jsonl."""

from decimal import Decimal
from pathlib import Path

from contracts.types import MemberState, PartnerCountry, Sector
from services.cli.journeys import JourneyPlan, sample_stream
from services.cli.streams import write_stream

STREAM = Path(__file__).parent / "journeys.jsonl"
EXPECTED = Path(__file__).parent / "journeys.expected.jsonl"

PLANS = [
    JourneyPlan("P-TN-0001", country=PartnerCountry.TN),  # clean journey, cleared, nine months, home again
    JourneyPlan(
        "P-MA-0001",
        country=PartnerCountry.MA,
        destination=MemberState.ES,
        occupation="8332",
        sector=Sector.LORRY_DRIVERS,
        months=12,
    ),  # lorry driver: referred to the competent authority
    JourneyPlan("P-EG-0001", country=PartnerCountry.EG, worker_fee=Decimal("450.00")),  # fee charged: blocked
    JourneyPlan("P-PK-0001", country=PartnerCountry.PK, paid_ratio=Decimal("0.75")),  # underpaid
    JourneyPlan("P-BD-0001", country=PartnerCountry.BD, documents_retained=True, recruitment_debt=Decimal("900")),
    JourneyPlan("P-TN-0002", country=PartnerCountry.TN, missed_checkins=frozenset({3, 4})),
    JourneyPlan("P-MA-0002", country=PartnerCountry.MA, signed_wage=Decimal("2100.00")),  # contract substituted
    JourneyPlan("P-EG-0002", country=PartnerCountry.EG, destination=MemberState.IT),  # no statutory minimum, no rate
    JourneyPlan("P-PK-0002", country=PartnerCountry.PK, destination=MemberState.AT, collective_wage=Decimal("2400")),
    JourneyPlan(
        "P-TN-0003",
        country=PartnerCountry.TN,
        destination=MemberState.FR,
        experience_certificate=False,
        compensation_after_days=60,
    ),  # recognised on condition of an aptitude test, which it passes
    JourneyPlan(
        "P-MA-0003", country=PartnerCountry.MA, destination=MemberState.ES, occupation="9211", sector=Sector.AGRICULTURE
    ),  # not regulated: no recognition needed
    JourneyPlan("P-BD-0002", country=PartnerCountry.BD, arrival_reported_late=True),  # check-in before the arrival
]


def main() -> None:
    count = write_stream(STREAM, sample_stream(PLANS, tick_every_days=7))
    print(f"wrote {count} events to {STREAM}")


if __name__ == "__main__":
    main()
