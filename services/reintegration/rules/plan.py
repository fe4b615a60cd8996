"""The reintegration plan: pathways matched to the home country's sectors, each with its reason and rule."""

from datetime import date, timedelta

from contracts.integration import AlertSeverity, IntegrationSummarised
from contracts.reintegration import Pathway, PathwayKind, ReintegrationPlanned
from contracts.returns import ParticipantReturned
from contracts.types import Finding, Sector, Severity
from services.common.reference import partnership
from services.common.reference import sector_family as family
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.sectors import matching_sectors, occupation_sector, parse_sector
from services.reintegration.rules.sources import SOURCE_MATCH, SOURCE_PLAN, SOURCE_PSY, SOURCE_RPL


def plan_due_by(returned: ParticipantReturned, policy: ReintegrationPolicy) -> date:
    """The last day the plan is on time (RI-PLAN-1)."""
    return returned.returned_on + timedelta(days=policy.plan_due_days)


def critical_alerts(summary: IntegrationSummarised) -> list[str]:
    flagged = {a.alert for a in summary.alerts if a.severity is AlertSeverity.CRITICAL}
    return sorted(set(summary.critical_alerts) | flagged)


def matched_sectors(summary: IntegrationSummarised) -> list[Sector]:
    """Home-partnership sectors matching the stay's sector first, then the occupation's."""
    candidates = [parse_sector(summary.sector), *filter(None, [occupation_sector(summary.occupation_held)])]
    return matching_sectors(candidates, partnership(summary.partner_country).sectors)


def plan_on_time(due: date, today: date) -> Finding:
    """RI-PLAN-1: the plan is made by its due date."""
    on_time = today <= due
    return Finding(
        rule_id="RI-PLAN-1",
        passed=on_time,
        severity=Severity.WARN,
        evidence={"planned_on": today.isoformat(), "due_on": due.isoformat()},
        source=SOURCE_PLAN,
        explanation=f"The plan was made on {today}, {'within' if on_time else 'after'} its due date {due}.",
    )


def sector_match(summary: IntegrationSummarised) -> Finding:
    """RI-MATCH-1: the stay's sector or occupation is one of the home partnership's sectors of common interest."""
    home = partnership(summary.partner_country)
    matched = matched_sectors(summary)
    occupation = occupation_sector(summary.occupation_held)
    return Finding(
        rule_id="RI-MATCH-1",
        passed=bool(matched),
        severity=Severity.INFO,
        evidence={
            "sector": summary.sector,
            "sector_family": family(parse_sector(summary.sector)).value,
            "occupation_held": summary.occupation_held,
            "occupation_sector": occupation.value if occupation else None,
            "home_sectors": ", ".join(s.value for s in home.sectors),
            "matched_sectors": ", ".join(s.value for s in matched),
        },
        source=SOURCE_MATCH,
        explanation=f"The work done abroad ({summary.sector}, ISCO-08 {summary.occupation_held}) "
        + (f"matches {home.name}'s {matched[0].value} sector." if matched else f"matches no {home.name} sector."),
    )


def rpl_referral(summary: IntegrationSummarised, returned: ParticipantReturned, policy: ReintegrationPolicy) -> Finding:
    """RI-RPL-1: skills acquired abroad, or long enough work abroad, call for recognition of prior learning."""
    refer = bool(returned.skills_acquired) or summary.months_worked >= policy.rpl_min_months_worked
    return Finding(
        rule_id="RI-RPL-1",
        passed=refer,
        severity=Severity.INFO,
        evidence={
            "skills_acquired": "; ".join(returned.skills_acquired),
            "months_worked": str(summary.months_worked),
            "rpl_min_months_worked": str(policy.rpl_min_months_worked),
            "occupation_held": summary.occupation_held,
        },
        source=SOURCE_RPL,
        explanation="Skills acquired abroad can be certified through recognition of prior learning."
        if refer
        else "No skill acquired abroad is recorded and the stay was too short for a recognition referral.",
    )


def psychosocial_need(summary: IntegrationSummarised) -> Finding:
    """RI-PSY-1: critical alerts abroad (forced-labour indicators, documents retained, debt) call for MHPSS."""
    alerts = critical_alerts(summary)
    return Finding(
        rule_id="RI-PSY-1",
        passed=not alerts,
        severity=Severity.WARN,
        evidence={"critical_alerts": ", ".join(alerts)},
        source=SOURCE_PSY,
        explanation=f"Critical alerts abroad ({', '.join(alerts)}) call for psychosocial support."
        if alerts
        else "No critical alert was raised abroad.",
    )


def economic_pathway(summary: IntegrationSummarised) -> Pathway:
    """Wage employment in a matching sector, else support to set up on one's own."""
    matched = matched_sectors(summary)
    if matched:
        reason = f"The work done abroad matches the home country's {matched[0].value} sector of common interest."
        return Pathway(
            kind=PathwayKind.WAGE_EMPLOYMENT, sector=matched[0].value, referral="JOB_MATCHING", reason=reason
        )
    reason = "The work done abroad matches no sector of common interest at home; self-employment support instead."
    return Pathway(
        kind=PathwayKind.SELF_EMPLOYMENT, sector=summary.sector, referral="LIVELIHOOD_SUPPORT", reason=reason
    )


def rpl_pathway(summary: IntegrationSummarised, returned: ParticipantReturned) -> Pathway:
    referral = (
        f"RPL_REFERRAL: ISCO-08 {summary.occupation_held} to the national qualification in {returned.home_country}"
    )
    skills = ", ".join(returned.skills_acquired) or f"{summary.months_worked} months of work"
    return Pathway(
        kind=PathwayKind.RECOGNITION_OF_PRIOR_LEARNING,
        sector=summary.sector,
        referral=referral,
        reason=f"Skills acquired abroad ({skills}) can be certified at home.",
    )


def psychosocial_pathway(summary: IntegrationSummarised) -> Pathway:
    alerts = ", ".join(critical_alerts(summary))
    reason = f"Critical alerts were raised during the stay ({alerts})."
    return Pathway(kind=PathwayKind.PSYCHOSOCIAL_SUPPORT, referral="MHPSS", reason=reason)


def pathways(
    summary: IntegrationSummarised, returned: ParticipantReturned, policy: ReintegrationPolicy
) -> list[Pathway]:
    chosen = [economic_pathway(summary)]
    if rpl_referral(summary, returned, policy).passed:
        chosen.append(rpl_pathway(summary, returned))
    if not psychosocial_need(summary).passed:
        chosen.append(psychosocial_pathway(summary))
    return chosen


def plan(
    summary: IntegrationSummarised, returned: ParticipantReturned, today: date, policy: ReintegrationPolicy
) -> ReintegrationPlanned:
    """The plan for one stay and return, made on `today` (event time)."""
    due = plan_due_by(returned, policy)
    findings = [plan_on_time(due, today), sector_match(summary), rpl_referral(summary, returned, policy)]
    return ReintegrationPlanned(
        participant_id=returned.participant_id,
        planned_on=today,
        due_on=due,
        pathways=pathways(summary, returned, policy),
        findings=[*findings, psychosocial_need(summary)],
    )
