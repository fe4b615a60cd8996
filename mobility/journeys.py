"""Deterministic sample journeys: the agency events of one participant from registration to return."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid5

from contracts import Envelope, EventData, new_envelope
from contracts.clock import CLOCK_SUBJECT, DayStarted
from contracts.deployments import ContractEnded, EndReason, ParticipantArrived
from contracts.envelope import NAMESPACE
from contracts.monitoring import Channel, CheckInReported, GrievanceFiled
from contracts.offers import Accommodation, ContractSigned, Cost, CostKind, Employer, JobOffered, Recruiter, WorkingTime
from contracts.participants import ParticipantRegistered
from contracts.qualifications import (
    CompensationKind,
    CompensationMeasureCompleted,
    DocumentKind,
    Qualification,
    QualificationSubmitted,
)
from contracts.returns import Dimension, FollowUpReported, Indicator, ParticipantReturned
from contracts.types import Cefr, MemberState, Money, PartnerCountry, Sector

AGENCIES = {
    PartnerCountry.TN: "agency/TN-ANETI",
    PartnerCountry.MA: "agency/MA-ANAPEC",
    PartnerCountry.EG: "agency/EG-MOL",
    PartnerCountry.PK: "agency/PK-BEOE",
    PartnerCountry.BD: "agency/BD-BMET",
}


FIRST_EMPLOYER = Employer(employer_id="EMP-DE-0042", name="Elektro Nord GmbH", contact="jobs@example.org")
SECOND_EMPLOYER = Employer(employer_id="EMP-DE-0077", name="Hanse Elektrotechnik GmbH", contact="hr@example.org")
HARBOUR_EMPLOYER = Employer(employer_id="EMP-DE-0099", name="Nordhafen Montage GmbH", contact="hr@example.org")
JOB_TITLES = {"7411": "Building electrician", "8332": "Heavy truck and lorry driver", "5120": "Cook"}


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
    eqf_level: int = 5
    compensation_after_days: int = 0  # a passed compensation measure reported this many days after registration
    arrival_reported_late: bool = False
    arrival_reported: bool = True  # False: the agency never reports the arrival (so no monitoring, no summary)
    followup_months: tuple[int, ...] = (3, 6, 12)
    experience_certificate: bool = True
    weekly_hours: Decimal = Decimal(40)
    payments_per_year: int = 12  # 14 where the monthly wage is paid fourteen times a year (ES, PT, GR)
    departure_known: bool = True  # False: the contract is sent without its departure date
    debt_months: frozenset[int] | None = None  # check-in months that report the debt (None: every month)
    grievances: tuple[tuple[int, str], ...] = ()  # (month, category) of grievances filed
    employer_change_month: int | None = None  # the contract ends for a change of employer at this month's end
    employer: Employer = FIRST_EMPLOYER
    recruiter: bool = True  # False: the employer hires directly, no recruiter involved


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
        employer=plan.employer,
        recruiter=Recruiter(recruiter_id=f"REC-{plan.country}-7", licensed_in_origin=True, iris_certified=True)
        if plan.recruiter
        else None,
        job_title=JOB_TITLES.get(plan.occupation, f"ISCO {plan.occupation}"),
        job_description="Installs and maintains electrical systems on building sites.",
        occupation=plan.occupation,
        sector=plan.sector,
        destination=plan.destination,
        place_of_work="Hamburg",
        monthly_gross_wage=Money(amount=plan.monthly_wage, currency="EUR"),
        working_time=WorkingTime(
            weekly_hours=plan.weekly_hours,
            daily_rest_hours=Decimal(12),
            weekly_rest_hours=Decimal(48),
            paid_leave_weeks=Decimal(5),
        ),
        duration_months=plan.months,
        contract_language="en",
        costs=[_recruitment_fee(plan.worker_fee)] if plan.worker_fee else [],
        collective_agreement_wage=Money(amount=plan.collective_wage, currency="EUR") if plan.collective_wage else None,
        accommodation=Accommodation(provided_by_employer=False),
        worker_keeps_documents=True,
        costs_complete=True,
        payments_per_year=plan.payments_per_year,
    )


def contract(plan: JourneyPlan, signed_on: date) -> ContractSigned:
    terms = offer(plan).model_dump(exclude={"start_on"})
    if plan.signed_wage is not None:
        terms["monthly_gross_wage"] = Money(amount=plan.signed_wage, currency="EUR")
    delivered = datetime.combine(signed_on, time(12, 0), tzinfo=UTC)
    departure = delivered + timedelta(days=40) if plan.departure_known else None
    return ContractSigned(**terms, contract_id=f"{plan.participant_id}-contract-1", signed_on=signed_on,
                          delivered_at=delivered, departure_at=departure)  # fmt: skip


def second_job(plan: JourneyPlan, signed_on: date) -> tuple[JobOffered, ContractSigned]:
    """The offer and contract of the employer a worker changes to, signed in the host country."""
    p = plan.participant_id
    job = offer(plan).model_copy(update={"offer_id": f"{p}-offer-2", "employer": SECOND_EMPLOYER})
    delivered = datetime.combine(signed_on, time(12, 0), tzinfo=UTC)
    signed = ContractSigned(
        **job.model_dump(exclude={"start_on"}), contract_id=f"{p}-contract-2", signed_on=signed_on,
        delivered_at=delivered, departure_at=delivered + timedelta(days=1),
    )  # fmt: skip
    return job, signed


def _recruitment_fee(amount: Decimal) -> Cost:
    return Cost(
        kind=CostKind.RECRUITMENT_FEE,
        amount=Money(amount=amount, currency="EUR"),
        paid_by_worker=True,
        payee="recruiter",
    )


def sample_journey(plan: JourneyPlan) -> list[Envelope[Any]]:
    """Every agency event of one participant's journey, in event-time order."""
    j, day = _Journey(plan), plan.start
    j.add("registered", day, _registration(plan))
    j.add("qualification", day + timedelta(days=2), _qualification(plan))
    if plan.compensation_after_days:
        j.add("compensation", day + timedelta(days=plan.compensation_after_days), _compensation(plan))
    j.add("offer", day + timedelta(days=30), offer(plan))
    j.add("contract", day + timedelta(days=45), contract(plan, signed_on=day + timedelta(days=45)))
    arrival = day + timedelta(days=90)
    _work(j, plan, arrival)
    end = arrival + timedelta(days=30 * plan.months)
    returned = end + timedelta(days=10)
    employer = plan.employer
    if plan.employer_change_month:
        employer = _change_employer(j, plan, arrival + timedelta(days=30 * plan.employer_change_month))
    last = f"{plan.participant_id}-contract-{2 if plan.employer_change_month else 1}"
    j.add("ended", end, ContractEnded(participant_id=plan.participant_id, ended_on=end, reason=EndReason.COMPLETED,
                                      contract_id=last, employer_id=employer.employer_id))  # fmt: skip
    j.add(
        "returned",
        returned,
        ParticipantReturned(
            participant_id=plan.participant_id,
            returned_on=returned,
            home_country=plan.country,
            skills_acquired=["switchgear wiring"],
        ),
    )
    for month in plan.followup_months:
        j.add(f"followup-{month}", returned + timedelta(days=30 * month), _followup(plan, month, returned))
    return sorted(j.events, key=lambda e: e.time)


