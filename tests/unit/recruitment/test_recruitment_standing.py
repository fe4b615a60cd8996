"""The standing criteria (FR-STAND-2) and what new terms get from a standing (FR-STAND-1), as pure functions."""

from datetime import date, timedelta

import pytest

from contracts.integration import AlertRaised, AlertSeverity
from contracts.offers import JobOffered, Recruiter
from contracts.recruitment import PartyKind, Standing
from contracts.types import Finding, Severity
from services.recruitment.rules import standing
from services.recruitment.rules.policy import StandingPolicy
from services.recruitment.rules.standing import Ledger, Noted

POLICY = StandingPolicy()
DAY = date(2026, 5, 1)
NEXT = DAY + timedelta(days=1)  # the first clock tick a finding of DAY counts on


def note(rule_id: str = "DOCS_RETAINED", worker: str = "P-1", on: date = DAY, severity: str = "critical") -> Noted:
    return Noted(party=PartyKind.EMPLOYER, party_id="E-1", rule_id=rule_id, severity=severity,
                 participant_id=worker, on=on)  # fmt: skip


def ledger_of(*notes: Noted) -> Ledger:
    ledger = Ledger(party=PartyKind.EMPLOYER, party_id="E-1")
    for n in notes:
        ledger = standing.record(ledger, n)
    return ledger


def test_one_critical_finding_puts_the_employer_on_watch() -> None:
    assert standing.evaluate(ledger_of(note()).entries, NEXT, POLICY).standing is Standing.WATCH


def test_critical_findings_for_two_workers_recommend_suspension() -> None:
    result = standing.evaluate(ledger_of(note(worker="P-1"), note(worker="P-2")).entries, NEXT, POLICY)
    assert (result.standing, result.weight, result.workers) == (Standing.SUSPENSION_RECOMMENDED, 8, 2)


def test_many_findings_for_one_worker_are_a_case_not_a_pattern_so_only_watch() -> None:
    one_worker = ledger_of(note("DOCS_RETAINED"), note("DEBT"), note("WAGE_WITHHELD"))
    result = standing.evaluate(one_worker.entries, NEXT, POLICY)
    assert (result.standing, result.weight, result.workers) == (Standing.WATCH, 12, 1)


def test_a_finding_counts_once_per_worker_and_rule_on_its_latest_day_whatever_the_order() -> None:
    later = DAY + timedelta(days=30)
    forwards, backwards = ledger_of(note(on=DAY), note(on=later)), ledger_of(note(on=later), note(on=DAY))
    assert forwards == backwards and [e.on for e in forwards.entries] == [later]


def test_below_the_watch_weight_the_standing_stays_good() -> None:
    medium = ledger_of(note("REST_VIOLATION", severity="medium"), note("LEAVE_DENIED", severity="medium"))
    assert standing.evaluate(medium.entries, NEXT, POLICY).standing is Standing.GOOD


def test_a_finding_counts_from_the_next_day_so_an_alert_of_the_tick_day_waits_for_the_next_tick() -> None:
    ledger = ledger_of(note(worker="P-1", on=DAY))
    assert standing.evaluate(ledger.entries, DAY, POLICY).standing is Standing.GOOD
    assert standing.next_due(ledger, DAY, POLICY) == NEXT
    _, changed = standing.on_day(ledger, NEXT, POLICY)
    assert changed is not None and (changed.window_from, changed.window_to) == (DAY - timedelta(days=364), DAY)


def test_findings_leave_the_window_and_the_standing_lapses_step_by_step() -> None:
    later = DAY + timedelta(days=10)
    ledger = ledger_of(note(worker="P-1", on=DAY), note(worker="P-2", on=later))
    ledger, changed = standing.on_day(ledger, later + timedelta(days=1), POLICY)
    assert changed is not None and changed.standing is Standing.SUSPENSION_RECOMMENDED
    first_leaves = DAY + timedelta(days=POLICY.window_days + 1)
    assert changed.lapses_on == ledger.lapses_on == first_leaves
    assert standing.next_due(ledger, later + timedelta(days=1), POLICY) == first_leaves
    ledger, changed = standing.on_day(ledger, first_leaves - timedelta(days=1), POLICY)
    assert changed is None  # still counts on its last day in the window
    ledger, changed = standing.on_day(ledger, first_leaves, POLICY)
    assert changed is not None and (changed.previous, changed.standing) == (Standing.SUSPENSION_RECOMMENDED,
                                                                            Standing.WATCH)  # fmt: skip
    assert [e.worker for e in ledger.entries] == ["P-2"]  # the finding out of the window is gone
    ledger, changed = standing.on_day(ledger, later + timedelta(days=POLICY.window_days + 1), POLICY)
    assert changed is not None and changed.standing is Standing.GOOD and ledger.entries == []
    assert standing.next_due(ledger, later + timedelta(days=POLICY.window_days + 1), POLICY) is None


