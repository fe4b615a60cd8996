"""Where each monitoring alert comes from: the source every alert of a code cites, by alert code."""

FL = "ILO indicators of forced labour"

SOURCES: dict[str, str] = {
    "WAGE_BELOW_MIN": "SPD 2024/1233 Art. 12(1)(a); Dhaka Principles Core A, P5; minimum: Eurostat earn_mw_cur",
    "WAGE_BELOW_CONTRACT": "ILO C95 Art. 12(1); ILO fair recruitment principle 8; Dhaka Principle 5",
    "WAGE_LATE": "ILO C95 Art. 12(1); ILO R85; Dhaka Principle 5",
    "WAGE_WITHHELD": f"{FL}: withholding of wages; ILO C29 Art. 2",
    "HOURS_EXCESSIVE": f"WTD 2003/88/EC Arts. 6, 16(b), 22; {FL}: excessive overtime",
    "REST_VIOLATION": "WTD 2003/88/EC Arts. 3 (daily rest), 5 (weekly rest)",
    "DEDUCTION_UNLAWFUL": f"ILO C95 Arts. 8-9; Employer Pays Principle; {FL}",
    "RENT_AUTODEDUCTED": "Seasonal Workers Directive 2014/36/EU Art. 20",
    "RENT_EXCESSIVE": "Seasonal Workers Directive 2014/36/EU Art. 20 (ratio: project setting)",
    "DOCS_RETAINED": (
        f"ILO fair recruitment principle 11; Dhaka Principle 4; IRIS P2; {FL}: retention of identity documents"
    ),
    "DEBT": f"Employer Pays Principle; {FL}: debt bondage",
    "CONTRACT_SUBSTITUTED": "ILO fair recruitment principle 8; ILO C97 Annex I Art. 6",
    "MOBILITY_BLOCKED": "SPD 2024/1233 Art. 11(2); Dhaka Principle 10; ILO fair recruitment principle 12",
    "UNEMPLOYMENT_CLOCK": "SPD 2024/1233: unemployment up to 3 months, 6 after 2 years of single permit [S-2nd]",
    "CHECKIN_MISSED": "Project design parameter: no authoritative check-in interval (DOMAIN §4.4)",
    "GRIEVANCE_OPEN": "ILO fair recruitment principle 13; IRIS P5",
    "FL_MULTI": f"{FL} (several together); ILO C29 Art. 2",
}
