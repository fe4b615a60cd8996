"""The alert catalogue of DOMAIN §4.4: each alert's source and forced-labour weight, and how alerts are built."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from contracts.integration import AlertRaised, AlertSeverity
from contracts.monitoring import CheckInReported
from contracts.offers import JobTerms
from services.integration.policy import IntegrationPolicy

Shown = str | int | bool | None
Evidence = dict[str, Shown]
FL = "ILO indicators of forced labour"


@dataclass(frozen=True)
class Kind:
    """What an alert rests on, and whether it is one of the ILO indicators of forced labour."""

    source: str
    forced_labour: bool = False
    once_per: tuple[str, ...] = ("checkin_id",)


KINDS: dict[str, Kind] = {
    "WAGE_BELOW_MIN": Kind("SPD 2024/1233 Art. 12(1)(a); Dhaka Principles Core A, P5; minimum: Eurostat earn_mw_cur"),
    "WAGE_BELOW_CONTRACT": Kind("ILO C95 Art. 12(1); ILO fair recruitment principle 8; Dhaka Principle 5"),
    "WAGE_LATE": Kind("ILO C95 Art. 12(1); ILO R85; Dhaka Principle 5", once_per=("period",)),
    "WAGE_WITHHELD": Kind(f"{FL}: withholding of wages; ILO C29 Art. 2", forced_labour=True),
    "HOURS_EXCESSIVE": Kind(f"WTD 2003/88/EC Arts. 6, 16(b), 22; {FL}: excessive overtime", forced_labour=True),
    "REST_VIOLATION": Kind("WTD 2003/88/EC Arts. 3 (daily rest), 5 (weekly rest)"),
    "DEDUCTION_UNLAWFUL": Kind(f"ILO C95 Arts. 8-9; Employer Pays Principle; {FL}", forced_labour=True),
    "RENT_AUTODEDUCTED": Kind("Seasonal Workers Directive 2014/36/EU Art. 20"),
    "RENT_EXCESSIVE": Kind("Seasonal Workers Directive 2014/36/EU Art. 20 (ratio: project setting)"),
    "DOCS_RETAINED": Kind(
        f"ILO fair recruitment principle 11; Dhaka Principle 4; IRIS P2; {FL}: retention of identity documents",
        forced_labour=True,
    ),
    "DEBT": Kind(f"Employer Pays Principle; {FL}: debt bondage", forced_labour=True),
    "CONTRACT_SUBSTITUTED": Kind("ILO fair recruitment principle 8; ILO C97 Annex I Art. 6", once_per=("differences",)),
    "MOBILITY_BLOCKED": Kind("SPD 2024/1233 Art. 11(2); Dhaka Principle 10; ILO fair recruitment principle 12"),
    "UNEMPLOYMENT_CLOCK": Kind(
        "SPD 2024/1233: unemployment up to 3 months, 6 after 2 years of single permit [S-2nd]",
        once_per=("unemployed_since", "stage"),
    ),
    "CHECKIN_MISSED": Kind(
        "Project design parameter: no authoritative check-in interval (DOMAIN §4.4)",
        once_per=("last_contact_on", "consecutive_misses"),
    ),
    "GRIEVANCE_OPEN": Kind("ILO fair recruitment principle 13; IRIS P5", once_per=("grievance_id",)),
    "FL_MULTI": Kind(f"{FL} (several together); ILO C29 Art. 2", once_per=("indicators",)),
}


@dataclass(frozen=True)
class Observation:
    """One check-in seen against the terms the placement was cleared on, on the day it is applied."""

    checkin: CheckInReported
    terms: JobTerms
    on: date
    policy: IntegrationPolicy
    earlier: tuple[CheckInReported, ...] = ()


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
        source=kind.source,
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


def period_of(checkin: CheckInReported) -> str:
    return f"{checkin.period_start.isoformat()}/{checkin.period_end.isoformat()}"


def once_key(raised: AlertRaised) -> str:
    """Alerts with the same key are raised once: the evidence fields the catalogue names make the key."""
    fields = KINDS[raised.alert].once_per
    return "/".join([raised.alert, *(str(raised.evidence.get(name)) for name in fields)])
