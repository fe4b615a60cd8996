"""Each fair-recruitment rule (docs/domain.md, "Recruitment"), one case per outcome, through the verdict `assess`
gives."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import Accommodation, ContractSigned, Cost, CostKind, Employer, JobOffered, Recruiter, WorkingTime
from contracts.participants import ParticipantRegistered
from contracts.types import Finding, Money, Severity
from services.recruitment.rules.assessment import Terms, assess
from services.recruitment.rules.findings import is_blocking
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.sources import SOURCES

ON = date(2025, 3, 1)
RULES = [
    "FR-FEE-1", "FR-FEE-2", "FR-FEE-3", "FR-CON-1", "FR-CON-2", "FR-CON-3", "FR-DOC-1", "FR-REC-1", "FR-REC-2",
    "FR-WAGE-1", "FR-TIME-1", "FR-HOUS-1", "FR-MOB-1", "FR-INFO-1", "FR-AGE-1", "FR-VAC-1", "FR-SEC-1",
]  # fmt: skip


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def cost(kind: CostKind, amount: str, paid_by_worker: bool, payee: str = "recruiter") -> Cost:
    return Cost(kind=kind, amount=eur(amount), paid_by_worker=paid_by_worker, payee=payee)


def hours(
    weekly: int = 40, daily_rest: int = 11, weekly_rest: int = 35, leave: int = 4, opt_out: bool = False
) -> WorkingTime:
    return WorkingTime(
        weekly_hours=Decimal(weekly),
        opt_out_48h=opt_out,
        daily_rest_hours=Decimal(daily_rest),
        weekly_rest_hours=Decimal(weekly_rest),
        paid_leave_weeks=Decimal(leave),
    )


def housing(**fields: Any) -> Accommodation:
    good = {"provided_by_employer": True, "monthly_rent": eur("600"), "rental_contract": True}
    return Accommodation.model_validate(good | fields)


def changed(terms: Terms, **fields: Any) -> Any:
    return type(terms).model_validate(terms.model_dump() | fields)


def rule(findings: list[Finding], rule_id: str) -> Finding:
    return next(f for f in findings if f.rule_id == rule_id)


OFFER_CASES = [
    ("FR-FEE-1", {}, True, Severity.BLOCK),
    ("FR-FEE-1", {"costs": [cost(CostKind.RECRUITMENT_FEE, "500", True)]}, False, Severity.BLOCK),
    ("FR-FEE-1", {"costs": [cost(CostKind.MEDICAL, "80", True, "clinic")]}, False, Severity.BLOCK),
    ("FR-FEE-2", {}, True, Severity.BLOCK),
    ("FR-FEE-2", {"costs": [cost(CostKind.DEPOSIT, "200", True)]}, False, Severity.BLOCK),
    ("FR-FEE-2", {"costs": [cost(CostKind.KICKBACK, "300", False, "sub-agent")]}, False, Severity.BLOCK),
    ("FR-FEE-3", {"wage_deductions_for_recruitment": eur("0")}, True, Severity.BLOCK),
    ("FR-FEE-3", {"wage_deductions_for_recruitment": eur("100")}, False, Severity.BLOCK),
    ("FR-CON-1", {"contract_language": "fr"}, True, Severity.BLOCK),
    ("FR-CON-1", {"contract_language": "en"}, False, Severity.BLOCK),
    ("FR-CON-2", {}, False, Severity.PENDING),
    ("FR-CON-3", {}, False, Severity.PENDING),
    ("FR-DOC-1", {}, True, Severity.BLOCK),
    ("FR-DOC-1", {"employer_keeps_documents": True}, False, Severity.BLOCK),
    ("FR-REC-1", {"recruiter": None}, True, Severity.BLOCK),
    ("FR-REC-1", {"recruiter": Recruiter(recruiter_id="R-2", licensed_in_origin=False)}, False, Severity.BLOCK),
    ("FR-REC-2", {}, True, Severity.INFO),
    ("FR-REC-2", {"recruiter": Recruiter(recruiter_id="R-2", licensed_in_origin=True)}, False, Severity.INFO),
    ("FR-TIME-1", {}, True, Severity.BLOCK),
    ("FR-TIME-1", {"working_time": hours(weekly=50, opt_out=True)}, True, Severity.BLOCK),
    ("FR-TIME-1", {"working_time": hours(weekly=50)}, False, Severity.BLOCK),
    ("FR-TIME-1", {"working_time": hours(daily_rest=10)}, False, Severity.BLOCK),
    ("FR-TIME-1", {"working_time": hours(weekly_rest=24)}, False, Severity.BLOCK),
    ("FR-TIME-1", {"working_time": hours(leave=3)}, False, Severity.BLOCK),
    ("FR-HOUS-1", {}, True, Severity.INFO),
    ("FR-HOUS-1", {"accommodation": housing()}, True, Severity.BLOCK),
    ("FR-HOUS-1", {"accommodation": housing(monthly_rent=None)}, False, Severity.BLOCK),
    ("FR-HOUS-1", {"accommodation": housing(auto_deducted=True)}, False, Severity.BLOCK),
    ("FR-HOUS-1", {"accommodation": housing(rental_contract=False)}, False, Severity.BLOCK),
    ("FR-HOUS-1", {"accommodation": housing(meets_health_safety=False)}, False, Severity.BLOCK),
    ("FR-HOUS-1", {"accommodation": housing(monthly_rent=eur("1500"))}, False, Severity.WARN),
    (
        "FR-HOUS-1",
        {"accommodation": housing(monthly_rent=Money(amount=Decimal(900), currency="TND"))},
        False,
        Severity.WARN,
    ),
    ("FR-MOB-1", {"exit_penalty": eur("0")}, True, Severity.BLOCK),
    ("FR-MOB-1", {"restricts_employer_change": True}, False, Severity.BLOCK),
    ("FR-MOB-1", {"exit_penalty": eur("1000")}, False, Severity.BLOCK),
    ("FR-INFO-1", {}, True, Severity.WARN),
    ("FR-INFO-1", {"rights_information_provided": False}, False, Severity.WARN),
    ("FR-INFO-1", {"grievance_channel_provided": False}, False, Severity.WARN),
    ("FR-VAC-1", {}, True, Severity.BLOCK),
    ("FR-VAC-1", {"employer": Employer(employer_id="E-1", contact="hr@muster.example")}, False, Severity.BLOCK),
    ("FR-VAC-1", {"employer": Employer(employer_id="E-1", name="Muster GmbH")}, False, Severity.BLOCK),
    ("FR-VAC-1", {"job_description": None}, False, Severity.BLOCK),
    ("FR-VAC-1", {"place_of_work": None}, False, Severity.BLOCK),
]


@pytest.mark.parametrize(
    ("rule_id", "fields", "passed", "severity"),
    OFFER_CASES,
    ids=[f"{case[0]}-{'pass' if case[2] else 'violated'}-{i}" for i, case in enumerate(OFFER_CASES)],
)
def test_each_rule_judges_the_offer_on_its_own_field(
    offer: JobOffered,
    participant: ParticipantRegistered,
    policy: RecruitmentPolicy,
    rule_id: str,
    fields: dict[str, Any],
    passed: bool,
    severity: Severity,
) -> None:
    found = rule(assess(changed(offer, **fields), participant, ON, policy), rule_id)
    assert (found.passed, found.severity) == (passed, severity), found.explanation


@pytest.mark.parametrize(
    ("fields", "offer_on_record", "rule_id", "passed", "severity"),
    [
        ({}, True, "FR-CON-2", True, Severity.BLOCK),
        ({"departure_at": None}, True, "FR-CON-2", False, Severity.PENDING),
        ({"delivered_at": datetime(2025, 4, 1, 8, tzinfo=UTC)}, True, "FR-CON-2", False, Severity.BLOCK),
        ({"delivered_at": datetime(2025, 4, 2, tzinfo=UTC)}, True, "FR-CON-2", False, Severity.BLOCK),
        ({}, True, "FR-CON-3", True, Severity.BLOCK),
        ({"monthly_gross_wage": Money(amount=Decimal(3000), currency="EUR")}, True, "FR-CON-3", False, Severity.BLOCK),
        ({}, False, "FR-CON-3", False, Severity.PENDING),
    ],
    ids=["in-time", "no-departure-yet", "at-departure", "after-departure", "same-terms", "wage-cut", "no-offer"],
)
def test_contract_rules_judge_the_signed_contract(
    offer: JobOffered,
    contract: ContractSigned,
    participant: ParticipantRegistered,
    policy: RecruitmentPolicy,
    fields: dict[str, Any],
    offer_on_record: bool,
    rule_id: str,
    passed: bool,
    severity: Severity,
) -> None:
    findings = assess(changed(contract, **fields), participant, ON, policy, offer if offer_on_record else None)
    found = rule(findings, rule_id)
    assert (found.passed, found.severity) == (passed, severity), found.explanation


@pytest.mark.parametrize(
    ("birth_date", "passed"),
    [(date(2007, 3, 1), True), (date(2007, 3, 2), False), (date(2010, 1, 1), False), (date(1960, 1, 1), True)],
    ids=["18th-birthday-today", "18-tomorrow", "15-years-old", "65-years-old"],
)
def test_workers_under_eighteen_on_the_event_date_are_not_recruited(
    offer: JobOffered, participant: ParticipantRegistered, policy: RecruitmentPolicy, birth_date: date, passed: bool
) -> None:
    found = rule(assess(offer, participant.model_copy(update={"birth_date": birth_date}), ON, policy), "FR-AGE-1")
    assert (found.passed, found.severity) == (passed, Severity.BLOCK)
    assert birth_date.isoformat() not in str(found.evidence), "the birth date stays out of published evidence"


def test_the_minimum_age_is_a_policy_setting(offer: JobOffered, participant: ParticipantRegistered) -> None:
    twenty = participant.model_copy(update={"birth_date": date(2005, 1, 1)})
    assert not rule(assess(offer, twenty, ON, RecruitmentPolicy(minimum_age=21)), "FR-AGE-1").passed


def test_every_rule_is_reported_in_a_stable_order_for_offers_and_contracts(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered, policy: RecruitmentPolicy
) -> None:
    assert [f.rule_id for f in assess(offer, participant, ON, policy)] == RULES
    assert [f.rule_id for f in assess(contract, participant, ON, policy, offer)] == RULES


def test_a_clean_offer_passes_every_rule_but_waits_for_the_signed_contract(
    offer: JobOffered, participant: ParticipantRegistered, policy: RecruitmentPolicy
) -> None:
    findings = assess(offer, participant, ON, policy)
    assert [(f.rule_id, f.severity) for f in findings if not f.passed] == [
        ("FR-CON-2", Severity.PENDING),
        ("FR-CON-3", Severity.PENDING),
    ]
    assert all(f.source == SOURCES[f.rule_id] and f.explanation for f in findings)


def test_a_clean_contract_answering_its_offer_passes_every_rule(
    offer: JobOffered, contract: ContractSigned, participant: ParticipantRegistered, policy: RecruitmentPolicy
) -> None:
    assert [f.rule_id for f in assess(contract, participant, ON, policy, offer) if not f.passed] == []


def test_an_offer_never_passes_the_contract_rules_as_not_applicable_yet(
    offer: JobOffered, participant: ParticipantRegistered, policy: RecruitmentPolicy
) -> None:
    findings = {f.rule_id: f for f in assess(offer, participant, ON, policy)}
    for rule_id in ("FR-CON-2", "FR-CON-3"):
        found = findings[rule_id]
        assert (found.passed, found.severity, found.evidence) == (
            False,
            Severity.PENDING,
            {"contract_on_record": False},
        )
        assert "No signed contract yet" in found.explanation


@pytest.mark.parametrize(
    ("fields", "blocking"),
    [
        ({}, False),
        ({"rights_information_provided": False}, False),
        ({"recruiter": Recruiter(recruiter_id="R-2", licensed_in_origin=True)}, False),
        ({"accommodation": housing(monthly_rent=eur("1500"))}, False),
        ({"costs": [cost(CostKind.RECRUITMENT_FEE, "500", True)]}, True),
    ],
    ids=["clean", "warning-only", "info-only", "excessive-rent-warns", "fee-blocks"],
)
def test_only_blocking_violations_make_a_verdict_blocking(
    offer: JobOffered,
    participant: ParticipantRegistered,
    policy: RecruitmentPolicy,
    fields: dict[str, Any],
    blocking: bool,
) -> None:
    assert is_blocking(assess(changed(offer, **fields), participant, ON, policy)) is blocking


def test_fee_evidence_shows_what_the_worker_was_charged(
    offer: JobOffered, participant: ParticipantRegistered, policy: RecruitmentPolicy
) -> None:
    charged = changed(offer, costs=[cost(CostKind.RECRUITMENT_FEE, "500", True), cost(CostKind.VISA, "75", True)])
    found = rule(assess(charged, participant, ON, policy), "FR-FEE-1")
    assert found.evidence == {
        "paid_by_worker": "EUR 575.00",
        "cost_kinds": "recruitment_fee, visa",
        "costs_complete": True,
    }


def test_illegitimate_costs_are_escalated(
    offer: JobOffered, participant: ParticipantRegistered, policy: RecruitmentPolicy
) -> None:
    bonded = changed(offer, costs=[cost(CostKind.BOND, "1000", True)])
    assert rule(assess(bonded, participant, ON, policy), "FR-FEE-2").evidence["escalate"] is True


@pytest.mark.parametrize(
    ("ratio", "rent", "passed"),
    [("0.30", "1050", True), ("0.30", "1050.01", False), ("0.40", "1400", True)],
    ids=["at-the-limit", "just-above", "looser-limit"],
)
def test_excessive_rent_is_measured_against_the_configured_share_of_gross_wage(
    offer: JobOffered, participant: ParticipantRegistered, ratio: str, rent: str, passed: bool
) -> None:
    housed = changed(offer, accommodation=housing(monthly_rent=eur(rent)))
    policy = RecruitmentPolicy(max_rent_to_gross_wage=Decimal(ratio))
    assert rule(assess(housed, participant, ON, policy), "FR-HOUS-1").passed is passed


@pytest.mark.parametrize("rule_id", sorted(SOURCES))
def test_each_source_is_a_citation_a_reader_can_follow_without_internal_tags(rule_id: str) -> None:
    source = SOURCES[rule_id]
    assert not re.search(r"\[(BK|S|S-2nd)[\]:]|\.\./shared|DOMAIN", source), source
    assert re.search(r"ILO|IOM|Directive|Regulation|Dhaka|Employer Pays|Commission|Recommendation", source), source
