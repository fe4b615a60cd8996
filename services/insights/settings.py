"""Settings of the insights service (environment variables prefixed INSIGHTS_)."""

from pydantic import Field

from services.common.settings import ServiceSettings
from services.insights.indicators.policy import InsightsPolicy


class InsightsSettings(ServiceSettings):
    """`INSIGHTS_POLICY__MIN_CELL=3` (or `INSIGHTS_POLICY='{...}'`) sets one parameter; `INSIGHTS_HTTP_PORT` serves
    /report, /report.json and /report.csv beside the health endpoints."""

    model_config = ServiceSettings.prefixed("INSIGHTS_")

    policy: InsightsPolicy = Field(default_factory=InsightsPolicy, description="Disclosure control and score bands.")
