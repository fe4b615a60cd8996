"""Settings of the reintegration service (environment variables prefixed REINTEGRATION_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings
from services.reintegration.policy import ReintegrationPolicy


class ReintegrationSettings(ServiceSettings):
    """`REINTEGRATION_POLICY__LOW_BELOW=0.4` (or `REINTEGRATION_POLICY='{...}'`) sets one policy parameter."""

    model_config = SettingsConfigDict(
        env_prefix="REINTEGRATION_", extra="ignore", frozen=True, env_nested_delimiter="__"
    )

    service_name: str = "reintegration"
    policy: ReintegrationPolicy = Field(default_factory=ReintegrationPolicy, description="Parameters of the rules.")
