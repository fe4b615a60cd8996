"""Where each reintegration rule comes from: the sources its findings cite."""

from contracts.reintegration import DEFAULTS_NOTICE

UNECE = "UNECE Task Force on Measuring Circular Migration, 'Defining and Measuring Circular Migration' (2016)"
SOURCE_CYCLE = (
    "Circular migration, 'a repetition of legal migration by the same person between two or more countries' "
    "(COM(2007) 248; EMN glossary); Talent Partnerships, reintegration after circular labour migration"
)
SOURCE_ALERTS = "This project's settings (REINTEGRATION_POLICY__DISQUALIFYING_ALERTS); none by default"
SOURCE_PLAN = (
    "IOM Reintegration Handbook, 'Reintegration planning and follow-up' (reintegrationhb.iom.int): the plan is "
    "preferably developed within one month of return"
)
SOURCE_MATCH = (
    "Talent Partnerships, sectors of common interest (European Commission, Talent Partnerships page); IOM "
    "Reintegration Handbook, economic dimension"
)
SOURCE_RPL = "ILO, 'How to facilitate the recognition of skills of migrant workers' (2017); ILO RPL for returnees"
SOURCE_PSY = "ILO indicators of forced labour; IOM Reintegration Handbook, psychosocial dimension (MHPSS)"
SOURCE_SCORE = "IOM Reintegration Sustainability Survey dimensions (MEASURE, Samuel Hall for IOM); " + DEFAULTS_NOTICE
SOURCE_ASSIST = "IOM Reintegration Handbook, integrated approach (economic, social, psychosocial assistance)"
