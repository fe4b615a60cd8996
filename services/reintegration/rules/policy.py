"""The reintegration parameters, each with its source or "chosen here, no source" (docs/domain.md, Reintegration)."""

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.returns import Dimension
from services.reintegration.rules.sources import UNECE

Weight = Annotated[Decimal, Field(ge=0)]


class ReintegrationPolicy(BaseModel):
    """Parameters of the reintegration rules (docs/domain.md, "Reintegration").

    Weights and cut-offs are this project's, never IOM's."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan_due_days: int = Field(
        default=30,
        ge=1,
        description="The plan is due this many days after return (RI-PLAN-1). IOM Reintegration Handbook, "
        "'Reintegration planning and follow-up': preferably within one month of return.",
    )
    summary_wait_days: int = Field(
        default=21,
        ge=0,
        description="Days after return the plan waits for the integration summary before it is made from what is "
        "known (RI-PLAN-2); capped at plan_due_days. Chosen here, no source: a week before the due date, so the "
        "plan is still on time when clock ticks are a week apart.",
    )
    rpl_min_months_worked: Decimal = Field(
        default=Decimal(6),
        ge=0,
        description="Months worked abroad that justify a recognition-of-prior-learning referral even when no "
        "skill is listed (RI-RPL-1). Chosen here, no source: no source gives a number.",
    )
    dimension_weights: dict[Dimension, Weight] = Field(
        default_factory=lambda: {d: Decimal(1) for d in Dimension},
        description="Relative weight of each dimension in the composite score, normalised over the dimensions "
        "surveyed. Chosen here, no source (equal weights): the official RSS weights are not public.",
    )
    indicator_weights: dict[str, Weight] = Field(
        default_factory=dict,
        description="Relative weight of an indicator within its dimension, by indicator_id; unlisted ones weigh 1 "
        "(so the default is the plain mean). Chosen here, no source.",
    )
    low_below: Decimal = Field(
        default=Decimal("0.33"),
        gt=0,
        lt=1,
        description="A score below this is 'low' (and a low dimension is routed to assistance). Chosen here, no "
        "source: the lower third of the scale; the official RSS cut-offs are not public.",
    )
    high_from: Decimal = Field(
        default=Decimal("0.66"),
        gt=0,
        le=1,
        description="A score from this up is 'high'. Chosen here, no source: the upper third of the scale.",
    )
    disqualifying_alerts: frozenset[str] = Field(
        default=frozenset(),
        description="Alert codes of the integration summary that bar another mobility cycle (RI-ELIG-3). Default "
        "none, chosen here: the alerts describe the employer's conduct, not the worker's.",
    )
    early_end_ignored_alerts: frozenset[str] = Field(
        default=frozenset({"CHECKIN_MISSED", "TERMS_UNKNOWN", "UNEMPLOYMENT_CLOCK"}),
        description="Alert codes that do not show the employer's conduct, so they do not explain a contract that "
        "ended early (RI-ELIG-1): a missed check-in, terms unknown to monitoring, the unemployment clock. Chosen "
        "here, no source.",
    )
    circular_min_crossings: int = Field(default=3, ge=1, description=f"RI-CIRC-1/2. {UNECE}.")
    circular_window_years: int = Field(default=10, ge=1, description=f"RI-CIRC-1/2. {UNECE}.")
    circular_min_stay_months: int = Field(default=12, ge=1, description=f"RI-CIRC-1. {UNECE}.")
    temporary_min_stay_days: int = Field(default=90, ge=1, description=f"RI-CIRC-2. {UNECE}.")

    @model_validator(mode="after")
    def _bands_in_order(self) -> "ReintegrationPolicy":
        if self.low_below >= self.high_from:
            raise ValueError(f"low_below ({self.low_below}) must be below high_from ({self.high_from})")
        if not any(self.dimension_weights.values()):
            raise ValueError("dimension_weights must give at least one dimension a positive weight")
        return self
