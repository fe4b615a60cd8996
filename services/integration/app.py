"""Entry point of the integration service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.service import ServiceSpec, create_service_app
from services.integration.handlers import FLOW
from services.integration.rules.policy import IntegrationPolicy
from services.integration.settings import IntegrationSettings

SPEC = ServiceSpec(
    name="integration",
    description="Monitors working conditions after arrival and raises alerts.",
    reads=topics.READS["integration"],
    output_topic=topics.INTEGRATION,
    flow=FLOW,
    policy=IntegrationPolicy,
)


def create_app(settings: IntegrationSettings | None = None) -> FastStream:
    settings = settings or IntegrationSettings()
    return create_service_app(SPEC, settings, settings.policy)
