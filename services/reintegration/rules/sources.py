"""Where each reintegration rule comes from: the sources its findings cite (docs/domain.md, "Reintegration")."""

from contracts.reintegration import DEFAULTS_NOTICE

UNECE = "UNECE Task Force on Measuring Circular Migration, 'Defining and Measuring Circular Migration' (2016)"
SOURCE_CYCLE = (
    "Circular migration, 'a repetition of legal migration by the same person between two or more countries' "
    "(COM(2007) 248; EMN glossary); Talent Partnerships, reintegration after circular labour migration"
)
SOURCE_EARLY_END = (
    "ILO General Principles and Operational Guidelines for Fair Recruitment (2016), general principle 12: workers "
    "are free to terminate their employment and need no permission of the employer to change employer; Single "
    "Permit Directive (EU) 2024/1233, Art. 11: the permit holder's right to change employer"
)
SOURCE_ALERTS = (
    "Chosen here, no source: the alert codes set in REINTEGRATION_POLICY__DISQUALIFYING_ALERTS (none by default)"
)
SOURCE_PLAN = (
    "IOM Reintegration Handbook, 'Reintegration planning and follow-up' (reintegrationhb.iom.int): the plan is "
    "preferably developed within one month of return"
)
SOURCE_PLAN_BASIS = (
    "IOM Reintegration Handbook, 'Assessing returnees' needs and skills' (reintegrationhb.iom.int): the plan rests "
    "on an assessment of the returnee's skills, needs and vulnerabilities"
)
SOURCE_MATCH = (
    "Talent Partnerships, sectors of common interest (European Commission, Talent Partnerships page); IOM "
    "Reintegration Handbook, economic dimension"
)
SOURCE_RPL = (
    "ILO, 'How to facilitate the recognition of skills of migrant workers: guide for employment services "
    "providers' (2017): recognition of prior learning for returning migrant workers"
)
SOURCE_PSY = (
    "ILO Indicators of Forced Labour (2012); IOM Reintegration Handbook, psychosocial dimension: mental health and "
    "psychosocial support (MHPSS)"
)
SOURCE_SCORE = "IOM Reintegration Sustainability Survey dimensions (MEASURE, Samuel Hall for IOM); " + DEFAULTS_NOTICE
SOURCE_ASSIST = "IOM Reintegration Handbook, integrated approach (economic, social, psychosocial assistance)"
