"""What each participant of the recorded stream went through, read from one replay on the real broker (issues 3
and 4): placements cleared and blocked with their rule ids, alerts, milestones, plans, scores, eligibility."""

import json
from typing import Any

import pytest

Events = list[dict[str, Any]]


@pytest.fixture(scope="module")
def outputs(replayed_outputs: list[str]) -> dict[str, Events]:
    """Each participant's output events, in topic order."""
    by_participant: dict[str, Events] = {}
    for line in replayed_outputs:
        event = json.loads(line)["event"]
        by_participant.setdefault(event["subject"], []).append(event)
    return by_participant


def of(events: Events, kind: str) -> Events:
    return [e for e in events if e["type"] == f"{kind}.v1"]


def violated(event: dict[str, Any], key: str = "findings") -> set[str]:
    return {f["rule_id"] for f in event["data"][key] if not f["passed"]}


def alerts(events: Events) -> list[str]:
    return [e["data"]["alert"] for e in of(events, "integration.alert_raised")]


def test_a_clean_journey_is_cleared_monitored_without_alerts_and_planned(outputs: dict[str, Events]) -> None:
    events = outputs["P-TN-0001"]
    assert of(events, "recruitment.placement_cleared") and not of(events, "recruitment.placement_blocked")[-1:]
    assert alerts(events) == []
    [summary] = of(events, "integration.summarised")
    assert summary["data"]["contract_completed"] and summary["data"]["wage_shortfall"]["amount"] == "0.00"
    assert of(events, "reintegration.planned")


def test_fee_charged_to_worker_blocks_placement(outputs: dict[str, Events]) -> None:
    events = outputs["P-EG-0001"]
    assert not of(events, "recruitment.placement_cleared")
    assert "FR-FEE-1" in violated(of(events, "recruitment.placement_blocked")[-1], "reasons")


def test_contract_substitution_is_detected_on_signing(outputs: dict[str, Events]) -> None:
    events = outputs["P-MA-0002"]
    [on_contract] = [e for e in of(events, "recruitment.assessed") if e["data"]["stage"] == "contract"]
    assert "FR-CON-3" in violated(on_contract) and on_contract["data"]["blocking"]
    assert "FR-CON-3" in violated(of(events, "recruitment.placement_blocked")[-1], "reasons")


def test_an_offer_where_there_is_no_statutory_minimum_needs_the_collective_rate(outputs: dict[str, Events]) -> None:
    italy, austria = outputs["P-EG-0002"], outputs["P-PK-0002"]
    assert "FR-WAGE-1" in violated(of(italy, "recruitment.placement_blocked")[-1], "reasons")
    assert not of(italy, "recruitment.placement_cleared")
    assert of(austria, "recruitment.placement_cleared")


def test_recognition_pending_holds_the_placement_until_the_compensation_measure_completes(
    outputs: dict[str, Events],
) -> None:
    events = outputs["P-TN-0003"]
    decisions = of(events, "recognition.decided")
    assert not decisions[0]["data"]["allows_occupation"] and decisions[-1]["data"]["allows_occupation"]
    placements = [e["type"] for e in events if "placement" in e["type"]]
    assert placements[0].endswith("placement_blocked.v1") and placements[-1].endswith("placement_cleared.v1")


def test_a_non_regulated_occupation_is_cleared_without_recognition(outputs: dict[str, Events]) -> None:
    events = outputs["P-MA-0003"]
    assert of(events, "recognition.decided")[-1]["data"]["outcome"] == "not_required"
    assert of(events, "recruitment.placement_cleared")


def test_underpayment_against_the_contract_and_the_minimum_raises_alerts(outputs: dict[str, Events]) -> None:
    assert {"WAGE_BELOW_CONTRACT", "WAGE_BELOW_MIN"} <= set(alerts(outputs["P-PK-0001"]))


def test_passport_retained_and_recruitment_debt_are_forced_labour_indicators(outputs: dict[str, Events]) -> None:
    raised = alerts(outputs["P-BD-0001"])
    assert {"DOCS_RETAINED", "DEBT", "FL_MULTI"} <= set(raised)
    [fl_multi] = [e for e in of(outputs["P-BD-0001"], "integration.alert_raised") if e["data"]["alert"] == "FL_MULTI"]
    assert fl_multi["data"]["severity"] == "critical"


def test_missed_checkins_escalate(outputs: dict[str, Events]) -> None:
    missed = [e for e in of(outputs["P-TN-0002"], "integration.alert_raised") if e["data"]["alert"] == "CHECKIN_MISSED"]
    assert [e["data"]["severity"] for e in missed][:2] == ["medium", "high"]


def test_a_checkin_before_the_arrival_is_kept_and_applied(outputs: dict[str, Events]) -> None:
    [summary] = of(outputs["P-BD-0002"], "integration.summarised")
    assert summary["data"]["wage_shortfall"]["amount"] == "0.00"
    assert "CHECKIN_MISSED" not in alerts(outputs["P-BD-0002"])


def test_return_plan_three_followups_scores_and_eligibility(outputs: dict[str, Events]) -> None:
    events = outputs["P-TN-0001"]
    assert of(events, "reintegration.planned")
    assert [e["data"]["month"] for e in of(events, "reintegration.assessed")] == [3, 6, 12]
    assert of(events, "reintegration.circular_eligibility")[-1]["data"]["eligible"]
