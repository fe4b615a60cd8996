"""Circular-migrant status by the UNECE statistical rule (RI-CIRC-1, RI-CIRC-2), from the stays abroad."""

from datetime import date

from pydantic import BaseModel, ConfigDict

from contracts.types import Finding, Severity
from services.common.dates import add_months
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.sources import UNECE


class Stay(BaseModel):
    """One stay abroad: the departure (read as the arrival in the destination) and the return, where known."""

    model_config = ConfigDict(frozen=True)

    departed_on: date | None = None
    returned_on: date | None = None


def crossings(stays: list[Stay]) -> list[date]:
    """Each departure and each return is one border crossing of the home country."""
    return sorted(d for s in stays for d in (s.departed_on, s.returned_on) if d is not None)


def long_enough(start: date, end: date, policy: ReintegrationPolicy, temporary: bool) -> bool:
    if temporary:
        return (end - start).days >= policy.temporary_min_stay_days
    return add_months(start, policy.circular_min_stay_months) <= end


def qualifying_crossings(stays: list[Stay], today: date, policy: ReintegrationPolicy, temporary: bool) -> list[date]:
    """Crossings in the window whose following stay (until the next crossing, or until today) is long enough."""
    dates = [d for d in crossings(stays) if d <= today]
    ends = [*dates[1:], today][: len(dates)]  # no crossing yet (a summary before the return): none counts
    since = add_months(today, -12 * policy.circular_window_years)
    return [d for d, end in zip(dates, ends, strict=True) if d >= since and long_enough(d, end, policy, temporary)]


def circular(stays: list[Stay], today: date, policy: ReintegrationPolicy, temporary: bool) -> Finding:
    """RI-CIRC-1 (stays of 12 months) / RI-CIRC-2 (temporary, stays of 90 days): a circular migrant."""
    counted = qualifying_crossings(stays, today, policy, temporary)
    is_circular = len(counted) >= policy.circular_min_crossings
    stay = f"{policy.temporary_min_stay_days} days" if temporary else f"{policy.circular_min_stay_months} months"
    return Finding(
        rule_id="RI-CIRC-2" if temporary else "RI-CIRC-1",
        passed=is_circular,
        severity=Severity.INFO,
        evidence={
            "crossings": ", ".join(d.isoformat() for d in crossings(stays)),
            "qualifying_crossings": len(counted),
            "min_crossings": policy.circular_min_crossings,
            "min_stay": stay,
            "window_years": policy.circular_window_years,
        },
        source=UNECE,
        explanation=f"{len(counted)} border crossings in {policy.circular_window_years} years were each followed "
        f"by a stay of at least {stay}; {policy.circular_min_crossings} make a "
        f"{'temporary ' if temporary else ''}circular migrant.",
    )
