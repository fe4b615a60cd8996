"""FL_MULTI: two or more ILO indicators of forced labour seen within `forced_labour_window_days` of each other, in
check-ins (the alerts that are indicators) or grievances (the categories that report one). A debt reported in January
and documents retained in February hold together, also when a new contract started in between: the window, not the
monitoring period, bounds what counts."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from contracts.integration import AlertRaised, AlertSeverity
from services.common.evidence import Evidence
from services.integration.case import IntegrationCase
from services.integration.rules.catalogue import alert
from services.integration.rules.policy import IntegrationPolicy

# The ILO indicator each forced-labour alert is evidence of (ILO indicators of forced labour, 2012). A deduction
# counts only when critical: one to pay for recruitment or to keep the job, a recruitment debt repaid from wages.
INDICATOR_OF_ALERT = {
    "DOCS_RETAINED": "retention_of_identity_documents",
    "DEBT": "debt_bondage",
    "DEDUCTION_UNLAWFUL": "debt_bondage",
    "WAGE_WITHHELD": "withholding_of_wages",
    "HOURS_EXCESSIVE": "excessive_overtime",
}
REFERRAL = ["labour_inspectorate", "anti_trafficking"]


@dataclass(frozen=True)
class Sighting:
    """One forced-labour indicator seen on a day: the end of the check-in's pay period, or the filing of a grievance."""

    indicator: str
    on: date
    source: str


def sightings(case: IntegrationCase, policy: IntegrationPolicy) -> list[Sighting]:
    """Every indicator seen since the arrival, oldest first."""
    seen = [
        Sighting(INDICATOR_OF_ALERT[code], r.period_end, f"check-in {r.checkin_id}")
        for r in case.reports
        for code in case.forced_labour.get(r.checkin_id, [])
        if code in INDICATOR_OF_ALERT
    ]
    seen += [
        Sighting(indicator, g.filed_on, f"grievance {g.grievance_id} ({g.category})")
        for g in case.grievances
        if (indicator := policy.forced_labour_grievances.get(g.category.strip().lower()))
    ]
    return sorted(seen, key=lambda s: (s.on, s.indicator, s.source))


def together(seen: Sequence[Sighting], window_days: int) -> list[list[Sighting]]:
    """The largest groups of sightings within `window_days` of each other that hold two or more indicators."""
    window, groups = timedelta(days=window_days), dict[frozenset[str], list[Sighting]]()
    if len({s.indicator for s in seen}) < 2:
        return []
    for last in seen:
        group = [s for s in seen if last.on - window <= s.on <= last.on]
        indicators = frozenset(s.indicator for s in group)
        if len(indicators) >= 2:
            groups[indicators] = group
    return [group for held, group in groups.items() if not any(held < other for other in groups)]


def fl_multi(case: IntegrationCase, participant_id: str, on: date, policy: IntegrationPolicy) -> list[AlertRaised]:
    """FL_MULTI for each largest group of indicators seen together: critical, and refer the case to the labour
    inspectorate and the anti-trafficking authority. A case with no indicator alert and no grievance has no
    sighting: its check-ins are not gone through (the usual case, on every check-in)."""
    if not case.forced_labour and not case.grievances:
        return []
    return [
        _raised(group, participant_id, on, policy)
        for group in together(sightings(case, policy), policy.forced_labour_window_days)
    ]


def _raised(group: list[Sighting], participant_id: str, on: date, policy: IntegrationPolicy) -> AlertRaised:
    held = sorted({s.indicator for s in group})
    evidence: Evidence = {
        "indicators": ",".join(held),
        "count": len(held),
        "window_days": policy.forced_labour_window_days,
        "first_seen_on": group[0].on.isoformat(),
        "last_seen_on": group[-1].on.isoformat(),
        "seen": "; ".join(dict.fromkeys(f"{s.indicator}: {s.source}, {s.on}" for s in group)),
    }
    explanation = (
        f"{len(held)} indicators of forced labour seen within {policy.forced_labour_window_days} days "
        f"({', '.join(i.replace('_', ' ') for i in held)}): refer the case to the labour inspectorate and the "
        "anti-trafficking authority."
    )
    raised = alert("FL_MULTI", AlertSeverity.CRITICAL, participant_id, on, evidence, explanation)
    return raised.model_copy(update={"refer_to": REFERRAL})
