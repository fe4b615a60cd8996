"""Settings of the integration service (environment variables prefixed INTEGRATION_)."""

from pydantic import Field

from services.common.settings import ServiceSettings
from services.integration.rules.policy import IntegrationPolicy


class IntegrationSettings(ServiceSettings):
    """`INTEGRATION_POLICY__CHECKIN_INTERVAL_DAYS=30` (or `INTEGRATION_POLICY='{...}'`) sets one policy parameter."""

    model_config = ServiceSettings.prefixed("INTEGRATION_")

    policy: IntegrationPolicy = Field(default_factory=IntegrationPolicy, description="Thresholds of the rules.")
