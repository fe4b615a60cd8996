"""Every decision the integration service publishes explains itself: milestones and escalations name their rule,
evidence and source; alerts say that legal decisions rest with the national authorities; sources carry no internal
tags."""

import re
from datetime import date

from contracts.deployments import EndReason
from contracts.integration import MONITORING_NOTICE, AlertRaised, GrievanceEscalated, MilestoneReached
from contracts.monitoring import GrievanceFiled
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.sources import GRIEVANCE_ESCALATION, MILESTONE_RULES, SOURCES
from services.integration.steps import on_checkin, on_contract_ended, on_grievance_filed
from tests.unit.integration.samples import POLICY, checkin, days, ended, started

TAG = re.compile(r"\[(BK|S|S-2nd)[\]:]|(DOMAIN|DESIGN) §")


def test_every_milestone_names_its_rule_evidence_and_source() -> None:
    case, emitted = on_checkin(started(), checkin(1, rights_briefing_received=True, language_level="A2"),
                               date(2026, 2, 3), POLICY)  # fmt: skip
    case, more = on_checkin(case, checkin(2, language_level="B1"), date(2026, 3, 3), POLICY)
    case, six = days(case, date(2026, 7, 1), date(2026, 7, 1))
    _, done = on_contract_ended(case, ended(date(2026, 9, 30), EndReason.COMPLETED), date(2026, 9, 30), POLICY)
    reached = [m for m in [*emitted, *more, *six, *done] if isinstance(m, MilestoneReached)]
    assert [(m.milestone, m.rule_id) for m in reached] == [
        ("rights_briefing_delivered", "INT-MS-BRIEFING"),
        ("language_level_gained", "INT-MS-LANGUAGE"),
        ("six_months_employed", "INT-MS-SIX-MONTHS"),
        ("contract_completed", "INT-MS-COMPLETED"),
    ]
    assert all(m.evidence and m.source == MILESTONE_RULES[m.milestone][1] for m in reached)
    assert (reached[1].evidence["from"], reached[1].evidence["to"]) == ("A2", "B1")


def test_an_escalated_grievance_names_its_rule_evidence_and_source() -> None:
    filed = GrievanceFiled(participant_id="P-1", grievance_id="G-1", category="wages", filed_on=date(2026, 2, 1))
    case, _ = on_grievance_filed(started(), filed, date(2026, 2, 1), POLICY)
    _, emitted = days(case, date(2026, 3, 4), date(2026, 3, 4))
    escalated = next(e for e in emitted if isinstance(e, GrievanceEscalated))
    assert (escalated.rule_id, escalated.source) == GRIEVANCE_ESCALATION
    assert escalated.evidence == {
        "grievance_id": "G-1", "category": "wages", "filed_on": "2026-02-01", "deadline_days": 30,
        "due_on": "2026-03-03", "resolved_on": None,
    }  # fmt: skip
    assert escalated.notice == MONITORING_NOTICE


def test_every_alert_says_legal_decisions_rest_with_the_national_authorities() -> None:
    _, emitted = on_checkin(started(), checkin(1, has_own_documents=False), date(2026, 2, 3), POLICY)
    alert = next(e for e in emitted if isinstance(e, AlertRaised))
    assert alert.notice == MONITORING_NOTICE and "national authorities" in alert.notice


def test_sources_and_settings_cite_no_internal_tags() -> None:
    texts = [*SOURCES.values(), GRIEVANCE_ESCALATION[1], *(source for _, source in MILESTONE_RULES.values())]
    texts += [field.description or "" for field in IntegrationPolicy.model_fields.values()]
    assert [t for t in texts if TAG.search(t)] == []
