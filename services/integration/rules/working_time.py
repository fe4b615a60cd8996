"""Weekly hours on a check-in: the 48-hour average over the reference period (WTD 2003/88/EC Arts. 6, 16(b)), the
individual opt-out only where the Member State allows one (Art. 22), and excessive overtime, an ILO indicator of
forced labour that no opt-out lifts. Rest periods are checked apart (`conditions.rest_violation`), opt-out or not."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from contracts.integration import AlertRaised, AlertSeverity
from contracts.types import MemberState
from services.common.evidence import Evidence
from services.integration.rules.catalogue import Observation, observed
from services.integration.rules.hours import Hours

MAX_WEEKLY_HOURS = Decimal(48)  # WTD Art. 6(b)

Scope = Literal["all_sectors", "some_sectors"]
COMMISSION_2017 = (
    "European Commission, Report on the implementation of Directive 2003/88/EC, COM(2017) 254 final, and SWD(2017) "
    "204 final, on the opt-out (Art. 22)"
)
DENMARK_2024 = (
    "Denmark introduced the opt-out in 2024 for workers with stand-by time: Global Workplace Law & Policy (Kluwer), "
    "'Denmark implements the opt-out of maximum weekly working time in 2024', 22 January 2025"
)
# Member States whose law lets a worker agree to work more than 48 hours a week on average (WTD Art. 22), as
# the Commission reported them: in every sector, or only in some (mostly jobs with much on-call time). A Member
# State not listed allows no individual opt-out.
OPT_OUT: dict[MemberState, tuple[Scope, str]] = {
    MemberState.AT: ("some_sectors", COMMISSION_2017),
    MemberState.BE: ("some_sectors", COMMISSION_2017),
    MemberState.BG: ("all_sectors", COMMISSION_2017),
    MemberState.CY: ("all_sectors", COMMISSION_2017),
    MemberState.CZ: ("some_sectors", COMMISSION_2017),
    MemberState.DE: ("some_sectors", COMMISSION_2017),
    MemberState.DK: ("some_sectors", DENMARK_2024),
    MemberState.EE: ("all_sectors", COMMISSION_2017),
    MemberState.ES: ("some_sectors", COMMISSION_2017),
    MemberState.FR: ("some_sectors", COMMISSION_2017),
    MemberState.HR: ("some_sectors", COMMISSION_2017),
    MemberState.HU: ("some_sectors", COMMISSION_2017),
    MemberState.LV: ("some_sectors", COMMISSION_2017),
    MemberState.MT: ("all_sectors", COMMISSION_2017),
    MemberState.NL: ("some_sectors", COMMISSION_2017),
    MemberState.PL: ("some_sectors", COMMISSION_2017),
    MemberState.SI: ("some_sectors", COMMISSION_2017),
    MemberState.SK: ("some_sectors", COMMISSION_2017),
}
OptOut = Literal["none", "counts", "to_confirm", "not_allowed"]


def opt_out(obs: Observation) -> OptOut:
    """Whether an opt-out is recorded in the terms and whether the destination allows one: in every sector (it
    counts), in some (it counts if the job is covered, which a caseworker confirms) or not at all (it does not)."""
    terms = obs.contract_terms
    if terms is None or not terms.opt_out_48h:
        return "none"
    allowed = OPT_OUT.get(terms.destination)
    if allowed is None:
        return "not_allowed"
    return "counts" if allowed[0] == "all_sectors" else "to_confirm"


def _evidence(obs: Observation, hours: Hours, status: OptOut) -> Evidence:
    return {
        "hours_worked": str(obs.checkin.hours_worked),
        "average_weekly_hours": str(hours.average),
        "reference_months": obs.policy.hours_reference_months,
        "days_reported": hours.reported_days,
        "reference_days": hours.period_days,
        "opt_out": status,
        "destination": obs.contract_terms.destination.value if obs.contract_terms else None,
    }


@dataclass(frozen=True)
class Assessed:
    """The check-in's hours against both limits: the 48-hour average (`legal`) and excessive overtime."""

    hours: Hours
    status: OptOut
    overtime: bool
    legal: bool

    @property
    def excessive(self) -> bool:
        return self.overtime or self.legal


def assessed(obs: Observation) -> Assessed:
    """Both hours rules read it: made once per observation."""
    return obs.once("assessed", _assess)


def _assess(obs: Observation) -> Assessed:
    hours, status = obs.hours, opt_out(obs)
    overtime = obs.checkin.hours_worked > obs.policy.excessive_overtime_weekly_hours
    average_breached = (hours.complete and hours.average > MAX_WEEKLY_HOURS) or hours.certainly_above(MAX_WEEKLY_HOURS)
    return Assessed(hours, status, overtime, status not in ("counts", "to_confirm") and average_breached)


def hours_excessive(obs: Observation) -> AlertRaised | None:
    """HOURS_EXCESSIVE: the 48-hour average over the whole reference period is exceeded (unless an opt-out counts),
    or the period's weekly hours are beyond the excessive-overtime limit, whatever the opt-out."""
    found, limit = assessed(obs), obs.policy.excessive_overtime_weekly_hours
    hours, status, overtime, legal = found.hours, found.status, found.overtime, found.legal
    if not found.excessive:
        return None
    reasons = [f"hours averaged {hours.average} a week over the {obs.policy.hours_reference_months}-month reference "
               "period, above the 48-hour limit"] * legal  # fmt: skip
    reasons += [f"{obs.checkin.hours_worked} hours a week in the period are beyond {limit}: excessive overtime, "
                "whatever the opt-out"] * overtime  # fmt: skip
    reasons += ["the recorded opt-out does not count: the destination allows no individual opt-out"] * (
        status == "not_allowed"
    )
    evidence = _evidence(obs, hours, status) | {"overtime_limit": str(limit)}
    explanation = "; ".join(reasons)
    return observed(obs, "HOURS_EXCESSIVE", AlertSeverity.HIGH, evidence, f"{explanation[0].upper()}{explanation[1:]}.")


def hours_long(obs: Observation) -> AlertRaised | None:
    """HOURS_LONG: above 48 hours a week on average, but no breach established yet: the reference period is not
    complete, or the opt-out holds only if the Member State allows it for this job."""
    found = assessed(obs)
    if found.excessive:
        return None
    hours, status = found.hours, found.status
    if hours.average <= MAX_WEEKLY_HOURS or status == "counts":
        return None
    if status == "to_confirm":
        reason = "the opt-out recorded counts only if the destination allows it for this job: confirm it does"
    else:
        reason = f"only {hours.reported_days} of the reference period's {hours.period_days} days are reported"
    explanation = f"Hours averaged {hours.average} a week, above 48, but no breach is established: {reason}."
    evidence = _evidence(obs, hours, status) | {"reason": "opt_out_to_confirm" if status == "to_confirm" else
                                                "reference_period_incomplete"}  # fmt: skip
    return observed(obs, "HOURS_LONG", AlertSeverity.MEDIUM, evidence, explanation)
