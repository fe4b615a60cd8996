"""Settings of the recruitment service (environment variables prefixed RECRUITMENT_)."""

from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings


class RecruitmentSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECRUITMENT_", extra="ignore", frozen=True)

    service_name: str = "recruitment"
