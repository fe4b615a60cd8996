"""Where each monitoring finding comes from: the source every alert of a code cites, by alert code, and the rule id
and source of each milestone and of the grievance escalation (docs/domain.md, "Integration")."""

FL = "ILO indicators of forced labour"
SPD = "Single Permit Directive (EU) 2024/1233"
WTD = "Working Time Directive 2003/88/EC"
SWD = "Seasonal Workers Directive 2014/36/EU Art. 20"

SOURCES: dict[str, str] = {
    "ARRIVED_WITHOUT_CLEARANCE": (
        "The sources of the blocking recruitment rules; ILO fair recruitment principle 8 and ILO C97 Annex I Art. 6 "
        "(terms settled and delivered before departure)"
    ),
    "TERMS_UNKNOWN": "Project rule: a check that cannot be made says so (chosen here, no source)",
    "WAGE_BELOW_MIN": f"{SPD} Art. 12(1)(a); Dhaka Principles Core A, P5; minimum: Eurostat earn_mw_cur",
    "WAGE_BELOW_CONTRACT": "ILO C95 Art. 12(1); ILO fair recruitment principle 8; Dhaka Principle 5",
    "WAGE_LATE": "ILO C95 Art. 12(1); ILO R85; Dhaka Principle 5",
    "WAGE_WITHHELD": f"{FL}: withholding of wages; ILO C29 Art. 2",
    "HOURS_EXCESSIVE": (
        f"{WTD} Arts. 6, 16(b) (48 hours on average over four months), 22 (opt-out where national law allows it); "
        f"ETI Base Code clause 6.4 (60 hours in any 7-day period); {FL}: excessive overtime"
    ),
    "HOURS_LONG": f"{WTD} Arts. 6, 16(b): the 48-hour limit holds on average over the reference period; Art. 22",
    "REST_VIOLATION": f"{WTD} Arts. 3 (daily rest), 5 (weekly rest)",
    "LEAVE_DENIED": f"{WTD} Art. 7 (at least four weeks of paid annual leave)",
    "DEDUCTION_UNLAWFUL": f"ILO C95 Arts. 8-9; Employer Pays Principle; {FL}",
    "RENT_AUTODEDUCTED": SWD,
    "RENT_EXCESSIVE": f"{SWD} (ratio: project setting)",
    "HOUSING_SUBSTANDARD": f"{SWD} (health and safety standards; authorities informed of a change of housing)",
    "DOCS_RETAINED": (
        f"ILO fair recruitment principle 11; Dhaka Principle 4; IOM IRIS Principle 2; {FL}: retention of identity "
        "documents"
    ),
    "DEBT": f"Employer Pays Principle; {FL}: debt bondage",
    "CONTRACT_SUBSTITUTED": "ILO fair recruitment principle 8; ILO C97 Annex I Art. 6",
    "MOBILITY_BLOCKED": f"{SPD} Art. 11(2); Dhaka Principle 10; ILO fair recruitment principle 12",
    "EMPLOYER_CHANGE_PENDING": f"{SPD} Art. 11(2)-(3): change of employer, notification and opposition period",
    "UNEMPLOYMENT_CLOCK": f"{SPD}: unemployment of up to 3 months, 6 after 2 years of single permit",
    "CHECKIN_MISSED": "Project setting: no authoritative check-in interval exists (chosen here, no source)",
    "GRIEVANCE_OPEN": "ILO fair recruitment principle 13; IOM IRIS Principle 5",
    "FACTS_UNKNOWN": (
        "Project rule: a safety-relevant fact left out is asked for, never taken as fine (chosen here, no source); "
        f"the facts feed {FL}, {WTD} Arts. 3 and 5, {SWD}"
    ),
    "FL_MULTI": f"{FL} (several together, within a window chosen here); ILO C29 Art. 2",
}

GRIEVANCE_ESCALATION = (
    "INT-GRV-ESCALATE",
    "ILO fair recruitment principle 13; IOM IRIS Principle 5 (deadline: project setting)",
)

MILESTONE_RULES: dict[str, tuple[str, str]] = {
    "rights_briefing_delivered": ("INT-MS-BRIEFING", f"{SPD} Art. 11(1)(d); ILO fair recruitment principle 10"),
    "language_level_gained": ("INT-MS-LANGUAGE", "IOM integration dimensions (linguistic); Council of Europe CEFR"),
    "six_months_employed": (
        "INT-MS-SIX-MONTHS",
        f"{SPD} Art. 11(3): the longest period a Member State may require with the first employer",
    ),
    "contract_completed": ("INT-MS-COMPLETED", "IOM integration dimensions (economic)"),
}
