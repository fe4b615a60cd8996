"""The alert catalogue (docs/domain.md, "Integration") applied to one check-in.

Time-based alerts (WAGE_LATE when unpaid, CHECKIN_MISSED, UNEMPLOYMENT_CLOCK, GRIEVANCE_OPEN) are in `timers`;
FL_MULTI, over check-ins and grievances, is in `forced_labour`."""

from collections.abc import Callable

from contracts.integration import AlertRaised
from services.integration.rules.catalogue import Observation, TermsUnknown
from services.integration.rules.conditions import (
    contract_substituted,
    debt,
    docs_retained,
    mobility_blocked,
    rest_violation,
)
from services.integration.rules.facts import facts_unknown
from services.integration.rules.pay import (
    deduction_unlawful,
    rent_autodeducted,
    rent_excessive,
    wage_below_contract,
    wage_below_min,
    wage_paid_late,
    wage_withheld,
)
from services.integration.rules.rights import RIGHTS_RULES
from services.integration.rules.working_time import hours_excessive, hours_long

Rule = Callable[[Observation], AlertRaised | None]

CHECKIN_RULES: tuple[Rule, ...] = (
    wage_below_min,
    wage_below_contract,
    wage_paid_late,
    wage_withheld,
    hours_excessive,
    hours_long,
    rest_violation,
    deduction_unlawful,
    rent_autodeducted,
    rent_excessive,
    docs_retained,
    debt,
    contract_substituted,
    mobility_blocked,
    facts_unknown,
    *RIGHTS_RULES,
)


def checked(obs: Observation) -> tuple[list[AlertRaised], list[str]]:
    """Every alert one check-in raises, in catalogue order, and the rules skipped because they need contract terms
    and none are known (named in upper case)."""
    alerts, skipped = list[AlertRaised](), list[str]()
    for rule in CHECKIN_RULES:
        try:
            raised = rule(obs)
        except TermsUnknown:
            skipped.append(rule.__name__.upper())
            continue
        alerts += [raised] if raised else []
    return alerts, skipped


def checkin_alerts(obs: Observation) -> list[AlertRaised]:
    return checked(obs)[0]
