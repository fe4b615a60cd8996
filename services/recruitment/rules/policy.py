"""Fair-recruitment thresholds DOMAIN.md marks [BK] or gives no number for: one frozen model, defaults documented."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class RecruitmentPolicy(BaseModel):
    """Parameters of the fair-recruitment rules (docs/domain.md, "Recruitment"); each default is a project choice
    unless sourced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    full_time_weekly_hours: Decimal = Field(
        default=Decimal(40),
        gt=0,
        le=48,
        description="Weekly hours the monthly minimum wage is paid for; shorter weeks pro-rate it (FR-WAGE-1). "
        "[BK] the common full-time week; national definitions vary (e.g. 35 h in FR).",
    )
    max_rent_to_gross_wage: Decimal = Field(
        default=Decimal("0.30"),
        gt=0,
        le=1,
        description="Employer housing whose monthly rent exceeds this share of the gross wage is excessive "
        "(FR-HOUS-1, warning). [BK] Seasonal Workers Directive Art. 20 sets no number; 30 % is a common "
        "affordability benchmark.",
    )
    minimum_age: int = Field(
        default=18,
        ge=16,
        le=21,
        description="Youngest age at which a worker may be recruited (FR-AGE-1): IRIS A.3 [S]; the age of majority "
        "in every Member State [BK].",
    )