def _change_employer(j: "_Journey", plan: JourneyPlan, changed: date) -> Employer:
    """The first contract ends for a change of employer; the new employer's offer and contract follow at once."""
    p = plan.participant_id
    ended = ContractEnded(participant_id=p, ended_on=changed, reason=EndReason.EMPLOYER_CHANGE,
                          contract_id=f"{p}-contract-1", employer_id=plan.employer.employer_id)  # fmt: skip
    j.add("ended-for-change", changed, ended)
    job, signed = second_job(plan, changed)
    j.add("offer-2", changed, job)
    j.add("contract-2", changed, signed)
    return SECOND_EMPLOYER


def _work(j: "_Journey", plan: JourneyPlan, arrival: date) -> None:
    """The arrival and the monthly check-ins; with `arrival_reported_late` the arrival is reported after the first
    check-in, which the integration service must hold rather than drop."""
    p = plan.participant_id
    reported = arrival + timedelta(days=40) if plan.arrival_reported_late else arrival
    arrived = ParticipantArrived(participant_id=p, offer_id=f"{p}-offer-1", destination=plan.destination,
                                 arrived_on=arrival)  # fmt: skip
    if plan.arrival_reported:
        j.add("arrived", reported, arrived)
    for month in range(1, plan.months + 1):
        start = arrival + timedelta(days=30 * (month - 1))
        if month not in plan.missed_checkins:
            j.add(f"checkin-{month}", start + timedelta(days=30), _checkin(plan, month, start))
    for n, (month, category) in enumerate(plan.grievances, start=1):
        filed = arrival + timedelta(days=30 * (month - 1) + 10)
        grievance = GrievanceFiled(
            participant_id=p, grievance_id=f"{p}-grievance-{n}", category=category, filed_on=filed
        )
        j.add(f"grievance-{n}", filed, grievance)


