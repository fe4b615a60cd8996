"""Entry point of the integration service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.integration.handlers import HANDLERS
from services.integration.settings import IntegrationSettings

SPEC = ServiceSpec(
    name="integration",
    description="Monitors working conditions after arrival and raises alerts.",
    input_topics=(topics.RECRUITMENT, topics.DEPLOYMENTS, topics.MONITORING, topics.CLOCK),
    output_topic=topics.INTEGRATION,
    handlers=HANDLERS,
    tables=CASE_TABLES,
)


def create_app(settings: IntegrationSettings | None = None) -> FastStream:
    return create_service_app(SPEC, settings or IntegrationSettings())
