"""Fair-recruitment thresholds the sources give no number for: one frozen model, each default documented."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class StandingPolicy(BaseModel):
    """Criteria of an employer's or recruiter's standing (docs/domain.md, "Standing"). No source gives numbers: the
    EU Talent Pool Regulation says breaches lead to suspension or removal, the Employer Sanctions Directive caps
    exclusion at five years and IOM IRIS reacts to complaints; the weights and thresholds are chosen here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    window_days: int = Field(
        default=365,
        ge=1,
        le=1826,
        description="Findings count for this many days of event time, then leave the window and the standing may "
        "lapse. Chosen here (one year); at most five years, the longest exclusion the Employer Sanctions Directive "
        "2009/52/EC Art. 7 allows.",
    )
    weights: dict[str, int] = Field(
        default_factory=lambda: {"critical": 4, "high": 2, "medium": 1, "info": 0},
        description="What one finding weighs by its severity class (a forced-labour indicator is critical). Chosen "
        "here, no source.",
    )
    watch_weight: int = Field(
        default=4,
        ge=1,
        description="Standing `watch` from this weight in the window (one critical finding, or two high ones). "
        "Chosen here, no source.",
    )
    suspension_weight: int = Field(
        default=8,
        ge=1,
        description="Standing `suspension_recommended` from this weight in the window, with `suspension_workers`. "
        "Chosen here, no source.",
    )
    suspension_workers: int = Field(
        default=2,
        ge=1,
        description="...and at least this many distinct workers with a weighing finding: a pattern, not one case. "
        "Chosen here, no source.",
    )


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
    standing: StandingPolicy = Field(
        default_factory=StandingPolicy, description="Criteria of employers' and recruiters' standing (FR-STAND-2)."
    )
