"""Deterministic sample journeys: the agency events of one participant from registration to return."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid5

from contracts import Envelope, EventData, new_envelope
from contracts.clock import CLOCK_SUBJECT, DayStarted
from contracts.deployments import ContractEnded, EndReason, ParticipantArrived
from contracts.envelope import NAMESPACE
from contracts.monitoring import Channel, CheckInReported
from contracts.offers import ContractSigned, Cost, CostKind, Employer, JobOffered, Recruiter, WorkingTime
from contracts.participants import ParticipantRegistered
from contracts.qualifications import DocumentKind, Qualification, QualificationSubmitted
from contracts.returns import ParticipantReturned
from contracts.types import Cefr, MemberState, Money, PartnerCountry, Sector

AGENCIES = {
    PartnerCountry.TN: "agency/TN-ANETI",
    PartnerCountry.MA: "agency/MA-ANAPEC",
    PartnerCountry.EG: "agency/EG-MOL",
    PartnerCountry.PK: "agency/PK-BEOE",
    PartnerCountry.BD: "agency/BD-BMET",
}


@dataclass(frozen=True)
class JourneyPlan:
    """What varies between sample participants."""

    participant_id: str
    country: PartnerCountry = PartnerCountry.TN
    destination: MemberState = MemberState.DE
    occupation: str = "7411"
    sector: Sector = Sector.CONSTRUCTION
    start: date = date(2026, 1, 5)
    monthly_wage: Decimal = Decimal("2600.00")
    months: int = 9
    worker_fee: Decimal = Decimal("0.00")
    collective_wage: Decimal | None = None
    signed_wage: Decimal | None = None  # a lower figure here is a contract substituted at signature
    paid_ratio: Decimal = Decimal(1)
    missed_checkins: frozenset[int] = frozenset()
    documents_retained: bool = False
    recruitment_debt: Decimal = Decimal(0)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


class _Journey:
    def __init__(self, plan: JourneyPlan) -> None:
        self.plan = plan
        self.events: list[Envelope[Any]] = []

    def add(self, step: str, day: date, data: EventData) -> None:
        event_id = uuid5(NAMESPACE, f"sample/{self.plan.participant_id}/{step}")
        first = self.events[0] if self.events else None
        envelope = new_envelope(
            data, id=event_id, source=AGENCIES[self.plan.country], subject=self.plan.participant_id, time=_at(day)
        )
        if first is not None:
            envelope = envelope.model_copy(update={"correlationid": first.correlationid})
        self.events.append(envelope)


def offer(plan: JourneyPlan) -> JobOffered:
    return JobOffered(
        participant_id=plan.participant_id,
        offer_id=f"{plan.participant_id}-offer-1",
        employer=Employer(employer_id="EMP-DE-0042", name="Elektro Nord GmbH", contact="jobs@example.org"),
        recruiter=Recruiter(recruiter_id=f"REC-{plan.country}-7", licensed_in_origin=True, iris_certified=True),
        job_title="Building electrician",
        job_description="Installs and maintains electrical systems on building sites.",
        occupation=plan.occupation,
        sector=plan.sector,
        destination=plan.destination,
        place_of_work="Hamburg",
        monthly_gross_wage=Money(amount=plan.monthly_wage, currency="EUR"),
        working_time=WorkingTime(
            weekly_hours=Decimal(40),
            daily_rest_hours=Decimal(12),
            weekly_rest_hours=Decimal(48),
            paid_leave_weeks=Decimal(5),
        ),
        duration_months=plan.months,
        contract_language="en",
        costs=[_recruitment_fee(plan.worker_fee)] if plan.worker_fee else [],
        collective_agreement_wage=Money(amount=plan.collective_wage, currency="EUR") if plan.collective_wage else None,
    )


def contract(plan: JourneyPlan, signed_on: date) -> ContractSigned:
    terms = offer(plan).model_dump(exclude={"start_on"})
    if plan.signed_wage is not None:
        terms["monthly_gross_wage"] = Money(amount=plan.signed_wage, currency="EUR")
    delivered = datetime.combine(signed_on, time(12, 0), tzinfo=UTC)
    return ContractSigned(**terms, contract_id=f"{plan.participant_id}-contract-1", signed_on=signed_on,
                          delivered_at=delivered, departure_at=delivered + timedelta(days=40))  # fmt: skip


def _recruitment_fee(amount: Decimal) -> Cost:
    return Cost(
        kind=CostKind.RECRUITMENT_FEE,
        amount=Money(amount=amount, currency="EUR"),
        paid_by_worker=True,
        payee="recruiter",
    )


def sample_journey(plan: JourneyPlan) -> list[Envelope[Any]]:
    """Every agency event of one participant's journey, in event-time order."""
    j, p, day = _Journey(plan), plan.participant_id, plan.start
    j.add(
        "registered",
        day,
        ParticipantRegistered(
            participant_id=p,
            partner_country=plan.country,
            destination=plan.destination,
            target_occupation=plan.occupation,
            birth_date=date(1996, 3, 14),
            languages=["ar", "fr", "en"],
            programme=f"TP-{plan.country}-2026",
            funding_source="MPF",
        ),
    )
    j.add(
        "qualification",
        day + timedelta(days=2),
        QualificationSubmitted(
            participant_id=p,
            target_occupation=plan.occupation,
            destination=plan.destination,
            qualification=Qualification(
                title="Brevet de technicien supérieur en électricité",
                awarding_country=plan.country,
                eqf_level=5,
                field="electricity and energy",
                duration_years=Decimal(2),
            ),
            experience_years=Decimal(3),
            documents=[DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION],
        ),
    )
    j.add("offer", day + timedelta(days=30), offer(plan))
    j.add("contract", day + timedelta(days=45), contract(plan, signed_on=day + timedelta(days=45)))
    arrival = day + timedelta(days=90)
    j.add(
        "arrived",
        arrival,
        ParticipantArrived(participant_id=p, offer_id=f"{p}-offer-1", destination=plan.destination, arrived_on=arrival),
    )
    for month in range(1, plan.months + 1):
        start = arrival + timedelta(days=30 * (month - 1))
        if month not in plan.missed_checkins:
            j.add(f"checkin-{month}", start + timedelta(days=31), _checkin(plan, month, start))
    end = arrival + timedelta(days=30 * plan.months)
    j.add("ended", end, ContractEnded(participant_id=p, ended_on=end, reason=EndReason.COMPLETED))
    j.add(
        "returned",
        end + timedelta(days=10),
        ParticipantReturned(participant_id=p, returned_on=end + timedelta(days=10), home_country=plan.country),
    )
    return j.events


