"""Settings of the recruitment service (environment variables prefixed RECRUITMENT_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings
from services.recruitment.policy import RecruitmentPolicy


class RecruitmentSettings(ServiceSettings):
    """`RECRUITMENT_POLICY__MAX_RENT_TO_GROSS_WAGE=0.25` (or `RECRUITMENT_POLICY='{...}'`) sets one policy parameter."""

    model_config = SettingsConfigDict(env_prefix="RECRUITMENT_", extra="ignore", frozen=True, env_nested_delimiter="__")

    service_name: str = "recruitment"
    policy: RecruitmentPolicy = Field(default_factory=RecruitmentPolicy, description="Thresholds of the rules.")
