"""The reintegration plan: one case per pathway, sector equivalences, and the plan's own findings."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from contracts.integration import AlertCount, AlertSeverity
from contracts.reintegration import PathwayKind, ReintegrationPlanned
from services.reintegration.rules.plan import plan
from tests.unit.reintegration.examples import POLICY, RETURNED, returned, summary


def planned(summary_changes: dict[str, Any], return_changes: dict[str, Any] | None = None) -> ReintegrationPlanned:
    return plan(summary(**summary_changes), returned(**(return_changes or {})), RETURNED, POLICY)


def finding(result: ReintegrationPlanned, rule_id: str) -> Any:
    [only] = [f for f in result.findings if f.rule_id == rule_id]
    return only


@pytest.mark.parametrize(
    ("changes", "kind", "sector"),
    [
        ({}, PathwayKind.WAGE_EMPLOYMENT, "construction"),
        ({"sector": "care", "occupation_held": "9629"}, PathwayKind.SELF_EMPLOYMENT, "care"),
        (
            {"partner_country": "BD", "sector": "tourism", "occupation_held": "5120"},
            PathwayKind.WAGE_EMPLOYMENT,
            "hospitality_tourism",
        ),
        (
            {"partner_country": "PK", "sector": "tourism", "occupation_held": "9629"},
            PathwayKind.WAGE_EMPLOYMENT,
            "hospitality",
        ),
        ({"sector": "other", "occupation_held": "2512"}, PathwayKind.WAGE_EMPLOYMENT, "ict"),
        ({"sector": "mystery_sector", "occupation_held": "8332"}, PathwayKind.WAGE_EMPLOYMENT, "transport_logistics"),
    ],
    ids=[
        "same-sector",
        "no-home-sector",
        "tourism-is-bd-hospitality-tourism",
        "tourism-is-pk-hospitality",
        "occupation-ict",
        "unknown-sector-lorry-driver",
    ],
)
def test_work_abroad_matching_a_home_sector_leads_to_wage_employment_else_self_employment(
    changes: dict[str, Any], kind: PathwayKind, sector: str
) -> None:
    result = planned(changes)
    assert (result.pathways[0].kind, result.pathways[0].sector) == (kind, sector)
    assert finding(result, "RI-MATCH-1").passed is (kind is PathwayKind.WAGE_EMPLOYMENT)


@pytest.mark.parametrize(
    ("months_worked", "skills", "referred"),
    [("9", [], True), ("3", ["bricklaying to DIN standard"], True), ("3", [], False), ("6", [], True)],
    ids=["long-stay", "skill-listed", "short-stay-no-skill", "exactly-the-minimum"],
)
def test_skills_or_long_work_abroad_lead_to_an_rpl_referral(
    months_worked: str, skills: list[str], referred: bool
) -> None:
    result = planned({"months_worked": Decimal(months_worked)}, {"skills_acquired": skills})
    rpl = [p for p in result.pathways if p.kind is PathwayKind.RECOGNITION_OF_PRIOR_LEARNING]
    assert bool(rpl) is referred
    assert finding(result, "RI-RPL-1").passed is referred
    if referred:
        assert rpl[0].referral and rpl[0].referral.startswith("RPL_REFERRAL: ISCO-08 7112")


@pytest.mark.parametrize(
    ("changes", "supported"),
    [
        ({}, False),
        ({"critical_alerts": ["DEBT"]}, True),
        ({"critical_alerts": ["DOCS_RETAINED", "WAGE_WITHHELD"]}, True),
        ({"alerts": [AlertCount(alert="FL_MULTI", count=1, severity=AlertSeverity.CRITICAL)]}, True),
        ({"alerts": [AlertCount(alert="WAGE_LATE", count=2, severity=AlertSeverity.HIGH)]}, False),
    ],
    ids=["no-alert", "debt", "documents-and-wages", "critical-alert-count", "high-alert-only"],
)
def test_critical_alerts_abroad_lead_to_psychosocial_support(changes: dict[str, Any], supported: bool) -> None:
    result = planned(changes)
    mhpss = [p for p in result.pathways if p.kind is PathwayKind.PSYCHOSOCIAL_SUPPORT]
    assert bool(mhpss) is supported
    assert finding(result, "RI-PSY-1").passed is not supported
    if supported:
        assert mhpss[0].referral == "MHPSS"


@pytest.mark.parametrize(("days_after_return", "on_time"), [(0, True), (30, True), (31, False)])
def test_a_plan_after_its_due_date_is_flagged_late(days_after_return: int, on_time: bool) -> None:
    result = plan(summary(), returned(), RETURNED + timedelta(days=days_after_return), POLICY)
    assert result.due_on == RETURNED + timedelta(days=30)
    assert finding(result, "RI-PLAN-1").passed is on_time


def test_every_pathway_says_why() -> None:
    result = planned({"critical_alerts": ["DEBT"]}, {"skills_acquired": ["formwork"]})
    assert [p.kind for p in result.pathways] == [
        PathwayKind.WAGE_EMPLOYMENT,
        PathwayKind.RECOGNITION_OF_PRIOR_LEARNING,
        PathwayKind.PSYCHOSOCIAL_SUPPORT,
    ]
    assert all(p.reason for p in result.pathways)
    assert all(f.source for f in result.findings)
