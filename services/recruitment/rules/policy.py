"""Fair-recruitment thresholds the sources give no number for: one frozen model, each default documented."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class RecruitmentPolicy(BaseModel):
    """Parameters of the fair-recruitment rules (docs/domain.md, "Recruitment"); each default is a project choice
    unless a source is named."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_rent_to_gross_wage: Decimal = Field(
        default=Decimal("0.30"),
        gt=0,
        le=1,
        description="Employer housing whose monthly rent exceeds this share of the gross wage is excessive "
        "(FR-HOUS-1, warning). Chosen here, no source: the Seasonal Workers Directive 2014/36/EU Art. 20 says rent "
        "must not be excessive but sets no number; 30 % is a common affordability benchmark.",
    )
    minimum_age: int = Field(
        default=18,
        ge=16,
        le=21,
        description="Youngest age at which a worker may be recruited (FR-AGE-1): IOM IRIS Standard, criterion A.3 "
        "(no recruitment of migrant workers under 18).",
    )
