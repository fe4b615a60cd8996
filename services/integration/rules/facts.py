"""Safety-relevant facts a check-in states: each is yes, no or unknown, and none is "fine" by default. A fact left
out, or sent under a misspelt name (the contracts ignore fields they do not know), is unknown: FACTS_UNKNOWN asks
for it, and the rule the fact feeds never takes it as a pass."""

from collections.abc import Callable
from dataclasses import dataclass

from contracts.integration import AlertRaised, AlertSeverity
from contracts.monitoring import Channel, CheckInReported
from services.common.evidence import Evidence
from services.integration.rules.catalogue import Observation, observed


def keeps_documents(c: CheckInReported) -> bool | None:
    """The worker keeps their own documents: no if either field says so; yes only from `worker_keeps_documents`,
    since the older `has_own_documents` defaults to true."""
    if c.worker_keeps_documents is False or not c.has_own_documents:
        return False
    return c.worker_keeps_documents


def owes_debt(c: CheckInReported) -> bool | None:
    """The worker repays a recruitment debt: yes if either field says so; no from `owes_recruitment_debt` or a debt
    of zero; otherwise unknown."""
    amount = c.recruitment_debt.amount if c.recruitment_debt else None
    if c.owes_recruitment_debt or (amount is not None and amount > 0):
        return True
    return False if c.owes_recruitment_debt is False or amount is not None else None


def _rest_known(obs: Observation) -> bool:
    return None not in (obs.checkin.min_daily_rest_hours, obs.checkin.min_weekly_rest_hours)


def _housing_known(obs: Observation) -> bool:
    """Whether employer housing meets health and safety standards is asked when the worker lives in it: the terms
    say the employer provides housing, or the check-in reports its rent."""
    terms = obs.contract_terms
    employer_housing = obs.checkin.rent is not None or (terms is not None and terms.employer_housing)
    return not employer_housing or obs.checkin.housing_meets_health_safety is not None


@dataclass(frozen=True)
class Fact:
    name: str
    fields: str  # the check-in fields that state it
    known: Callable[[Observation], bool]
    forced_labour: bool = False  # an ILO indicator of forced labour turns on it
    worker_only: bool = True  # asked of the worker's own check-ins, not of the employer's payroll


FACTS = (
    Fact("documents", "worker_keeps_documents", lambda o: keeps_documents(o.checkin) is not None, True),
    Fact("recruitment_debt", "owes_recruitment_debt", lambda o: owes_debt(o.checkin) is not None, True),
    Fact("rest", "min_daily_rest_hours,min_weekly_rest_hours", _rest_known, worker_only=False),
    Fact("housing", "housing_meets_health_safety", _housing_known),
)


def facts_unknown(obs: Observation) -> AlertRaised | None:
    """FACTS_UNKNOWN: safety-relevant facts the check-in leaves out; medium when a forced-labour indicator turns on
    one of them, info otherwise."""
    worker = obs.checkin.channel is Channel.WORKER_VOICE
    unknown = [f for f in FACTS if (worker or not f.worker_only) and not f.known(obs)]
    if not unknown:
        return None
    severity = AlertSeverity.MEDIUM if any(f.forced_labour for f in unknown) else AlertSeverity.INFO
    evidence: Evidence = {
        "unknown": ",".join(f.name for f in unknown),
        "ask_for": ",".join(f.fields for f in unknown),
    }
    explanation = (
        f"The check-in does not state {', '.join(f.name.replace('_', ' ') for f in unknown)}: ask for "
        f"{', '.join(f.fields.replace(',', ' and ') for f in unknown)}. A fact left out is not taken as fine."
    )
    return observed(obs, "FACTS_UNKNOWN", severity, evidence, explanation)
