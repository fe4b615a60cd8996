"""Settings of the recognition service (environment variables prefixed RECOGNITION_)."""

from pydantic import Field

from services.common.settings import ServiceSettings
from services.recognition.rules.policy import RecognitionPolicy


class RecognitionSettings(ServiceSettings):
    """`RECOGNITION_POLICY__DECIDE_WITHIN_MONTHS=2` (or `RECOGNITION_POLICY='{...}'`) sets one policy parameter."""

    model_config = ServiceSettings.prefixed("RECOGNITION_")

    policy: RecognitionPolicy = Field(default_factory=RecognitionPolicy, description="Thresholds of the procedure.")
