"""What a plan proposes and why: pathways matched to the home country's sectors, skills and needs.

Each finding and pathway works from what is known: the integration summary of the stay where it arrived, the
return, and the latest follow-up's dimension scores."""

from collections.abc import Mapping
from decimal import Decimal

from contracts.integration import AlertSeverity, IntegrationSummarised
from contracts.reintegration import Pathway, PathwayKind
from contracts.returns import Dimension, ParticipantReturned
from contracts.types import Finding, PartnerCountry, Sector, Severity
from services.common.reference import Partnership, partnership
from services.common.reference import sector_family as family
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.scores import Band, band
from services.reintegration.rules.sectors import matching_sectors, occupation_sector, parse_sector
from services.reintegration.rules.sources import SOURCE_MATCH, SOURCE_PSY, SOURCE_RPL

Scores = Mapping[str, Decimal]  # dimension -> score of the latest follow-up


def home_partnership(returned: ParticipantReturned) -> Partnership | None:
    code = returned.home_country
    return partnership(PartnerCountry(code)) if code in PartnerCountry._value2member_map_ else None


def critical_alerts(summary: IntegrationSummarised | None) -> list[str]:
    if summary is None:
        return []
    flagged = {a.alert for a in summary.alerts if a.severity is AlertSeverity.CRITICAL}
    return sorted(set(summary.critical_alerts) | flagged)


def low_psychosocial(scores: Scores, policy: ReintegrationPolicy) -> Decimal | None:
    """The latest psychosocial score when it is low, else None."""
    score = scores.get(Dimension.PSYCHOSOCIAL.value)
    return score if score is not None and band(score, policy) is Band.LOW else None


def matched_sectors(summary: IntegrationSummarised) -> list[Sector]:
    """Home-partnership sectors matching the stay's sector first, then the occupation's."""
    candidates = [parse_sector(summary.sector), *filter(None, [occupation_sector(summary.occupation_held)])]
    return matching_sectors(candidates, partnership(summary.partner_country).sectors)


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


def rpl_referral(
    summary: IntegrationSummarised | None, returned: ParticipantReturned, policy: ReintegrationPolicy
) -> Finding:
    """RI-RPL-1: skills acquired abroad, or long enough work abroad, call for recognition of prior learning."""
    months = summary.months_worked if summary else None
    refer = bool(returned.skills_acquired) or (months is not None and months >= policy.rpl_min_months_worked)
    if refer:
        explanation = "Skills acquired abroad can be certified through recognition of prior learning."
    elif months is None:
        explanation = "No skill acquired abroad is recorded, and the months worked are not known yet."
    else:
        explanation = "No skill acquired abroad is recorded and the stay was too short for a recognition referral."
    return Finding(
        rule_id="RI-RPL-1",
        passed=refer,
        severity=Severity.INFO,
        evidence={
            "skills_acquired": "; ".join(returned.skills_acquired),
            "months_worked": None if months is None else str(months),
            "rpl_min_months_worked": str(policy.rpl_min_months_worked),
            "occupation_held": summary.occupation_held if summary else None,
        },
        source=SOURCE_RPL,
        explanation=explanation,
    )


def psychosocial_need(summary: IntegrationSummarised | None, scores: Scores, policy: ReintegrationPolicy) -> Finding:
    """RI-PSY-1: critical alerts abroad (forced-labour indicators, documents retained, debt), or a low psychosocial
    score at the latest follow-up, call for MHPSS."""
    alerts, score = critical_alerts(summary), low_psychosocial(scores, policy)
    causes = [f"critical alerts abroad ({', '.join(alerts)})"] if alerts else []
    causes += [] if score is None else [f"a low psychosocial score ({score}) at the latest follow-up"]
    text = " and ".join(causes)
    return Finding(
        rule_id="RI-PSY-1",
        passed=not causes,
        severity=Severity.WARN,
        evidence={
            "critical_alerts": ", ".join(alerts),
            "psychosocial_score": None if score is None else str(score),
            "low_below": str(policy.low_below),
        },
        source=SOURCE_PSY,
        explanation=f"{text[:1].upper()}{text[1:]} call for psychosocial support."
        if causes
        else "No critical alert was raised abroad and no low psychosocial score is known.",
    )


def economic_pathway(summary: IntegrationSummarised | None, returned: ParticipantReturned) -> Pathway:
    """Wage employment in a matching sector, else support to set up on one's own; without the summary, job
    matching across the home partnership's sectors."""
    if summary is None:
        home = home_partnership(returned)
        sectors = ", ".join(s.value for s in home.sectors) if home else "the home country's sectors"
        reason = f"The work done abroad is not known yet (no integration summary): job matching across {sectors}."
        return Pathway(kind=PathwayKind.WAGE_EMPLOYMENT, referral="JOB_MATCHING", reason=reason)
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


def rpl_pathway(summary: IntegrationSummarised | None, returned: ParticipantReturned) -> Pathway:
    what = f"ISCO-08 {summary.occupation_held}" if summary else "skills acquired abroad"
    skills = ", ".join(returned.skills_acquired) or (f"{summary.months_worked} months of work" if summary else "")
    return Pathway(
        kind=PathwayKind.RECOGNITION_OF_PRIOR_LEARNING,
        sector=summary.sector if summary else None,
        referral=f"RPL_REFERRAL: {what} to the national qualification in {returned.home_country}",
        reason=f"Skills acquired abroad ({skills}) can be certified at home.",
    )


def pathways(
    summary: IntegrationSummarised | None, returned: ParticipantReturned, scores: Scores, policy: ReintegrationPolicy
) -> list[Pathway]:
    chosen = [economic_pathway(summary, returned)]
    if rpl_referral(summary, returned, policy).passed:
        chosen.append(rpl_pathway(summary, returned))
    need = psychosocial_need(summary, scores, policy)
    if not need.passed:
        chosen.append(Pathway(kind=PathwayKind.PSYCHOSOCIAL_SUPPORT, referral="MHPSS", reason=need.explanation))
    return chosen
