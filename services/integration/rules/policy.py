"""The monitoring thresholds docs/domain.md marks [BK] or gives no number for: one frozen model, defaults documented."""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.integration import AlertSeverity

DEFAULT_GRIEVANCE_SEVERITY = {
    "documents": AlertSeverity.CRITICAL,
    "debt": AlertSeverity.CRITICAL,
    "violence": AlertSeverity.CRITICAL,
    "trafficking": AlertSeverity.CRITICAL,
    "wages": AlertSeverity.HIGH,
    "harassment": AlertSeverity.HIGH,
    "safety": AlertSeverity.HIGH,
    "housing": AlertSeverity.MEDIUM,
    "working_time": AlertSeverity.MEDIUM,
}


class IntegrationPolicy(BaseModel):
    """Parameters of the monitoring rules (docs/domain.md, "Integration"); each default is a project choice unless
    sourced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    full_time_weekly_hours: Decimal = Field(
        default=Decimal(40),
        gt=0,
        le=48,
        description="Weekly hours the monthly minimum wage pays for; the minimum owed scales with hours worked "
        "(WAGE_BELOW_MIN). [BK] the common full-time week; national definitions vary (e.g. 35 h in FR).",
    )
    wage_late_days: int = Field(
        default=30,
        ge=1,
        description="A period's wage unpaid this many days after the period ended is late (WAGE_LATE). "
        "[BK] ILO R85: at least monthly for monthly-paid workers.",
    )
    hours_reference_months: int = Field(
        default=4,
        ge=1,
        le=12,
        description="Reference period of the 48-hour average (HOURS_EXCESSIVE). [BK] WTD Art. 16(b): four months, "
        "extendable by derogation.",
    )
    max_rent_to_net_pay: Decimal = Field(
        default=Decimal("0.30"),
        gt=0,
        le=1,
        description="Monthly rent above this share of monthly net pay is excessive (RENT_EXCESSIVE). Project "
        "default: the Seasonal Workers Directive Art. 20 sets no number; 30 % is a common affordability benchmark.",
    )
    material_difference: Decimal = Field(
        default=Decimal("0.05"),
        ge=0,
        lt=1,
        description="Wage, hours or rent worse than the cleared terms by more than this share is a substitution "
        "(CONTRACT_SUBSTITUTED). Project default, no source.",
    )
    checkin_interval_days: int = Field(
        default=35,
        ge=1,
        description="A check-in is missed when none came this many days after the last one or the arrival "
        "(CHECKIN_MISSED). Design parameter: docs/domain.md found no authoritative interval.",
    )
    unemployment_info_days: int = Field(
        default=60, ge=1, description="Days of unemployment that raise UNEMPLOYMENT_CLOCK at info. Design value."
    )
    unemployment_warn_days: int = Field(
        default=75, ge=1, description="Days of unemployment that raise UNEMPLOYMENT_CLOCK at medium. Design value."
    )
    unemployment_limit_months: int = Field(
        default=3,
        ge=1,
        description="Unemployment the single permit survives (UNEMPLOYMENT_CLOCK, high). [S-2nd] SPD 2024/1233.",
    )
    unemployment_limit_months_long: int = Field(
        default=6,
        ge=1,
        description="The same limit once the single permit was held longer than `long_permit_years`. [S-2nd]",
    )
    long_permit_years: int = Field(default=2, ge=1, description="See `unemployment_limit_months_long`. [S-2nd]")
    grievance_deadline_days: int = Field(
        default=30, ge=1, description="A grievance unresolved this many days after filing is escalated. [BK]"
    )
    grievance_severity: dict[str, AlertSeverity] = Field(
        default_factory=lambda: dict(DEFAULT_GRIEVANCE_SEVERITY),
        description="Severity of GRIEVANCE_OPEN by grievance category (lower case). Project default.",
    )
    grievance_default_severity: AlertSeverity = Field(
        default=AlertSeverity.MEDIUM, description="Severity of a grievance whose category is not listed."
    )

    @model_validator(mode="after")
    def _unemployment_stages_in_order(self) -> "IntegrationPolicy":
        if self.unemployment_info_days >= self.unemployment_warn_days:
            raise ValueError("unemployment_info_days must be fewer than unemployment_warn_days")
        return self

    def severity_of_grievance(self, category: str) -> AlertSeverity:
        return self.grievance_severity.get(category.strip().lower(), self.grievance_default_severity)
