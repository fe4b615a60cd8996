"""Follow-up scores: dimension and composite sustainability scores, a band, and low dimensions routed to assistance."""

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from contracts.reintegration import ReintegrationAssessed
from contracts.returns import Dimension, FollowUpReported, Indicator
from contracts.types import Finding, Severity
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.sources import SOURCE_ASSIST, SOURCE_SCORE

ASSISTANCE = {
    Dimension.ECONOMIC: ("RI-ASSIST-ECO", "livelihood support and job matching"),
    Dimension.SOCIAL: ("RI-ASSIST-SOC", "referral to public services"),
    Dimension.PSYCHOSOCIAL: ("RI-ASSIST-PSY", "mental health and psychosocial support (MHPSS)"),
}
PLACES = Decimal("0.001")


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def weighted_mean(values: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Mean of (value, weight) pairs; None when every weight is zero."""
    total = sum((w for _, w in values), Decimal(0))
    return None if total == 0 else (sum((v * w for v, w in values), Decimal(0)) / total).quantize(PLACES)


def dimension_score(indicators: list[Indicator], policy: ReintegrationPolicy) -> Decimal | None:
    return weighted_mean([(i.value, policy.indicator_weights.get(i.indicator_id, Decimal(1))) for i in indicators])


def dimension_scores(followup: FollowUpReported, policy: ReintegrationPolicy) -> dict[Dimension, Decimal]:
    """Score of each dimension the follow-up surveyed (with a positive weight)."""
    scores = {d: dimension_score([i for i in followup.indicators if i.dimension is d], policy) for d in Dimension}
    return {d: s for d, s in scores.items() if s is not None}


def composite(scores: Mapping[Dimension, Decimal], policy: ReintegrationPolicy) -> Decimal:
    """Weighted by dimension; the plain mean when the surveyed dimensions all weigh zero; 0 when none was scored."""
    weighted = weighted_mean([(s, policy.dimension_weights.get(d, Decimal(0))) for d, s in scores.items()])
    plain = weighted_mean([(s, Decimal(1)) for s in scores.values()])
    return next((v for v in (weighted, plain) if v is not None), Decimal(0))


def band(score: Decimal, policy: ReintegrationPolicy) -> Band:
    if score < policy.low_below:
        return Band.LOW
    return Band.HIGH if score >= policy.high_from else Band.MEDIUM


def band_finding(score: Decimal, policy: ReintegrationPolicy) -> Finding:
    """RI-SCORE-1: the composite sustainability score is not low."""
    level = band(score, policy)
    return Finding(
        rule_id="RI-SCORE-1",
        passed=level is not Band.LOW,
        severity=Severity.WARN,
        evidence={
            "composite": str(score),
            "band": level.value,
            "low_below": str(policy.low_below),
            "high_from": str(policy.high_from),
            "weights": ", ".join(f"{d.value}={w}" for d, w in policy.dimension_weights.items()),
        },
        source=SOURCE_SCORE,
        explanation=f"The composite sustainability score {score} is {level.value} by this project's default cut-offs.",
    )


def assistance(dimension: Dimension, score: Decimal | None, policy: ReintegrationPolicy) -> Finding:
    """RI-ASSIST-ECO/SOC/PSY: a low dimension is routed to its targeted assistance; an unsurveyed one is noted."""
    rule_id, help_ = ASSISTANCE[dimension]
    low = score is not None and band(score, policy) is Band.LOW
    if score is None:
        outcome = "was not surveyed; survey it at the next follow-up."
    else:
        outcome = f"scored {score}; route to {help_}." if low else f"scored {score}, above the low band."
    return Finding(
        rule_id=rule_id,
        passed=score is not None and not low,
        severity=Severity.INFO if score is None else Severity.WARN,
        evidence={
            "dimension": dimension.value,
            "score": None if score is None else str(score),
            "low_below": str(policy.low_below),
            "assistance": help_ if low else None,
        },
        source=SOURCE_ASSIST,
        explanation=f"The {dimension.value} dimension {outcome}",
    )


def assess(followup: FollowUpReported, policy: ReintegrationPolicy) -> ReintegrationAssessed:
    """Scores, band and assistance findings of one follow-up."""
    scores = dimension_scores(followup, policy)
    total = composite(scores, policy)
    findings = [band_finding(total, policy), *(assistance(d, scores.get(d), policy) for d in Dimension)]
    return ReintegrationAssessed(
        participant_id=followup.participant_id,
        month=followup.month,
        surveyed_on=followup.surveyed_on,
        scores={d.value: s for d, s in scores.items()},
        composite=total,
        band=band(total, policy).value,
        findings=findings,
    )
