"""Settings of the integration service (environment variables prefixed INTEGRATION_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings
from services.integration.policy import IntegrationPolicy


class IntegrationSettings(ServiceSettings):
    """`INTEGRATION_POLICY__CHECKIN_INTERVAL_DAYS=30` (or `INTEGRATION_POLICY='{...}'`) sets one policy parameter."""

    model_config = SettingsConfigDict(env_prefix="INTEGRATION_", extra="ignore", frozen=True, env_nested_delimiter="__")

    service_name: str = "integration"
    policy: IntegrationPolicy = Field(default_factory=IntegrationPolicy, description="Thresholds of the rules.")