def _registration(plan: JourneyPlan) -> ParticipantRegistered:
    return ParticipantRegistered(
        participant_id=plan.participant_id, partner_country=plan.country, destination=plan.destination,
        target_occupation=plan.occupation, birth_date=date(1996, 3, 14), languages=["ar", "fr", "en"],
        programme=f"TP-{plan.country}-2026", funding_source="MPF",
    )  # fmt: skip


def _qualification(plan: JourneyPlan) -> QualificationSubmitted:
    qualification = Qualification(
        title="Brevet de technicien supérieur en électricité", awarding_country=plan.country,
        eqf_level=plan.eqf_level, field="electricity and energy", duration_years=Decimal(2),
    )  # fmt: skip
    return QualificationSubmitted(
        participant_id=plan.participant_id, target_occupation=plan.occupation, destination=plan.destination,
        qualification=qualification, experience_years=Decimal(3),
        documents=[DocumentKind.DIPLOMA, DocumentKind.TRANSCRIPT, DocumentKind.IDENTITY, DocumentKind.TRANSLATION]
        + ([DocumentKind.EXPERIENCE_CERTIFICATE] if plan.experience_certificate else []),
    )  # fmt: skip


def _compensation(plan: JourneyPlan) -> CompensationMeasureCompleted:
    completed = plan.start + timedelta(days=plan.compensation_after_days)
    return CompensationMeasureCompleted(participant_id=plan.participant_id, measure=CompensationKind.APTITUDE_TEST,
                                        passed=True, completed_on=completed)  # fmt: skip


def _followup(plan: JourneyPlan, month: int, returned: date) -> FollowUpReported:
    value = Decimal("0.4") + Decimal("0.1") * (month // 3)
    indicators = [Indicator(indicator_id=f"{dimension.value}_index", dimension=dimension, value=min(value, Decimal(1)))
                  for dimension in Dimension]  # fmt: skip
    return FollowUpReported(participant_id=plan.participant_id, month=month,
                            surveyed_on=returned + timedelta(days=30 * month), indicators=indicators)  # fmt: skip


def generated_plans(count: int, seed: int) -> list[JourneyPlan]:
    """`count` participants with varied countries, destinations, start dates and fees (deterministic for a seed)."""
    rng = random.Random(seed)
    return [
        JourneyPlan(
            f"P-{n:04d}",
            country=rng.choice(list(PartnerCountry)),
            destination=rng.choice([MemberState.DE, MemberState.FR, MemberState.ES, MemberState.NL]),
            start=date(2026, 1, 5) + timedelta(days=rng.randrange(0, 60)),
            months=rng.choice([6, 9, 12]),
            worker_fee=Decimal("300.00") if rng.random() < 0.1 else Decimal(0),
        )
        for n in range(count)
    ]


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
    owes = bool(plan.recruitment_debt) and (plan.debt_months is None or month in plan.debt_months)
    return CheckInReported(
        participant_id=plan.participant_id,
        checkin_id=f"{plan.participant_id}-checkin-{month}",
        channel=Channel.WORKER_VOICE,
        period_start=start,
        period_end=start + timedelta(days=29),
        hours_worked=plan.weekly_hours,
        min_daily_rest_hours=Decimal(12),
        min_weekly_rest_hours=Decimal(48),
        gross_paid=Money(amount=gross, currency="EUR"),
        net_paid=Money(amount=(gross * Decimal("0.7")).quantize(Decimal("0.01")), currency="EUR"),
        paid_on=start + timedelta(days=30),
        rights_briefing_received=month == 1,
        worker_keeps_documents=not (plan.documents_retained and month > 1),
        owes_recruitment_debt=owes,
        recruitment_debt=Money(amount=plan.recruitment_debt, currency="EUR") if owes else None,
        employer_change_notified_on=start + timedelta(days=20) if month == plan.employer_change_month else None,
        language_level=Cefr.A2 if month < 6 else Cefr.B1,
    )
