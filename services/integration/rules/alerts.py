"""The alert catalogue (docs/domain.md, "Integration") applied to one check-in, and FL_MULTI over the indicators
holding at once.

Time-based alerts (WAGE_LATE when unpaid, CHECKIN_MISSED, UNEMPLOYMENT_CLOCK, GRIEVANCE_OPEN) are in `timers`."""

from collections.abc import Callable, Iterable
from datetime import date

from contracts.integration import AlertRaised, AlertSeverity
from services.common.evidence import Evidence
from services.integration.rules.catalogue import Observation, alert
from services.integration.rules.conditions import (
    contract_substituted,
    debt,
    docs_retained,
    hours_excessive,
    mobility_blocked,
    rest_violation,
)
from services.integration.rules.pay import (
    deduction_unlawful,
    rent_autodeducted,
    rent_excessive,
    wage_below_contract,
    wage_below_min,
    wage_paid_late,
    wage_withheld,
)

Rule = Callable[[Observation], AlertRaised | None]

CHECKIN_RULES: tuple[Rule, ...] = (
    wage_below_min,
    wage_below_contract,
    wage_paid_late,
    wage_withheld,
    hours_excessive,
    rest_violation,
    deduction_unlawful,
    rent_autodeducted,
    rent_excessive,
    docs_retained,
    debt,
    contract_substituted,
    mobility_blocked,
)
REFERRAL = ["labour_inspectorate", "anti_trafficking"]


def checkin_alerts(obs: Observation) -> list[AlertRaised]:
    """Every alert one check-in raises, in catalogue order."""
    return [raised for rule in CHECKIN_RULES if (raised := rule(obs)) is not None]


def fl_multi(indicators: Iterable[str], participant_id: str, on: date) -> AlertRaised | None:
    """FL_MULTI: two or more forced-labour indicators hold at once; refer to the labour inspectorate and the
    anti-trafficking authority."""
    held = sorted(set(indicators))
    if len(held) < 2:
        return None
    evidence: Evidence = {"indicators": ",".join(held), "count": len(held)}
    explanation = (
        f"{len(held)} indicators of forced labour hold at once ({', '.join(held)}): refer the case to the labour "
        "inspectorate and the anti-trafficking authority."
    )
    raised = alert("FL_MULTI", AlertSeverity.CRITICAL, participant_id, on, evidence, explanation)
    return raised.model_copy(update={"refer_to": REFERRAL})
