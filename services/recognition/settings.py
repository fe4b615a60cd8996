"""Settings of the recognition service (environment variables prefixed RECOGNITION_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings
from services.recognition.policy import RecognitionPolicy


class RecognitionSettings(ServiceSettings):
    """`RECOGNITION_POLICY__DECIDE_WITHIN_DAYS=60` (or `RECOGNITION_POLICY='{...}'`) sets one policy parameter."""

    model_config = SettingsConfigDict(env_prefix="RECOGNITION_", extra="ignore", frozen=True, env_nested_delimiter="__")

    service_name: str = "recognition"
    policy: RecognitionPolicy = Field(default_factory=RecognitionPolicy, description="Thresholds of the procedure.")
