"""Settings of the reintegration service (environment variables prefixed REINTEGRATION_)."""

from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings


class ReintegrationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REINTEGRATION_", extra="ignore", frozen=True)

    service_name: str = "reintegration"
