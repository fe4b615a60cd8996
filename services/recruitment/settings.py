"""Settings of the recruitment service (environment variables prefixed RECRUITMENT_)."""

from pydantic import Field

from services.common.settings import ServiceSettings
from services.recruitment.rules.policy import RecruitmentPolicy


class RecruitmentSettings(ServiceSettings):
    """`RECRUITMENT_POLICY__MAX_RENT_TO_GROSS_WAGE=0.25` (or `RECRUITMENT_POLICY='{...}'`) sets one policy parameter."""

    model_config = ServiceSettings.prefixed("RECRUITMENT_")

    policy: RecruitmentPolicy = Field(default_factory=RecruitmentPolicy, description="Thresholds of the rules.")
