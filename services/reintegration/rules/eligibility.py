"""Eligibility for another mobility cycle (RI-ELIG-1..3), with the participant's circular-migrant status."""

from datetime import date

from contracts.deployments import EndReason
from contracts.integration import IntegrationSummarised
from contracts.reintegration import CircularMobilityEligibility
from contracts.returns import ParticipantReturned
from contracts.types import Finding, Severity
from services.reintegration.rules.circularity import Stay, circular
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.sources import SOURCE_ALERTS, SOURCE_CYCLE, SOURCE_EARLY_END

EMPLOYER_CHANGE_ALERT = "EMPLOYER_CHANGE_PENDING"  # a change of employer notified during the period


def employer_alerts(summary: IntegrationSummarised, policy: ReintegrationPolicy) -> list[str]:
    """Alerts of the period that show the employer's conduct (all but those the policy ignores)."""
    raised = {a.alert for a in summary.alerts if a.count > 0} | set(summary.critical_alerts)
    return sorted(raised - policy.early_end_ignored_alerts - {EMPLOYER_CHANGE_ALERT})


def early_end_reasons(summary: IntegrationSummarised, policy: ReintegrationPolicy) -> list[str]:
    """Why an early end is not the worker's fault: a change of employer, alerts raised, grievances filed."""
    changed = summary.end_reason is EndReason.EMPLOYER_CHANGE or any(
        a.alert == EMPLOYER_CHANGE_ALERT and a.count > 0 for a in summary.alerts
    )
    found = {
        "employer_change": changed,
        "alerts_raised": bool(employer_alerts(summary, policy)),
        "grievances_filed": summary.grievances_filed > 0,
    }
    return [reason for reason, holds in found.items() if holds]


def contract_end(summary: IntegrationSummarised, policy: ReintegrationPolicy) -> Finding:
    """RI-ELIG-1: the contract was completed, or ended early for a reason that is not the worker's fault."""
    reasons = [] if summary.contract_completed else early_end_reasons(summary, policy)
    reason = "completed" if summary.contract_completed else ", ".join(reasons) or "no_reason_recorded"
    ended_how = summary.end_reason.value if summary.end_reason else "reason not reported"
    if summary.contract_completed:
        explanation = "The contract abroad was completed."
    elif reasons:
        explanation = (
            f"The contract abroad ended early ({ended_how}) with {reason.replace('_', ' ')}: not the worker's "
            "fault, and a worker may leave or change employer, so it does not bar another cycle."
        )
    else:
        explanation = (
            f"The contract abroad ended early ({ended_how}) with no change of employer, alert or grievance "
            "recorded; a caseworker reviews why before another cycle."
        )
    return Finding(
        rule_id="RI-ELIG-1",
        passed=summary.contract_completed or bool(reasons),
        severity=Severity.BLOCK,
        evidence={
            "contract_completed": summary.contract_completed,
            "ended_on": summary.ended_on.isoformat(),
            "end_reason": summary.end_reason.value if summary.end_reason else None,
            "employer_alerts": ", ".join(employer_alerts(summary, policy)),
            "grievances_filed": summary.grievances_filed,
            "reason": reason,
        },
        source=SOURCE_CYCLE if summary.contract_completed else SOURCE_EARLY_END,
        explanation=explanation,
    )


def return_registered(returned: ParticipantReturned | None) -> Finding:
    """RI-ELIG-2: the return home was registered."""
    return Finding(
        rule_id="RI-ELIG-2",
        passed=returned is not None,
        severity=Severity.BLOCK,
        evidence={"returned_on": returned.returned_on.isoformat() if returned else None},
        source=SOURCE_CYCLE,
        explanation="The return home was registered." if returned else "No return home has been registered.",
    )


def no_disqualifying_alert(summary: IntegrationSummarised, policy: ReintegrationPolicy) -> Finding:
    """RI-ELIG-3: no alert the settings name as disqualifying (none by default)."""
    raised = {a.alert for a in summary.alerts} | set(summary.critical_alerts)
    found = sorted(raised & policy.disqualifying_alerts)
    return Finding(
        rule_id="RI-ELIG-3",
        passed=not found,
        severity=Severity.BLOCK,
        evidence={"disqualifying": ", ".join(found), "configured": ", ".join(sorted(policy.disqualifying_alerts))},
        source=SOURCE_ALERTS,
        explanation=f"Alerts {', '.join(found)} bar another cycle." if found else "No disqualifying alert was raised.",
    )


def eligibility(
    summary: IntegrationSummarised,
    returned: ParticipantReturned | None,
    stays: list[Stay],
    today: date,
    policy: ReintegrationPolicy,
) -> CircularMobilityEligibility:
    """Whether another cycle may start, and the participant's circular-migrant status, on `today` (event time)."""
    gates = [contract_end(summary, policy), return_registered(returned), no_disqualifying_alert(summary, policy)]
    status = [circular(stays, today, policy, temporary=False), circular(stays, today, policy, temporary=True)]
    return CircularMobilityEligibility(
        participant_id=summary.participant_id,
        eligible=all(f.passed for f in gates),
        circular_migrant=status[0].passed,
        temporary_circular_migrant=status[1].passed,
        assessed_on=today,
        findings=[*gates, *status],
    )
