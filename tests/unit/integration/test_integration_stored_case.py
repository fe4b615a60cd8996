"""A case stored before check-ins were kept as reports (whole check-ins under `checkins`, ids under `unchecked`):
read today, it is the case today's code would have built from the same events, and it goes on the same way.

`case_with_whole_checkins.json` is the document the code before the change stored after `before_the_clearance`
(made by running that function on it)."""

from datetime import date
from pathlib import Path

from contracts.envelope import EventData
from services.integration.case import IntegrationCase
from services.integration.steps import on_arrival, on_checkin, on_day, on_placement_cleared
from tests.unit.integration.samples import ARRIVED, ARRIVED_ON, CLEARED, POLICY, checkin, eur

STORED = Path(__file__).with_name("case_with_whole_checkins.json")


def before_the_clearance() -> IntegrationCase:
    """Arrived with no placement decision known: check-ins wait for terms, one is corrected, two raise forced-labour
    indicators, the last reports unemployment."""
    case, _ = on_arrival(IntegrationCase(), ARRIVED, ARRIVED_ON, POLICY)
    reports = [
        (checkin(1, worker_keeps_documents=False), date(2026, 2, 2)),
        (checkin(2), date(2026, 3, 2)),
        (checkin(2, hours_worked=62, owes_recruitment_debt=True, recruitment_debt=eur(900)), date(2026, 3, 4)),
        (checkin(3, paid_on=None, unemployed_since=date(2026, 3, 20)), date(2026, 4, 1)),
    ]
    for event, received_on in reports:
        case, _ = on_checkin(case, event, received_on, POLICY)
    return case


def after_the_clearance(case: IntegrationCase) -> list[EventData]:
    """The clearance checks the waiting check-ins; two months of clock ticks, a third forced-labour indicator, three
    more weeks of ticks."""
    case, emitted = on_placement_cleared(case, CLEARED, date(2026, 4, 2), POLICY)
    emitted = list(emitted)
    for day in range(date(2026, 4, 3).toordinal(), date(2026, 7, 1).toordinal()):
        if day == date(2026, 6, 10).toordinal():
            case, out = on_checkin(case, checkin(4, wages_withheld_as_guarantee=True), date(2026, 6, 10), POLICY)
            emitted += out
        case, out = on_day(case, date.fromordinal(day), POLICY)
        emitted += out
    return emitted


def test_a_case_stored_with_whole_checkins_reads_as_the_case_built_today() -> None:
    stored = IntegrationCase.model_validate_json(STORED.read_text())
    assert stored.model_dump_json() == before_the_clearance().model_dump_json()
    assert [c.checkin_id for c in stored.waiting] == ["C-01", "C-02", "C-03"]
    assert stored.unemployed_since == date(2026, 3, 20)


def test_a_case_stored_with_whole_checkins_goes_on_as_the_case_built_today() -> None:
    stored = IntegrationCase.model_validate_json(STORED.read_text())
    emitted = after_the_clearance(stored)
    alerts = {getattr(e, "alert", None): e for e in emitted}
    assert {"CONTRACT_SUBSTITUTED", "WAGE_WITHHELD", "FL_MULTI", "WAGE_LATE", "UNEMPLOYMENT_CLOCK"} <= set(alerts)
    indicators = "debt_bondage,excessive_overtime,retention_of_identity_documents,withholding_of_wages"
    assert alerts["FL_MULTI"].evidence["indicators"] == indicators  # type: ignore[attr-defined]
    assert [e.model_dump_json() for e in emitted] == [
        e.model_dump_json() for e in after_the_clearance(before_the_clearance())
    ]


def test_a_case_written_today_carries_no_whole_checkin_but_those_waiting() -> None:
    written = before_the_clearance().model_dump_json()
    assert '"checkins"' not in written and '"unchecked"' not in written
    assert written.count('"net_paid"') == 3  # the three waiting check-ins; the corrected one is gone
