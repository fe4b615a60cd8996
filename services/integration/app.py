"""Entry point of the integration service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.integration.handlers import handlers
from services.integration.policy import IntegrationPolicy
from services.integration.settings import IntegrationSettings


def spec(policy: IntegrationPolicy) -> ServiceSpec:
    return ServiceSpec(
        name="integration",
        description="Monitors working conditions after arrival and raises alerts.",
        input_topics=(topics.RECRUITMENT, topics.DEPLOYMENTS, topics.MONITORING, topics.CLOCK),
        output_topic=topics.INTEGRATION,
        handlers=handlers(policy),
        tables=CASE_TABLES,
    )


SPEC = spec(IntegrationPolicy())


def create_app(settings: IntegrationSettings | None = None) -> FastStream:
    settings = settings or IntegrationSettings()
    return create_service_app(spec(settings.policy), settings)
