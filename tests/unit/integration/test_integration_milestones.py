"""Integration milestones, each reached once."""

from datetime import date

import pytest

from contracts.deployments import EndReason
from contracts.integration import MilestoneReached
from contracts.types import Cefr
from services.integration.steps import on_checkin, on_contract_ended, on_day
from tests.unit.integration.samples import POLICY, checkin, days, ended, started

ON = date(2026, 2, 3)


def reached(emitted: list[object]) -> list[str]:
    return [e.milestone for e in emitted if isinstance(e, MilestoneReached)]


def test_the_rights_briefing_is_a_milestone_once() -> None:
    case, first = on_checkin(started(), checkin(1, rights_briefing_received=True), ON, POLICY)
    case, again = on_checkin(case, checkin(2, rights_briefing_received=True), ON, POLICY)
    _, none = on_checkin(started(), checkin(1), ON, POLICY)
    assert (reached(first), reached(again), reached(none)) == (["rights_briefing_delivered"], [], [])


@pytest.mark.parametrize(
    ("levels", "gained"),
    [
        (["A2"], []),
        (["A2", "A2"], []),
        (["A2", "B1"], [("A2", "B1")]),
        (["A2", "B1", "B1", "A2", "B2"], [("A2", "B1"), ("B1", "B2")]),
        ([None, "A1", None, "A2"], [("A1", "A2")]),
    ],
)
def test_a_language_level_above_every_earlier_one_is_a_milestone(
    levels: list[str | None], gained: list[tuple[str, str]]
) -> None:
    case, emitted = started(), list[object]()
    for month, level in enumerate(levels, start=1):
        case, out = on_checkin(case, checkin(month, language_level=level), ON, POLICY)
        emitted += out
    found = [(m.detail["from"], m.detail["to"]) for m in emitted if isinstance(m, MilestoneReached)]
    assert found == gained
    assert case.language_start == next((Cefr(x) for x in levels if x), None)


def test_six_months_after_arrival_is_a_milestone_once() -> None:
    case, before = days(started(), date(2026, 6, 30), date(2026, 6, 30))
    case, on_time = on_day(case, date(2026, 7, 1), POLICY)
    _, later = on_day(case, date(2026, 7, 2), POLICY)
    assert (reached(before), reached(on_time), reached(later)) == ([], ["six_months_employed"], [])


def test_six_months_are_not_reached_after_the_contract_ended_or_while_unemployed() -> None:
    case, _ = on_contract_ended(started(), ended(date(2026, 5, 31), EndReason.DISMISSED), date(2026, 6, 1), POLICY)
    assert reached(on_day(case, date(2026, 7, 1), POLICY)[1]) == []
    case, _ = on_checkin(started(), checkin(5, unemployed_since=date(2026, 5, 20)), ON, POLICY)
    assert reached(on_day(case, date(2026, 7, 1), POLICY)[1]) == []


@pytest.mark.parametrize(
    ("reason", "milestones"),
    [(EndReason.COMPLETED, ["contract_completed"]), (EndReason.DISMISSED, []), (EndReason.EMPLOYER_CHANGE, [])],
)
def test_a_completed_contract_is_a_milestone(reason: EndReason, milestones: list[str]) -> None:
    case, first = on_contract_ended(started(), ended(date(2026, 9, 30), reason), date(2026, 9, 30), POLICY)
    _, again = on_contract_ended(case, ended(date(2026, 9, 30), reason), date(2026, 9, 30), POLICY)
    assert (reached(first), again) == (milestones, [])
