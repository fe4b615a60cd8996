"""Where each recruitment rule comes from: the source its findings cite, by rule id ("ILO fair recruitment principle
N" is the ILO General Principles and Operational Guidelines for Fair Recruitment, 2016; docs/domain.md lists them)."""

SOURCES = {
    "FR-FEE-1": "ILO fair recruitment principle 7 and ILO Definition of recruitment fees and related costs (2018); "
    "Employer Pays Principle; Dhaka Principles, Principle 1; IOM IRIS Standard, Principle 1; ILO C181 Art. 7",
    "FR-FEE-2": "ILO Definition of recruitment fees and related costs (2018), illegitimate costs; ILO indicators of "
    "forced labour (2012), debt bondage",
    "FR-FEE-3": "ILO C95 Art. 9 (no deduction to obtain or keep employment); Employer Pays Principle",
    "FR-CON-1": "ILO fair recruitment principle 8; Dhaka Principles, Principle 2; IOM IRIS Standard, Principle 3",
    "FR-CON-2": "ILO fair recruitment principle 8 (terms provided sufficiently in advance of departure); ILO C97 "
    "Annex I Art. 6 (copy of the contract delivered before departure)",
    "FR-CON-3": "ILO fair recruitment principle 8 (measures against contract substitution); IOM IRIS Standard, "
    "Principle 3 (transparency of terms and conditions of employment)",
    "FR-DOC-1": "ILO fair recruitment principle 11; Dhaka Principles, Principle 4; IOM IRIS Standard, Principle 2; "
    "ILO indicators of forced labour (2012), retention of identity documents",
    "FR-REC-1": "ILO fair recruitment principle 5 (licensing or registration of recruiters); ILO C181 Art. 3(2)",
    "FR-REC-2": "IOM IRIS certification (voluntary, third-party audited)",
    "FR-WAGE-1": "Single Permit Directive (EU) 2024/1233 Art. 12(1)(a); Dhaka Principles, Core principle A; the "
    "destination's minimum-wage law, named in the evidence (statutory_minimum_source)",
    "FR-TIME-1": "Working Time Directive 2003/88/EC Arts. 3, 5, 6, 7 and 22",
    "FR-HOUS-1": "Seasonal Workers Directive 2014/36/EU Art. 20",
    "FR-MOB-1": "ILO fair recruitment principle 12; Dhaka Principles, Principle 10; Single Permit Directive (EU) "
    "2024/1233 Art. 11(2)",
    "FR-INFO-1": "ILO fair recruitment principles 10 and 13; IOM IRIS Standard, Principle 5; Single Permit Directive "
    "(EU) 2024/1233 Art. 11(1)",
    "FR-AGE-1": "IOM IRIS Standard, criterion A.3; EU Talent Pool Regulation (EU) 2026/1047 (age of majority)",
    "FR-VAC-1": "EU Talent Pool Regulation (EU) 2026/1047, minimum content of a vacancy",
    "FR-SEC-1": "European Commission, Talent Partnerships page: the sectors of common interest of each partnership",
    "FR-STAND-1": "EU Talent Pool Regulation (EU) 2026/1047 (employers and intermediaries in breach of "
    "fair-recruitment, working-conditions or anti-trafficking law are suspended or removed); Employer Sanctions "
    "Directive 2009/52/EC Art. 7 (exclusion of a sanctioned employer); IOM IRIS certification (complaints-driven "
    "compliance)",
    "FR-STAND-2": "EU Talent Pool Regulation (EU) 2026/1047 (suspension or removal for breaches); Employer Sanctions "
    "Directive 2009/52/EC Art. 7 (exclusion for up to five years); IOM IRIS (no fees to workers, no retention of "
    "documents, complaints and referral); weights, window and thresholds chosen here, no source",
    "PL-REC-1": "Directive 2005/36/EC Art. 2(2) and national rules on regulated professions; Commission "
    "Recommendation (EU) 2023/2611",
}
