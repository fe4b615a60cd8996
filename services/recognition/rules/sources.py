"""Where each recognition rule comes from: the sources its findings cite."""

ART_51 = "Directive 2005/36/EC Art. 51(1) analogue [BK]: acknowledge receipt and list missing documents"
ESCO_REG = (
    "Regulated status per Member State: occupation reference table (EU regulated-professions data, national sources)"
)
ART_2_2 = "Directive 2005/36/EC Art. 2(2) and Title III ch. III: no automatic recognition of third-country diplomas"
ART_4F = (
    "Directive 2005/36/EC Art. 4f as amended by 2013/55/EU [BK]: partial access where compensation would amount to "
    "the full programme and the activity can be separated"
)
ART_14_5 = "Directive 2005/36/EC Art. 14(5) [BK]: experience and lifelong learning can cover substantial differences"
ART_53 = (
    "Directive 2005/36/EC Art. 53 [BK]: language knowledge is checked only after recognition and proportionately; "
    "levels from the occupation reference table"
)
ART_14 = (
    "Directive 2005/36/EC Art. 14(1)-(3) [S: EC general-system page]: adaptation period of up to 3 years or aptitude "
    "test; the applicant chooses unless the profession needs precise knowledge of national law"
)
LISBON = "Lisbon Recognition Convention Art. VI.1; ENIC-NARIC EAR manual ch. 10: five elements, substantial differences"
ART_13 = (
    "Directive 2005/36/EC Art. 13(4) as amended by 2013/55/EU [BK]: refusal only for level a held against e required"
)
