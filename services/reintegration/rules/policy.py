"""The reintegration parameters docs/domain.md sources or marks unconfirmed: one frozen model, defaults documented."""

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
        description="The plan is due this many days after return (RI-PLAN-1). [S] IOM Reintegration Handbook, "
        "'Reintegration planning and follow-up': preferably within one month of return.",
    )
    rpl_min_months_worked: Decimal = Field(
        default=Decimal(6),
        ge=0,
        description="Months worked abroad that justify a recognition-of-prior-learning referral even when no "
        "skill is listed (RI-RPL-1). Project default: no source gives a number.",
    )
    dimension_weights: dict[Dimension, Weight] = Field(
        default_factory=lambda: {d: Decimal(1) for d in Dimension},
        description="Relative weight of each dimension in the composite score, normalised over the dimensions "
        "surveyed. Project default (equal weights): the official RSS weights are not public.",
    )
    indicator_weights: dict[str, Weight] = Field(
        default_factory=dict,
        description="Relative weight of an indicator within its dimension, by indicator_id; unlisted ones weigh 1 "
        "(so the default is the plain mean). Project default.",
    )
    low_below: Decimal = Field(
        default=Decimal("0.33"),
        gt=0,
        lt=1,
        description="A score below this is 'low' (and a low dimension is routed to assistance). Project default, "
        "the lower third of the scale: the official RSS cut-offs are not public.",
    )
    high_from: Decimal = Field(
        default=Decimal("0.66"),
        gt=0,
        le=1,
        description="A score from this up is 'high'. Project default, the upper third of the scale.",
    )
    disqualifying_alerts: frozenset[str] = Field(
        default=frozenset(),
        description="Alert codes of the integration summary that bar another mobility cycle (RI-ELIG-3). Default "
        "none: the alerts describe the employer's conduct, not the worker's.",
    )
    circular_min_crossings: int = Field(default=3, ge=1, description=f"RI-CIRC-1/2. [S] {UNECE}.")
    circular_window_years: int = Field(default=10, ge=1, description=f"RI-CIRC-1/2. [S] {UNECE}.")
    circular_min_stay_months: int = Field(default=12, ge=1, description=f"RI-CIRC-1. [S] {UNECE}.")
    temporary_min_stay_days: int = Field(default=90, ge=1, description=f"RI-CIRC-2. [S] {UNECE}.")

    @model_validator(mode="after")
    def _bands_in_order(self) -> "ReintegrationPolicy":
        if self.low_below >= self.high_from:
            raise ValueError(f"low_below ({self.low_below}) must be below high_from ({self.high_from})")
        if not any(self.dimension_weights.values()):
            raise ValueError("dimension_weights must give at least one dimension a positive weight")
        return self
