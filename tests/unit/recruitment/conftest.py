"""A participant, a clean offer and the clean contract answering it: each test changes what it is about. The clean
terms state every safety fact (documents kept by the worker, the costs list complete, no employer housing)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from contracts.offers import (
    Accommodation,
    ContractSigned,
    Cost,
    CostKind,
    Employer,
    JobOffered,
    Recruiter,
    WorkingTime,
)
from contracts.participants import ParticipantRegistered
from contracts.types import MemberState, Money, PartnerCountry, Sector
from services.recruitment.rules.policy import RecruitmentPolicy

EVENT_DATE = date(2025, 3, 1)


@pytest.fixture
def participant() -> ParticipantRegistered:
    return ParticipantRegistered(
        participant_id="P-TN-0001",
        partner_country=PartnerCountry.TN,
        destination=MemberState.DE,
        target_occupation="2512",
        birth_date=date(1995, 5, 17),
        languages=["ar", "fr", "de"],
    )


@pytest.fixture
def offer() -> JobOffered:
    return JobOffered(
        participant_id="P-TN-0001",
        offer_id="O-1",
        employer=Employer(employer_id="E-1", name="Muster GmbH", contact="hr@muster.example"),
        recruiter=Recruiter(recruiter_id="R-1", licensed_in_origin=True, iris_certified=True),
        job_title="Software developer",
        job_description="Backend development of booking systems",
        occupation="2512",
        sector=Sector.ICT,
        destination=MemberState.DE,
        place_of_work="Berlin",
        monthly_gross_wage=Money(amount=Decimal("3500.00"), currency="EUR"),
        working_time=WorkingTime(
            weekly_hours=Decimal(40), daily_rest_hours=Decimal(11), weekly_rest_hours=Decimal(35), paid_leave_weeks=5
        ),
        duration_months=24,
        probation_months=6,
        contract_language="de",
        costs=[
            Cost(
                kind=CostKind.VISA,
                amount=Money(amount=Decimal(75), currency="EUR"),
                paid_by_worker=False,
                payee="embassy",
            )
        ],
        costs_complete=True,
        worker_keeps_documents=True,
        accommodation=Accommodation(provided_by_employer=False),
    )


@pytest.fixture
def contract(offer: JobOffered) -> ContractSigned:
    return ContractSigned.model_validate(
        offer.model_dump()
        | {
            "contract_id": "C-1",
            "signed_on": EVENT_DATE,
            "delivered_at": datetime(2025, 3, 1, 10, tzinfo=UTC),
            "departure_at": datetime(2025, 4, 1, 8, tzinfo=UTC),
        }
    )


@pytest.fixture
def policy() -> RecruitmentPolicy:
    return RecruitmentPolicy()
