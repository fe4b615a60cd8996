"""Settings of the reintegration service (environment variables prefixed REINTEGRATION_)."""

from pydantic import Field

from services.common.settings import ServiceSettings
from services.reintegration.rules.policy import ReintegrationPolicy


class ReintegrationSettings(ServiceSettings):
    """`REINTEGRATION_POLICY__LOW_BELOW=0.4` (or `REINTEGRATION_POLICY='{...}'`) sets one policy parameter."""

    model_config = ServiceSettings.prefixed("REINTEGRATION_")

    policy: ReintegrationPolicy = Field(default_factory=ReintegrationPolicy, description="Parameters of the rules.")
