"""Missing is not fine: a safety-relevant fact a check-in leaves out, or sends under a misspelt name, is unknown and
asked for (FACTS_UNKNOWN), never read as the answer that raises nothing."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.integration import AlertSeverity
from contracts.monitoring import CheckInReported
from services.integration.rules.alerts import checkin_alerts
from services.integration.rules.facts import facts_unknown
from tests.unit.integration.samples import eur, observe, terms

BARE: dict[str, Any] = {
    "participant_id": "P-1",
    "checkin_id": "C-01",
    "channel": "worker_voice",
    "period_start": date(2026, 1, 1),
    "period_end": date(2026, 1, 31),
    "hours_worked": "40",
    "gross_paid": {"amount": "2300", "currency": "EUR"},
    "net_paid": {"amount": "1600", "currency": "EUR"},
    "paid_on": date(2026, 2, 1),
}
STATED: dict[str, Any] = {
    "worker_keeps_documents": True,
    "owes_recruitment_debt": False,
    "min_daily_rest_hours": "11",
    "min_weekly_rest_hours": "35",
    "housing_meets_health_safety": True,
}


def report(**fields: Any) -> CheckInReported:
    """A check-in as an agency sends it, as JSON: fields it leaves out, or misspells, are not there."""
    return CheckInReported.model_validate(BARE | fields)


def without(*names: str) -> dict[str, Any]:
    return {k: v for k, v in STATED.items() if k not in names}


@pytest.mark.parametrize(
    ("fields", "unknown", "severity"),
    [
        (STATED, None, None),
        (without("worker_keeps_documents"), "documents", AlertSeverity.MEDIUM),
        (without("owes_recruitment_debt"), "recruitment_debt", AlertSeverity.MEDIUM),
        (without("min_weekly_rest_hours"), "rest", AlertSeverity.INFO),
        (without("housing_meets_health_safety"), "housing", AlertSeverity.INFO),
        ({}, "documents,recruitment_debt,rest,housing", AlertSeverity.MEDIUM),
        (without("owes_recruitment_debt") | {"recruitment_debt": eur(0)}, None, None),
        (without("worker_keeps_documents") | {"has_own_documents": True}, "documents", AlertSeverity.MEDIUM),
    ],
    ids=["all stated", "documents", "debt", "weekly rest", "housing", "nothing stated", "debt of zero",
         "only the old documents field"],
)  # fmt: skip
def test_each_safety_fact_left_out_is_asked_for(
    fields: dict[str, Any], unknown: str | None, severity: AlertSeverity | None
) -> None:
    raised = facts_unknown(observe(report(**fields)))
    assert (raised.evidence["unknown"] if raised else None, raised.severity if raised else None) == (unknown, severity)


def test_a_misspelt_field_does_not_turn_a_forced_labour_report_into_all_fine() -> None:
    misspelt = report(**without("worker_keeps_documents", "owes_recruitment_debt"),
                      worker_keeps_document=False, owes_recruitement_debt=True)  # fmt: skip
    alerts = {a.alert: a for a in checkin_alerts(observe(misspelt))}
    assert alerts["FACTS_UNKNOWN"].evidence["unknown"] == "documents,recruitment_debt"
    assert alerts["FACTS_UNKNOWN"].evidence["ask_for"] == "worker_keeps_documents,owes_recruitment_debt"


@pytest.mark.parametrize(
    ("fields", "raised"),
    [
        ({"worker_keeps_documents": False}, ["DOCS_RETAINED"]),
        ({"has_own_documents": False}, ["DOCS_RETAINED"]),
        ({"owes_recruitment_debt": True}, ["DEBT"]),
        ({"owes_recruitment_debt": False, "recruitment_debt": eur(500)}, ["DEBT"]),
    ],
    ids=["documents kept", "documents kept (old field)", "debt without amount", "debt amount over a no"],
)
def test_a_stated_forced_labour_fact_raises_its_alert(fields: dict[str, Any], raised: list[str]) -> None:
    alerts = checkin_alerts(observe(report(**STATED | fields)))
    assert [a.alert for a in alerts if a.forced_labour_indicator] == raised


def test_the_employer_payroll_is_asked_for_rest_only() -> None:
    payroll = report(channel="employer_payroll")
    raised = facts_unknown(observe(payroll))
    assert raised is not None and raised.evidence["unknown"] == "rest"
    assert facts_unknown(observe(report(channel="employer_payroll", min_daily_rest_hours="11",
                                        min_weekly_rest_hours="35"))) is None  # fmt: skip


def test_housing_is_asked_only_of_a_worker_in_employer_housing() -> None:
    own_flat = terms(accommodation={"provided_by_employer": False})
    assert facts_unknown(observe(report(**without("housing_meets_health_safety")), own_flat)) is None
    rented = report(**without("housing_meets_health_safety"), rent={"amount": eur(300), "auto_deducted": False})
    assert facts_unknown(observe(rented, own_flat)) is not None


def test_rest_hours_still_raise_their_alert_when_stated() -> None:
    short = report(**STATED | {"min_daily_rest_hours": Decimal(9)})
    assert [a.alert for a in checkin_alerts(observe(short))] == ["REST_VIOLATION"]
