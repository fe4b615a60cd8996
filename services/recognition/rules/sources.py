"""Where each recognition rule comes from: the sources its findings cite, by their public names.

Directive 2005/36/EC is cited in its consolidated version of 20 June 2024 (EUR-Lex CELEX 02005L0036-20240620)."""

ART_50 = (
    "Directive 2005/36/EC Art. 50(1) and Annex VII: the documents an authority may ask for; the list is a "
    "setting (docs/domain.md, Recognition)"
)
ART_51_1 = (
    "Directive 2005/36/EC Art. 51(1): the authority acknowledges receipt within one month and lists any missing "
    "document"
)
ART_51_2 = (
    "Directive 2005/36/EC Art. 51(2): the authority decides within three months of the complete file; the "
    "deadline may be extended by one month"
)
REGULATED = (
    "Directive 2005/36/EC Art. 3(1)(a) (regulated profession) and Art. 59 (EU Regulated Professions Database); the "
    "per-state sources in services/recognition/occupations.json"
)
OCCUPATION_TABLE = "Occupation reference table (services/recognition/occupations.json), after ILO ISCO-08 (2012)"
OWN_REGIME = "Occupation reference table: the entry's refer_reason and the EU act it names"
ART_2_2 = (
    "Directive 2005/36/EC Art. 2(2) and Title III ch. III: no automatic recognition of diplomas from outside the "
    "EU; Member States apply their own rules"
)
ART_4F = (
    "Directive 2005/36/EC Art. 4f as amended by Directive 2013/55/EU: partial access where compensation would "
    "amount to the full programme and the activity can be separated"
)
ART_14_5 = (
    "Directive 2005/36/EC Art. 14(5): knowledge from professional experience or lifelong learning can cover "
    "substantial differences"
)
ART_53 = (
    "Directive 2005/36/EC Art. 53: language knowledge is checked after recognition and in proportion to the "
    "activity; levels from the occupation reference table"
)
ART_14 = (
    "Directive 2005/36/EC Art. 14(1)-(3): adaptation period of up to three years or aptitude test; the applicant "
    "chooses unless the profession needs precise knowledge of national law"
)
ART_3_1_G = (
    "Directive 2005/36/EC Art. 3(1)(g): an adaptation period is the pursuit of the regulated profession in the "
    "host Member State under the responsibility of a qualified member of that profession"
)
LISBON = (
    "Lisbon Recognition Convention (1997) Art. VI.1; ENIC-NARIC European Area of Recognition manual, ch. 10: five "
    "elements, substantial differences"
)
ART_13 = (
    "Directive 2005/36/EC Art. 13(4) as amended by Directive 2013/55/EU: refusal only for level a held against "
    "level e required"
)
AUTHORITY = (
    "Decision of the competent authority of the host Member State (Directive 2005/36/EC Art. 51(2); Commission "
    "Recommendation (EU) 2023/2611 for third-country nationals)"
)