def clock_ticks(first: date, last: date, every_days: int = 1) -> list[Envelope[Any]]:
    """`day.started` ticks from `first` to `last`; ids depend on the day only, so every replay has the same ticks."""
    days = range(0, (last - first).days + 1, every_days)
    return [
        new_envelope(DayStarted(day=day), id=uuid5(NAMESPACE, f"clock/{day}"), source="clock/utc",
                     subject=CLOCK_SUBJECT, time=datetime.combine(day, time(0, 0), tzinfo=UTC))
        for day in (first + timedelta(days=n) for n in days)
    ]  # fmt: skip


def sample_stream(plans: list[JourneyPlan], tick_every_days: int = 7) -> list[Envelope[Any]]:
    """The journeys of `plans` merged with clock ticks, in event-time order (ticks first on a shared instant)."""
    events = [e for plan in plans for e in sample_journey(plan)]
    first, last = min(e.time for e in events).date(), max(e.time for e in events).date()
    merged = events + clock_ticks(first, last + timedelta(days=45), tick_every_days)
    return sorted(merged, key=lambda e: (e.time, e.type != DayStarted.event_type, e.subject))


def _checkin(plan: JourneyPlan, month: int, start: date) -> CheckInReported:
    gross = (plan.monthly_wage * plan.paid_ratio).quantize(Decimal("0.01"))
    return CheckInReported(
        participant_id=plan.participant_id,
        checkin_id=f"{plan.participant_id}-checkin-{month}",
        channel=Channel.WORKER_VOICE,
        period_start=start,
        period_end=start + timedelta(days=29),
        hours_worked=Decimal(40),
        gross_paid=Money(amount=gross, currency="EUR"),
        net_paid=Money(amount=(gross * Decimal("0.7")).quantize(Decimal("0.01")), currency="EUR"),
        paid_on=start + timedelta(days=30),
        rights_briefing_received=month == 1,
        has_own_documents=not (plan.documents_retained and month > 1),
        recruitment_debt=Money(amount=plan.recruitment_debt, currency="EUR") if plan.recruitment_debt else None,
        language_level=Cefr.A2 if month < 6 else Cefr.B1,
    )
