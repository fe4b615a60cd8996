"""The case: summary and return in either order, each output once, overdue plans, follow-ups, several cycles."""

from datetime import date, timedelta

import pytest

from contracts.envelope import EventData
from contracts.reintegration import (
    CircularMobilityEligibility,
    PathwayKind,
    ReintegrationAssessed,
    ReintegrationPlanned,
    ReintegrationPlanOverdue,
)
from contracts.types import Finding, Severity
from services.reintegration.case import ReintegrationCase
from services.reintegration.steps import next_due, on_day, on_followup, on_returned, on_summary
from tests.unit.reintegration.examples import PARTICIPANT, POLICY, RETURNED, followup, returned, summary

NEW = ReintegrationCase(participant_id=PARTICIPANT)
DUE = RETURNED + timedelta(days=30)
WAIT = RETURNED + timedelta(days=21)  # summary_wait_days


def kinds(emitted: list[EventData]) -> list[type]:
    return [type(e) for e in emitted]


def round_trip(case: ReintegrationCase) -> ReintegrationCase:
    """What the handler stores and loads back (one JSON document per participant)."""
    return ReintegrationCase.model_validate(case.model_dump(mode="json"))


@pytest.mark.parametrize("summary_first", [True, False], ids=["summary-then-return", "return-then-summary"])
def test_plan_and_eligibility_follow_once_summary_and_return_are_both_known(summary_first: bool) -> None:
    order = [
        lambda c: on_summary(c, summary(), RETURNED, POLICY),
        lambda c: on_returned(c, returned(), RETURNED, POLICY),
    ]
    if not summary_first:
        order.reverse()
    case, first = order[0](NEW)
    case, second = order[1](round_trip(case))
    assert (first, kinds(second)) == ([], [ReintegrationPlanned, CircularMobilityEligibility])
    assert len(case.cycles) == 1


def test_the_same_summary_or_return_again_emits_nothing() -> None:
    case, _ = on_summary(NEW, summary(), RETURNED, POLICY)
    case, _ = on_returned(case, returned(), RETURNED, POLICY)
    case, again = on_summary(case, summary(months_worked=8), RETURNED, POLICY)
    case, once_more = on_returned(case, returned(), RETURNED, POLICY)
    assert (again, once_more, len(case.cycles)) == ([], [], 1)


def finding(plan: ReintegrationPlanned, rule_id: str) -> Finding:
    [only] = [f for f in plan.findings if f.rule_id == rule_id]
    return only


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (WAIT - timedelta(days=1), []),
        (WAIT, [ReintegrationPlanned]),
        (DUE, [ReintegrationPlanned]),
        (DUE + timedelta(days=1), [ReintegrationPlanOverdue, ReintegrationPlanned]),
    ],
    ids=["still-waiting", "waited-long-enough", "on-due-date", "first-tick-after-due-date"],
)
def test_a_return_without_an_integration_summary_still_gets_a_plan_from_what_is_known(
    day: date, expected: list[type]
) -> None:
    case, _ = on_returned(NEW, returned(skills_acquired=["formwork"]), RETURNED, POLICY)
    assert next_due(case, POLICY) == WAIT
    case, emitted = on_day(round_trip(case), day, POLICY)
    assert kinds(emitted) == expected
    if not emitted:
        return
    plan = emitted[-1]
    assert isinstance(plan, ReintegrationPlanned)
    assert (plan.provisional, plan.revision, plan.missing) == (True, 0, ["integration_summary"])
    assert finding(plan, "RI-PLAN-2").severity is Severity.PENDING
    assert finding(plan, "RI-PLAN-1").passed is (day <= DUE)
    assert [p.kind for p in plan.pathways] == [PathwayKind.WAGE_EMPLOYMENT, PathwayKind.RECOGNITION_OF_PRIOR_LEARNING]
    assert next_due(case, POLICY) is None


def test_a_low_psychosocial_score_before_the_summary_leads_the_provisional_plan_to_psychosocial_support() -> None:
    case, _ = on_returned(NEW, returned(), RETURNED, POLICY)
    month_zero = followup(0, "0.5", "0.5", "0.2").model_copy(update={"surveyed_on": RETURNED + timedelta(days=3)})
    case, _ = on_followup(case, month_zero, RETURNED + timedelta(days=3), POLICY)
    _, [plan] = on_day(round_trip(case), WAIT, POLICY)
    assert isinstance(plan, ReintegrationPlanned)
    assert [p.kind for p in plan.pathways] == [PathwayKind.WAGE_EMPLOYMENT, PathwayKind.PSYCHOSOCIAL_SUPPORT]
    assert finding(plan, "RI-PSY-1").evidence["psychosocial_score"] == "0.200"


def test_a_provisional_plan_is_made_once_and_revised_once_when_the_summary_arrives() -> None:
    case, _ = on_returned(NEW, returned(), RETURNED, POLICY)
    case, _ = on_day(case, WAIT, POLICY)
    case, again = on_day(round_trip(case), DUE + timedelta(days=1), POLICY)
    assert again == []
    case, emitted = on_summary(round_trip(case), summary(), DUE + timedelta(days=5), POLICY)
    assert kinds(emitted) == [ReintegrationPlanned, CircularMobilityEligibility]
    revised = emitted[0]
    assert isinstance(revised, ReintegrationPlanned)
    assert (revised.provisional, revised.revision, revised.missing, revised.due_on) == (False, 1, [], DUE)
    assert finding(revised, "RI-PLAN-1").passed is True  # the first plan was on time
    assert finding(revised, "RI-PLAN-1").evidence["first_planned_on"] == WAIT.isoformat()
    assert finding(revised, "RI-MATCH-1").passed is True
    assert (case.cycles[0].planned_on, case.cycles[0].provisional, next_due(case, POLICY)) == (WAIT, False, None)


