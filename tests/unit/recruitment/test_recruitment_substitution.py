"""FR-CON-3: every term a signed contract makes worse than its offer is listed; improvements are not violations."""

from decimal import Decimal
from typing import Any

import pytest

from contracts.offers import Accommodation, ContractSigned, Cost, CostKind, Employer, JobOffered
from contracts.types import MemberState, Money, Severity
from services.recruitment.rules.substitution import Difference, differences, substitution


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def worker_cost(amount: str) -> Cost:
    return Cost(kind=CostKind.TRAINING, amount=eur(amount), paid_by_worker=True, payee="language school")


HOUSED = Accommodation(provided_by_employer=True, monthly_rent=eur("500"), rental_contract=True)


def changed(terms: Any, **fields: Any) -> Any:
    return type(terms).model_validate(terms.model_dump() | fields)


def time(terms: Any, **fields: Any) -> dict[str, Any]:
    return {"working_time": terms.working_time.model_copy(update=fields)}


def housing(**fields: Any) -> dict[str, Any]:
    return {"accommodation": HOUSED.model_copy(update=fields)}


WORSE = [
    (
        "employer",
        {"employer": Employer(employer_id="E-9", name="Other GmbH", contact="hr@other.example")},
        "E-1",
        "E-9",
    ),
    ("job_title", {"job_title": "Helper"}, "Software developer", "Helper"),
    ("occupation", {"occupation": "9329"}, "2512", "9329"),
    ("destination", {"destination": MemberState.AT}, "DE", "AT"),
    ("place_of_work", {"place_of_work": "Dresden"}, "Berlin", "Dresden"),
    ("monthly_gross_wage", {"monthly_gross_wage": eur("3000")}, "EUR 3500.00", "EUR 3000.00"),
    (
        "monthly_gross_wage",
        {"monthly_gross_wage": Money(amount=Decimal(9000), currency="PLN")},
        "EUR 3500.00",
        "PLN 9000.00",
    ),
    ("weekly_hours", {"weekly_hours": Decimal(45)}, "40", "45"),
    ("opt_out_48h", {"opt_out_48h": True}, False, True),
    ("daily_rest_hours", {"daily_rest_hours": Decimal(10)}, "11", "10"),
    ("weekly_rest_hours", {"weekly_rest_hours": Decimal(24)}, "35", "24"),
    ("paid_leave_weeks", {"paid_leave_weeks": Decimal(4)}, "5", "4"),
    ("duration_months", {"duration_months": 12}, 24, 12),
    ("probation_months", {"probation_months": 9}, 6, 9),
    ("costs_paid_by_worker", {"costs": [worker_cost("300")]}, None, "EUR 300.00"),
    ("wage_deductions_for_recruitment", {"wage_deductions_for_recruitment": eur("50")}, None, "EUR 50.00"),
    ("exit_penalty", {"exit_penalty": eur("1000")}, None, "EUR 1000.00"),
    ("restricts_employer_change", {"restricts_employer_change": True}, False, True),
    ("employer_keeps_documents", {"employer_keeps_documents": True}, False, True),
    ("rights_information_provided", {"rights_information_provided": False}, True, False),
    ("grievance_channel_provided", {"grievance_channel_provided": False}, True, False),
]
WORKING_TIME = {"weekly_hours", "opt_out_48h", "daily_rest_hours", "weekly_rest_hours", "paid_leave_weeks"}


@pytest.mark.parametrize(
    ("field", "fields", "offered", "signed"), WORSE, ids=[f"{c[0]}-{i}" for i, c in enumerate(WORSE)]
)
def test_each_worse_term_is_listed_with_both_values(
    offer: JobOffered, contract: ContractSigned, field: str, fields: dict[str, Any], offered: Any, signed: Any
) -> None:
    update = time(contract, **fields) if field in WORKING_TIME else fields
    assert differences(offer, changed(contract, **update)) == [Difference(field, offered, signed)]


HOUSING_WORSE = [
    ("accommodation_provided", {"accommodation": None}),
    ("monthly_rent", housing(monthly_rent=eur("650"))),
    ("rent_auto_deducted", housing(auto_deducted=True)),
    ("rental_contract", housing(rental_contract=False)),
    ("housing_meets_health_safety", housing(meets_health_safety=False)),
]


@pytest.mark.parametrize(("field", "fields"), HOUSING_WORSE, ids=[c[0] for c in HOUSING_WORSE])
def test_worse_employer_housing_is_listed(
    offer: JobOffered, contract: ContractSigned, field: str, fields: dict[str, Any]
) -> None:
    housed_offer = changed(offer, accommodation=HOUSED)
    assert [d.field for d in differences(housed_offer, changed(contract, **fields))] == [field]


def test_rent_charged_for_housing_the_offer_did_not_include_is_worse(
    offer: JobOffered, contract: ContractSigned
) -> None:
    assert [d.field for d in differences(offer, changed(contract, accommodation=HOUSED))] == ["monthly_rent"]


@pytest.mark.parametrize(
    "fields",
    [
        {"monthly_gross_wage": eur("3900")},
        {"duration_months": 36},
        {"probation_months": 3},
        {"costs": []},
        {"weekly_hours": Decimal(38), "daily_rest_hours": Decimal(12), "paid_leave_weeks": Decimal(6)},
        {"accommodation": HOUSED.model_copy(update={"monthly_rent": eur("400"), "auto_deducted": False})},
    ],
    ids=["higher-wage", "longer-contract", "shorter-probation", "no-costs", "better-hours", "cheaper-housing"],
)
def test_improvements_are_not_violations(offer: JobOffered, contract: ContractSigned, fields: dict[str, Any]) -> None:
    housed_offer = changed(offer, accommodation=HOUSED.model_copy(update={"auto_deducted": True}))
    housed_contract = changed(contract, accommodation=housed_offer.accommodation)
    update = time(contract, **fields) if "weekly_hours" in fields else fields
    found = substitution(housed_offer, changed(housed_contract, **update), "C-1")
    assert (found.passed, found.evidence["differences"]) == (True, 0), found.explanation


def test_substitution_blocks_with_every_difference_in_the_evidence(offer: JobOffered, contract: ContractSigned) -> None:
    worse = changed(contract, monthly_gross_wage=eur("3000"), probation_months=9)
    found = substitution(offer, worse, "C-1")
    assert (found.rule_id, found.passed, found.severity) == ("FR-CON-3", False, Severity.BLOCK)
    assert found.evidence == {
        "offer_id": "O-1",
        "contract_id": "C-1",
        "differences": 2,
        "monthly_gross_wage.offered": "EUR 3500.00",
        "monthly_gross_wage.signed": "EUR 3000.00",
        "probation_months.offered": 6,
        "probation_months.signed": 9,
        "escalate": True,
    }


def test_a_contract_is_compared_only_with_the_offer_it_answers(offer: JobOffered, contract: ContractSigned) -> None:
    with pytest.raises(ValueError, match="answers offer O-1"):
        substitution(changed(offer, offer_id="O-2"), contract, "C-1")
