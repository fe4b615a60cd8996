"""Settings of the recognition service (environment variables prefixed RECOGNITION_)."""

from pydantic_settings import SettingsConfigDict

from services.common.settings import ServiceSettings


class RecognitionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECOGNITION_", extra="ignore", frozen=True)

    service_name: str = "recognition"
