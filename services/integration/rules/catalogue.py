"""The alert catalogue (docs/domain.md, "Integration"): each alert's forced-labour weight and once-key, how alerts
are built with the source `sources.SOURCES` gives for their code, and what a check-in rule observes."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from contracts.integration import AlertRaised, AlertSeverity
from contracts.monitoring import CheckInReported
from services.common.evidence import Evidence, Shown
from services.integration.case import Terms
from services.integration.rules.hours import Hours, PayPeriod, reference_hours
from services.integration.rules.policy import IntegrationPolicy
from services.integration.rules.sources import SOURCES


@dataclass(frozen=True)
class Kind:
    """Whether an alert is one of the ILO indicators of forced labour, and the evidence fields that make it
    once-only."""

    forced_labour: bool = False
    once_per: tuple[str, ...] = ("checkin_id",)


KINDS: dict[str, Kind] = {
    "ARRIVED_WITHOUT_CLEARANCE": Kind(once_per=("period", "decision", "contract_id", "blocking_rules")),
    "TERMS_UNKNOWN": Kind(),
    "WAGE_BELOW_MIN": Kind(),
    "WAGE_BELOW_CONTRACT": Kind(),
    "WAGE_LATE": Kind(once_per=("period",)),
    "WAGE_WITHHELD": Kind(forced_labour=True),
    "HOURS_EXCESSIVE": Kind(forced_labour=True),
    "HOURS_LONG": Kind(),
    "REST_VIOLATION": Kind(),
    "LEAVE_DENIED": Kind(),
    "DEDUCTION_UNLAWFUL": Kind(forced_labour=True),
    "RENT_AUTODEDUCTED": Kind(),
    "RENT_EXCESSIVE": Kind(),
    "HOUSING_SUBSTANDARD": Kind(),
    "DOCS_RETAINED": Kind(forced_labour=True),
    "DEBT": Kind(forced_labour=True),
    "CONTRACT_SUBSTITUTED": Kind(once_per=("differences",)),
    "MOBILITY_BLOCKED": Kind(),
    "EMPLOYER_CHANGE_PENDING": Kind(once_per=("notified_on",)),
    "UNEMPLOYMENT_CLOCK": Kind(once_per=("unemployed_since", "stage")),
    "CHECKIN_MISSED": Kind(once_per=("last_contact_on", "consecutive_misses")),
    "GRIEVANCE_OPEN": Kind(once_per=("grievance_id",)),
    "FACTS_UNKNOWN": Kind(),
    "FL_MULTI": Kind(once_per=("indicators",)),
}


class TermsUnknown(LookupError):
    """A check-in rule needs the contract terms and none are known: the rule is skipped, and the alert
    TERMS_UNKNOWN names it."""


T = TypeVar("T")


@dataclass(frozen=True)
class Observation:
    """One check-in seen against the latest terms known for its contract (cleared, or those of a blocked
    decision), on the day it is applied, with the pay periods reported before in its monitoring period. A rule that
    reads `terms` when none are known raises `TermsUnknown`."""

    checkin: CheckInReported
    contract_terms: Terms | None
    on: date
    policy: IntegrationPolicy
    earlier: tuple[PayPeriod, ...] = ()
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: str, derive: "Callable[[Observation], T]") -> T:
        """What more than one rule derives from the observation, derived once (`functools.cached_property` takes a
        lock on every read in Python 3.11)."""
        if name not in self.derived:
            self.derived[name] = derive(self)
        found: T = self.derived[name]
        return found

    @property
    def hours(self) -> Hours:
        """Weekly hours over the reference period ending with the check-in (both hours rules read them)."""
        return self.once("hours", _reference_hours)

    @property
    def terms(self) -> Terms:
        if self.contract_terms is None:
            raise TermsUnknown(f"no contract terms known for check-in {self.checkin.checkin_id}")
        return self.contract_terms


def _reference_hours(obs: Observation) -> Hours:
    return reference_hours((*obs.earlier, obs.checkin), obs.checkin, obs.policy.hours_reference_months)


def alert(
    code: str, severity: AlertSeverity, participant_id: str, on: date, evidence: Mapping[str, Shown], explanation: str
) -> AlertRaised:
    """An alert of the catalogue; DEDUCTION_UNLAWFUL weighs as forced labour only when critical."""
    kind = KINDS[code]
    forced = kind.forced_labour and (code != "DEDUCTION_UNLAWFUL" or severity is AlertSeverity.CRITICAL)
    return AlertRaised(
        participant_id=participant_id,
        alert=code,
        severity=severity,
        evidence=dict(evidence),
        source=SOURCES[code],
        explanation=explanation,
        raised_on=on,
        forced_labour_indicator=forced,
    )


def observed(
    obs: Observation, code: str, severity: AlertSeverity, evidence: Mapping[str, Shown], explanation: str
) -> AlertRaised:
    """An alert about one check-in: its id, channel and period lead the evidence."""
    c = obs.checkin
    base: Evidence = {"checkin_id": c.checkin_id, "channel": c.channel.value, "period": period_of(c)}
    return alert(code, severity, c.participant_id, obs.on, {**base, **evidence}, explanation)


def period_of(checkin: PayPeriod) -> str:
    return f"{checkin.period_start.isoformat()}/{checkin.period_end.isoformat()}"


def once_key(raised: AlertRaised) -> str:
    """Alerts with the same key are raised once: the evidence fields the catalogue names make the key."""
    fields = KINDS[raised.alert].once_per
    return "/".join([raised.alert, *(str(raised.evidence.get(name)) for name in fields)])
