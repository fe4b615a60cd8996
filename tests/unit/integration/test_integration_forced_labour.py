"""FL_MULTI over time: ILO indicators of forced labour seen within the window, in check-ins and grievances."""

from datetime import date

import pytest

from contracts.envelope import EventData
from contracts.integration import AlertRaised
from contracts.monitoring import CheckInReported, GrievanceFiled
from contracts.recruitment import PlacementCleared
from services.integration.case import IntegrationCase
from services.integration.rules.catalogue import KINDS
from services.integration.rules.forced_labour import INDICATOR_OF_ALERT
from services.integration.rules.policy import ILO_INDICATORS, IntegrationPolicy
from services.integration.steps import on_checkin, on_contract_ended, on_grievance_filed, on_placement_cleared
from tests.unit.integration.samples import CLEARED, POLICY, checkin, codes, ended, eur, started, terms

DEBT_IN_JANUARY = checkin(1, owes_recruitment_debt=True, recruitment_debt=eur(3000))


def grievance(category: str, filed_on: date, grievance_id: str = "G-1") -> GrievanceFiled:
    return GrievanceFiled(participant_id="P-1", grievance_id=grievance_id, category=category, filed_on=filed_on)


def run(*events: CheckInReported | GrievanceFiled, policy: IntegrationPolicy = POLICY) -> list[EventData]:
    """The events in order on a started case, each received on its own day; what the last one emitted."""
    case: IntegrationCase = started(policy)
    emitted: list[EventData] = []
    for event in events:
        if isinstance(event, CheckInReported):
            case, emitted = on_checkin(case, event, event.period_end, policy)
        else:
            case, emitted = on_grievance_filed(case, event, event.filed_on, policy)
    return emitted


def multi(emitted: list[EventData]) -> AlertRaised:
    return next(a for a in emitted if isinstance(a, AlertRaised) and a.alert == "FL_MULTI")


def test_a_debt_reported_in_january_and_documents_retained_in_february_fire_fl_multi() -> None:
    emitted = run(DEBT_IN_JANUARY, checkin(2, worker_keeps_documents=False))
    assert codes(emitted) == ["DOCS_RETAINED", "FL_MULTI"]
    raised = multi(emitted)
    assert raised.evidence["indicators"] == "debt_bondage,retention_of_identity_documents"
    assert (raised.evidence["first_seen_on"], raised.evidence["last_seen_on"]) == ("2026-01-31", "2026-02-28")
    assert raised.refer_to == ["labour_inspectorate", "anti_trafficking"]


@pytest.mark.parametrize(("window_days", "fired"), [(90, False), (150, True)])
def test_indicators_further_apart_than_the_window_do_not_hold_together(window_days: int, fired: bool) -> None:
    policy = IntegrationPolicy(forced_labour_window_days=window_days)
    emitted = run(DEBT_IN_JANUARY, checkin(5, worker_keeps_documents=False), policy=policy)
    assert ("FL_MULTI" in codes(emitted)) is fired


@pytest.mark.parametrize(
    ("category", "fired"),
    [
        ("documents", True),
        ("Violence", True),
        ("intimidation_and_threats", True),
        ("debt", False),
        ("wages", False),
        ("housing", False),
    ],
    ids=["documents", "violence", "named after an indicator", "the same indicator", "wages", "housing"],
)
def test_a_grievance_whose_category_is_an_ilo_indicator_counts(category: str, fired: bool) -> None:
    emitted = run(DEBT_IN_JANUARY, grievance(category, date(2026, 2, 10)))
    assert ("FL_MULTI" in codes(emitted)) is fired
    if fired:
        assert "grievance G-1" in str(multi(emitted).evidence["seen"])


def test_a_grievance_filed_first_and_a_check_in_later_hold_together() -> None:
    emitted = run(grievance("documents", date(2026, 1, 10)), checkin(2, wages_withheld_as_guarantee=True))
    assert multi(emitted).evidence["indicators"] == "retention_of_identity_documents,withholding_of_wages"


def test_indicators_hold_together_across_a_new_contract_within_the_window() -> None:
    """A new monitoring period counts alerts afresh, but what the worker reported weeks before still counts."""
    case = started()
    case, _ = on_grievance_filed(case, grievance("documents", date(2026, 1, 20)), date(2026, 1, 20), POLICY)
    case, _ = on_contract_ended(case, ended(date(2026, 1, 31)), date(2026, 1, 31), POLICY)
    next_job = PlacementCleared.model_validate(CLEARED.model_dump() | {"terms": terms(offer_id="O-2")})
    case, _ = on_placement_cleared(case, next_job, date(2026, 2, 1), POLICY)
    assert len(case.periods) == 2
    _, emitted = on_checkin(
        case, checkin(2, owes_recruitment_debt=True, recruitment_debt=eur(3000)), date(2026, 3, 1), POLICY
    )
    raised = multi(emitted)
    assert raised.evidence["indicators"] == "debt_bondage,retention_of_identity_documents"
    assert "grievance G-1 (documents), 2026-01-20" in str(raised.evidence["seen"])


def test_a_growing_set_of_indicators_is_raised_again_and_the_same_set_once() -> None:
    first = run(DEBT_IN_JANUARY, checkin(2, worker_keeps_documents=False))
    same = run(DEBT_IN_JANUARY, checkin(2, worker_keeps_documents=False), checkin(3, worker_keeps_documents=False))
    more = run(DEBT_IN_JANUARY, checkin(2, worker_keeps_documents=False), grievance("violence", date(2026, 3, 1)))
    assert "FL_MULTI" in codes(first) and "FL_MULTI" not in codes(same)
    assert multi(more).evidence["count"] == 3


def test_every_forced_labour_alert_and_grievance_category_names_an_ilo_indicator() -> None:
    assert set(INDICATOR_OF_ALERT) == {code for code, kind in KINDS.items() if kind.forced_labour}
    assert set(INDICATOR_OF_ALERT.values()) <= set(ILO_INDICATORS)
    assert set(IntegrationPolicy().forced_labour_grievances.values()) <= set(ILO_INDICATORS)
