"""The reintegration plan: when it is due, what it rests on, and its pathways with their findings.

A plan waits for the integration summary of the stay, since its sector match and the alerts abroad rest on it, but
not past `summary_wait_days` after the return: then it is made from what is known (the return and the latest
follow-up) and marked provisional (RI-PLAN-2), and revised once when the summary arrives."""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from contracts.integration import IntegrationSummarised
from contracts.reintegration import ReintegrationPlanned
from contracts.returns import ParticipantReturned
from contracts.types import Finding, Severity
from services.reintegration.rules.pathways import pathways, psychosocial_need, rpl_referral, sector_match
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.sources import SOURCE_PLAN, SOURCE_PLAN_BASIS

SUMMARY = "integration_summary"


def plan_due_by(returned: ParticipantReturned, policy: ReintegrationPolicy) -> date:
    """The last day the plan is on time (RI-PLAN-1)."""
    return returned.returned_on + timedelta(days=policy.plan_due_days)


def plan_without_summary_from(returned: ParticipantReturned, policy: ReintegrationPolicy) -> date:
    """The day a plan still waiting for the summary is made from what is known (RI-PLAN-2)."""
    return returned.returned_on + timedelta(days=min(policy.summary_wait_days, policy.plan_due_days))


def plan_on_time(due: date, today: date, first_planned_on: date | None = None) -> Finding:
    """RI-PLAN-1: the return's first plan is made by its due date (a revision keeps the first plan's date)."""
    first = first_planned_on or today
    on_time = first <= due
    revised = f"; this plan revises it on {today} now that the integration summary arrived" if first_planned_on else ""
    return Finding(
        rule_id="RI-PLAN-1",
        passed=on_time,
        severity=Severity.WARN,
        evidence={"planned_on": today.isoformat(), "first_planned_on": first.isoformat(), "due_on": due.isoformat()},
        source=SOURCE_PLAN,
        explanation=f"The plan was made on {first}, {'within' if on_time else 'after'} its due date {due}{revised}.",
    )


def plan_basis(
    summary: IntegrationSummarised | None, returned: ParticipantReturned, policy: ReintegrationPolicy
) -> Finding:
    """RI-PLAN-2: the plan rests on the stay's integration summary; without it, it is provisional."""
    waited = min(policy.summary_wait_days, policy.plan_due_days)
    return Finding(
        rule_id="RI-PLAN-2",
        passed=summary is not None,
        severity=Severity.INFO if summary else Severity.PENDING,
        evidence={
            "returned_on": returned.returned_on.isoformat(),
            "summary_ended_on": summary.ended_on.isoformat() if summary else None,
            "missing": None if summary else SUMMARY,
            "summary_wait_days": waited,
        },
        source=SOURCE_PLAN_BASIS,
        explanation=f"The plan rests on the summary of the stay that ended on {summary.ended_on}."
        if summary
        else f"No integration summary arrived within {waited} days of the return: this provisional plan rests on "
        "the return and the follow-ups only; the sector match, the alerts abroad and the eligibility for another "
        "cycle wait for the summary, and the plan is revised when it arrives.",
    )


def plan(
    summary: IntegrationSummarised | None,
    returned: ParticipantReturned,
    today: date,
    policy: ReintegrationPolicy,
    scores: Mapping[str, Decimal] | None = None,
    first_planned_on: date | None = None,
) -> ReintegrationPlanned:
    """The plan for one return, made on `today` (event time) from what is known; `first_planned_on` is the date of
    the provisional plan this one revises."""
    known = scores or {}
    due = plan_due_by(returned, policy)
    findings = [plan_on_time(due, today, first_planned_on), plan_basis(summary, returned, policy)]
    findings += [sector_match(summary)] if summary else []
    return ReintegrationPlanned(
        participant_id=returned.participant_id,
        planned_on=today,
        due_on=due,
        pathways=pathways(summary, returned, known, policy),
        findings=[*findings, rpl_referral(summary, returned, policy), psychosocial_need(summary, known, policy)],
        provisional=summary is None,
        revision=1 if first_planned_on else 0,
        missing=[] if summary else [SUMMARY],
    )
