"""The insights parameters, each with its source or "chosen here, no source" (docs/insights.md)."""

from pydantic import BaseModel, ConfigDict, Field


class InsightsPolicy(BaseModel):
    """Parameters of the indicators and of disclosure control (docs/insights.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_cell: int = Field(
        default=5,
        ge=1,
        description="A figure resting on fewer participants than this (and more than none) is suppressed in the page, "
        "the JSON and the CSV. Chosen here, no source: a common minimum frequency rule for statistical tables.",
    )
    band_low_below: float = Field(
        default=1 / 3, gt=0, lt=1, description="Lower third of the 0..1 scores, for their distribution. Chosen here."
    )
    band_high_from: float = Field(
        default=2 / 3, gt=0, le=1, description="Upper third of the 0..1 scores, for their distribution. Chosen here."
    )