def test_an_unchanged_standing_is_no_news() -> None:
    ledger, first = standing.on_day(ledger_of(note()), NEXT, POLICY)
    _, again = standing.on_day(standing.record(ledger, note(on=NEXT)), NEXT + timedelta(days=1), POLICY)
    assert first is not None and again is None


def test_the_standing_event_explains_itself() -> None:
    _, changed = standing.on_day(ledger_of(note(worker="P-1"), note(worker="P-2"), note("DEBT", "P-2")), NEXT, POLICY)
    assert changed is not None
    assert changed.rule_id == "FR-STAND-2" and "Talent Pool" in changed.source
    assert [(f.rule_id, f.count, f.weight, f.participant_ids) for f in changed.findings] == [
        ("DEBT", 1, 4, ["P-2"]),
        ("DOCS_RETAINED", 2, 8, ["P-1", "P-2"]),
    ]
    assert changed.evidence["suspension_workers"] == 2 and changed.weight == 12 and changed.workers == 2
    assert "competent authorities" in changed.notice and changed.party_id == "E-1"


def test_the_criteria_are_settings() -> None:
    strict = StandingPolicy(suspension_workers=1)
    assert standing.evaluate(ledger_of(note(), note("DEBT")).entries, NEXT, strict).standing is (
        Standing.SUSPENSION_RECOMMENDED
    )


def test_erasure_takes_the_id_out_and_keeps_the_count() -> None:
    ledger = ledger_of(note(worker="P-1"), note(worker="P-2"))
    erased = standing.forget_worker(ledger, "P-1")
    assert "P-1" not in erased.model_dump_json()
    assert standing.evaluate(erased.entries, NEXT, POLICY)[:3] == (Standing.SUSPENSION_RECOMMENDED, 8, 2)
    [docs] = standing.evidence_of(erased.entries, POLICY)
    assert (docs.count, docs.participant_ids) == (2, ["P-2"])


def finding(rule_id: str, passed: bool = False, severity: Severity = Severity.BLOCK) -> Finding:
    return Finding(rule_id=rule_id, passed=passed, severity=severity, source="s", explanation="e")


def test_recruitment_violations_count_against_employer_and_recruiter_and_recruiter_rules_only_the_recruiter(
    offer: JobOffered,
) -> None:
    findings = [finding("FR-DOC-1"), finding("FR-REC-2", severity=Severity.INFO), finding("FR-FEE-1", passed=True),
                finding("FR-CON-3", severity=Severity.PENDING), finding("FR-TIME-1")]  # fmt: skip
    notes = standing.notes_of_findings(offer, findings, "P-1", DAY)
    assert [(n.party.value, n.rule_id, n.severity) for n in notes] == [
        ("employer", "FR-DOC-1", "critical"),
        ("recruiter", "FR-DOC-1", "critical"),
        ("recruiter", "FR-REC-2", "info"),
    ]


def alert(code: str, severity: AlertSeverity = AlertSeverity.CRITICAL) -> AlertRaised:
    return AlertRaised(participant_id="P-1", alert=code, severity=severity, source="s", explanation="e",
                       raised_on=DAY)  # fmt: skip


def test_alerts_about_the_employers_conduct_count_at_their_severity_others_do_not(offer: JobOffered) -> None:
    assert [(n.party_id, n.severity) for n in standing.notes_of_alert(offer, alert("WAGE_LATE", AlertSeverity.HIGH))] \
        == [("E-1", "high"), ("R-1", "high")]  # fmt: skip
    assert standing.notes_of_alert(offer, alert("CHECKIN_MISSED", AlertSeverity.MEDIUM)) == []
    assert standing.notes_of_alert(offer, alert("FL_MULTI")) == []
    assert standing.notes_of_alert(None, alert("DOCS_RETAINED")) == []


@pytest.mark.parametrize(
    ("standings", "passed", "severity"),
    [
        ({}, True, Severity.BLOCK),
        ({"recruiter:R-1": Standing.WATCH}, False, Severity.WARN),
        ({"recruiter:R-1": Standing.WATCH, "employer:E-1": Standing.SUSPENSION_RECOMMENDED}, False, Severity.BLOCK),
    ],
)
def test_new_terms_are_blocked_by_a_suspension_recommended_and_warned_by_a_watch(
    offer: JobOffered, standings: dict[str, Standing], passed: bool, severity: Severity
) -> None:
    result = standing.standing_finding(offer, standings)
    assert (result.rule_id, result.passed, result.severity) == ("FR-STAND-1", passed, severity)
    assert result.evidence["employer_id"] == "E-1" and result.evidence["recruiter_standing"] == (
        standings.get("recruiter:R-1", Standing.GOOD).value
    )


def test_direct_hiring_names_only_the_employer(offer: JobOffered) -> None:
    direct = offer.model_copy(update={"recruiter": None})
    assert standing.standing_finding(direct, {"recruiter:R-1": Standing.SUSPENSION_RECOMMENDED}).passed
    assert isinstance(offer.recruiter, Recruiter)
