"""RI-ELIG-1: a contract that ended early bars another cycle only when nothing shows it was not the worker's fault."""

from typing import Any

import pytest

from contracts.integration import AlertCount, AlertSeverity
from services.reintegration.rules.circularity import Stay
from services.reintegration.rules.eligibility import eligibility
from tests.unit.reintegration.examples import ARRIVED, POLICY, RETURNED, returned, summary

ONE_STAY = [Stay(departed_on=ARRIVED, returned_on=RETURNED)]
EARLY = {"contract_completed": False}


def alert(code: str, severity: AlertSeverity = AlertSeverity.HIGH) -> AlertCount:
    return AlertCount(alert=code, count=1, severity=severity)


@pytest.mark.parametrize(
    ("changes", "eligible", "reason"),
    [
        ({"contract_completed": True, "end_reason": "completed"}, True, "completed"),
        ({"end_reason": "resigned"}, False, "no_reason_recorded"),
        ({}, False, "no_reason_recorded"),
        ({"end_reason": "employer_change"}, True, "employer_change"),
        ({"end_reason": "resigned", "alerts": [alert("EMPLOYER_CHANGE_PENDING", AlertSeverity.INFO)]}, True,
         "employer_change"),
        ({"end_reason": "resigned", "critical_alerts": ["DOCS_RETAINED"]}, True, "alerts_raised"),
        ({"end_reason": "dismissed", "alerts": [alert("WAGE_BELOW_MIN")]}, True, "alerts_raised"),
        ({"end_reason": "resigned", "grievances_filed": 2}, True, "grievances_filed"),
        ({"end_reason": "resigned", "alerts": [alert("DEBT")], "grievances_filed": 1}, True,
         "alerts_raised, grievances_filed"),
        ({"end_reason": "resigned", "alerts": [alert("CHECKIN_MISSED"), alert("TERMS_UNKNOWN")]}, False,
         "no_reason_recorded"),
        ({"end_reason": "dismissed"}, False, "no_reason_recorded"),
    ],
    ids=[
        "completed",
        "resigned-nothing-recorded",
        "ended-early-reason-not-reported",
        "changed-employer",
        "resigned-while-an-employer-change-was-pending",
        "resigned-after-documents-were-retained",
        "dismissed-after-underpayment",
        "resigned-after-filing-grievances",
        "several-reasons-all-named",
        "only-alerts-that-say-nothing-of-the-employer",
        "dismissed-nothing-recorded",
    ],
)  # fmt: skip
def test_leaving_early_for_the_employers_fault_or_to_change_employer_does_not_bar_another_cycle(
    changes: dict[str, Any], eligible: bool, reason: str
) -> None:
    result = eligibility(summary(**(EARLY | changes)), returned(), ONE_STAY, RETURNED, POLICY)
    [finding] = [f for f in result.findings if f.rule_id == "RI-ELIG-1"]
    assert (result.eligible, finding.passed, finding.evidence["reason"]) == (eligible, eligible, reason)
    assert finding.evidence["end_reason"] == changes.get("end_reason")
    if reason != "completed":
        assert "general principle 12" in finding.source and "(EU) 2024/1233, Art. 11" in finding.source
        assert (changes.get("end_reason") or "reason not reported") in finding.explanation
