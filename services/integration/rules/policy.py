"""The monitoring thresholds: one frozen model, each default with its source or "chosen here, no source"
(docs/domain.md, "Integration")."""

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

ILO_INDICATORS = (
    "abuse_of_vulnerability",
    "deception",
    "restriction_of_movement",
    "isolation",
    "physical_and_sexual_violence",
    "intimidation_and_threats",
    "retention_of_identity_documents",
    "withholding_of_wages",
    "debt_bondage",
    "abusive_working_and_living_conditions",
    "excessive_overtime",
)
DEFAULT_FORCED_LABOUR_GRIEVANCES = {
    "documents": "retention_of_identity_documents",
    "debt": "debt_bondage",
    "violence": "physical_and_sexual_violence",
    **{indicator: indicator for indicator in ILO_INDICATORS},
}


class IntegrationPolicy(BaseModel):
    """Parameters of the monitoring rules (docs/domain.md, "Integration"); each default is a project choice unless
    sourced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    wage_late_days: int = Field(
        default=30,
        ge=1,
        description="A period's wage unpaid this many days after the period ended is late (WAGE_LATE). "
        "ILO R85: at least monthly for monthly-paid workers; the 30 days are chosen here.",
    )
    hours_reference_months: int = Field(
        default=4,
        ge=1,
        le=12,
        description="Reference period of the 48-hour average (HOURS_EXCESSIVE). WTD 2003/88/EC Art. 16(b): four "
        "months, extendable by derogation.",
    )
    excessive_overtime_weekly_hours: Decimal = Field(
        default=Decimal(60),
        ge=48,
        le=78,
        description="Average weekly hours in one check-in's period above which the hours are excessive overtime, an "
        "ILO indicator of forced labour, whatever the opt-out (HOURS_EXCESSIVE). ETI Base Code clause 6.4: total "
        "hours in any 7-day period shall not exceed 60.",
    )
    forced_labour_window_days: int = Field(
        default=90,
        ge=1,
        le=730,
        description="Forced-labour indicators seen within this many days of each other, in check-ins or grievances, "
        "hold together (FL_MULTI). Chosen here, no source: the ILO indicators set no time frame.",
    )
    forced_labour_grievances: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_FORCED_LABOUR_GRIEVANCES),
        description="Grievance categories (lower case) that report an ILO indicator of forced labour, and the "
        "indicator; they count towards FL_MULTI. Default: documents, debt, violence, and each category named after "
        "one of the eleven ILO indicators.",
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
        "(CONTRACT_SUBSTITUTED). Chosen here, no source.",
    )
    checkin_interval_days: int = Field(
        default=35,
        ge=1,
        description="A check-in is missed when none came this many days after the last one or the arrival "
        "(CHECKIN_MISSED). Chosen here, no source: no authoritative interval exists.",
    )
    unemployment_info_days: int = Field(
        default=60,
        ge=1,
        description="Days of unemployment that raise UNEMPLOYMENT_CLOCK at info. Chosen here, no source.",
    )
    unemployment_warn_days: int = Field(
        default=75,
        ge=1,
        description="Days of unemployment that raise UNEMPLOYMENT_CLOCK at medium. Chosen here, no source.",
    )
    unemployment_limit_months: int = Field(
        default=3,
        ge=1,
        description="Unemployment the single permit survives (UNEMPLOYMENT_CLOCK, high). SPD (EU) 2024/1233.",
    )
    unemployment_limit_months_long: int = Field(
        default=6,
        ge=1,
        description="The same limit once the single permit was held longer than `long_permit_years`. SPD (EU) "
        "2024/1233.",
    )
    long_permit_years: int = Field(
        default=2, ge=1, description="See `unemployment_limit_months_long`. SPD (EU) 2024/1233."
    )
    employer_change_window_days: int = Field(
        default=45,
        ge=0,
        description="Days after a notified change of employer during which the authorities may oppose it "
        "(EMPLOYER_CHANGE_PENDING). SPD (EU) 2024/1233 Art. 11(3): a Member State may suspend the change for at "
        "most 45 days.",
    )
    grievance_deadline_days: int = Field(
        default=30,
        ge=1,
        description="A grievance unresolved this many days after filing is escalated (INT-GRV-ESCALATE). Chosen "
        "here, no source.",
    )
    grievance_severity: dict[str, AlertSeverity] = Field(
        default_factory=lambda: dict(DEFAULT_GRIEVANCE_SEVERITY),
        description="Severity of GRIEVANCE_OPEN by grievance category (lower case). Chosen here, no source.",
    )
    grievance_default_severity: AlertSeverity = Field(
        default=AlertSeverity.MEDIUM, description="Severity of a grievance whose category is not listed. Chosen here."
    )

    @model_validator(mode="after")
    def _unemployment_stages_in_order(self) -> "IntegrationPolicy":
        if self.unemployment_info_days >= self.unemployment_warn_days:
            raise ValueError("unemployment_info_days must be fewer than unemployment_warn_days")
        return self

    def severity_of_grievance(self, category: str) -> AlertSeverity:
        return self.grievance_severity.get(category.strip().lower(), self.grievance_default_severity)