def test_an_overdue_plan_names_its_rule_evidence_and_source_and_is_reported_once() -> None:
    case, _ = on_returned(NEW, returned(), RETURNED, POLICY)
    case, first = on_day(case, DUE + timedelta(days=3), POLICY)
    overdue = first[0]
    assert isinstance(overdue, ReintegrationPlanOverdue)
    assert (overdue.rule_id, overdue.due_on, overdue.missing) == ("RI-PLAN-1", DUE, ["integration_summary"])
    assert overdue.evidence == {
        "returned_on": RETURNED.isoformat(),
        "due_on": DUE.isoformat(),
        "plan_due_days": 30,
        "checked_on": (DUE + timedelta(days=3)).isoformat(),
        "plan_made": False,
    }
    assert overdue.source.startswith("IOM Reintegration Handbook") and overdue.explanation
    # A case stored before provisional plans (overdue reported, no plan) gets its plan without a second report.
    old = round_trip(case).model_copy(
        update={"cycles": (case.cycles[0].model_copy(update={"planned_on": None, "provisional": False}),)}
    )
    _, later = on_day(old, DUE + timedelta(days=10), POLICY)
    assert kinds(later) == [ReintegrationPlanned]


def test_a_plan_made_in_time_is_never_overdue() -> None:
    case, _ = on_returned(NEW, returned(), RETURNED, POLICY)
    case, _ = on_summary(case, summary(), RETURNED + timedelta(days=3), POLICY)
    assert next_due(case, POLICY) is None
    assert on_day(case, DUE + timedelta(days=1), POLICY)[1] == []


def test_return_plan_three_follow_ups_scores_and_eligibility() -> None:
    case, _ = on_summary(NEW, summary(), summary().ended_on, POLICY)
    case, emitted = on_returned(round_trip(case), returned(skills_acquired=["formwork"]), RETURNED, POLICY)
    plan, decision = emitted
    assert isinstance(plan, ReintegrationPlanned) and isinstance(decision, CircularMobilityEligibility)
    assert (decision.eligible, decision.circular_migrant) == (True, False)
    bands = []
    for month, values in [(3, ("0.2", "0.4", "0.3")), (6, ("0.5", "0.6", "0.5")), (12, ("0.8", "0.7", "0.9"))]:
        case, [assessed] = on_followup(round_trip(case), followup(month, *values), RETURNED, POLICY)
        assert isinstance(assessed, ReintegrationAssessed) and assessed.month == month
        bands.append(assessed.band)
    assert bands == ["low", "medium", "high"]
    assert case.cycles[0].assessed_months == (3, 6, 12)


def test_a_follow_up_is_scored_once_per_month_and_not_before_any_return() -> None:
    assert on_followup(NEW, followup(3, "0.5", "0.5", "0.5"), RETURNED, POLICY)[1] == []
    case, _ = on_returned(NEW, returned(), RETURNED, POLICY)
    case, first = on_followup(case, followup(3, "0.5", "0.5", "0.5"), RETURNED, POLICY)
    case, again = on_followup(case, followup(3, "0.9", "0.9", "0.9"), RETURNED, POLICY)
    assert (len(first), again) == (1, [])


def test_a_second_cycle_pairs_summary_and_return_by_date_and_counts_towards_circularity() -> None:
    first = summary(arrived_on=date(2015, 1, 10), ended_on=date(2016, 6, 1))
    second = summary(arrived_on=date(2017, 9, 1), ended_on=date(2019, 1, 5))
    case, _ = on_summary(NEW, first, date(2016, 6, 1), POLICY)
    case, _ = on_summary(case, second, date(2019, 1, 5), POLICY)  # arrives before the first return
    case, emitted = on_returned(case, returned(returned_on=date(2016, 6, 10)), date(2016, 6, 10), POLICY)
    assert kinds(emitted) == [ReintegrationPlanned, CircularMobilityEligibility]
    case, emitted = on_returned(case, returned(returned_on=date(2019, 1, 15)), date(2019, 2, 1), POLICY)
    decision = emitted[1]
    assert isinstance(decision, CircularMobilityEligibility) and decision.circular_migrant is True
    assert [(c.stay.departed_on, c.stay.returned_on) for c in case.cycles] == [
        (date(2015, 1, 10), date(2016, 6, 10)),
        (date(2017, 9, 1), date(2019, 1, 15)),
    ]


def test_a_summary_read_after_its_return_settles_the_cycle_on_the_return_day() -> None:
    """Two topics, no order between them: the summary, dated at the contract's end, can come in after the return."""
    case, _ = on_returned(NEW, returned(), RETURNED, POLICY)
    ended = summary().ended_on
    _, emitted = on_summary(round_trip(case), summary(), ended, POLICY)
    planned = next(e for e in emitted if isinstance(e, ReintegrationPlanned))
    assert ended < RETURNED and (planned.planned_on, planned.due_on) == (RETURNED, DUE)
    assert kinds(emitted) == [ReintegrationPlanned, CircularMobilityEligibility]
