"""Settings of the integration service (environment variables prefixed INTEGRATION_)."""

from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings


class IntegrationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTEGRATION_", extra="ignore", frozen=True)

    service_name: str = "integration"
