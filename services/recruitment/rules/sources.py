"""Where each recruitment rule comes from: the source its findings cite, by rule id."""

SOURCES = {
    "FR-FEE-1": "ILO P7/Definition; EPP; Dhaka P1; IRIS P1; C181",
    "FR-FEE-2": "ILO Definition (illegitimate costs, [BK] list); respect.international guide",
    "FR-FEE-3": "C95 Art 9; IHRB",
    "FR-CON-1": "ILO P8; Dhaka P2; IRIS P3",
    "FR-CON-2": "ILO P8; C97 Annex I Art 6",
    "FR-CON-3": 'ILO P8; IRIS "contract substitution" practice '
    "[S-2nd: https://werklist.com/blog/contract-substitution-prevention]",
    "FR-DOC-1": "ILO P11; Dhaka P4; IRIS P2; ILO FL indicators",
    "FR-REC-1": "ILO P5; ITUC RA uses gov't licensed lists",
    "FR-REC-2": "IRIS",
    "FR-WAGE-1": "SPD 2024/1233 Art 12(1)(a); Dhaka Core A",
    "FR-TIME-1": "WTD Arts 3,5,6,7",
    "FR-HOUS-1": "Seasonal Workers Dir. Art 20",
    "FR-MOB-1": "ILO P12; Dhaka P10; SPD Art 11(2)",
    "FR-INFO-1": "ILO P10/P13; IRIS P5; SPD Art 11(1)(d)",
    "FR-AGE-1": "IRIS A.3; Talent Pool deal",
    "FR-VAC-1": "EU Talent Pool deal (vacancy minimum content)",
    "FR-SEC-1": "Talent Partnerships, sectors of common interest (European Commission, Talent Partnerships page)",
    "PL-REC-1": "Directive 2005/36/EC Art 2(2) and national rules on regulated professions; "
    "Recommendation (EU) 2023/2611",
}
