"""Entry point of the reintegration service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.reintegration.handlers import HANDLERS
from services.reintegration.settings import ReintegrationSettings

SPEC = ServiceSpec(
    name="reintegration",
    description="Plans and measures reintegration after return, and decides eligibility for another circular mobility.",
    input_topics=(topics.INTEGRATION, topics.RETURNS, topics.CLOCK),
    output_topic=topics.REINTEGRATION,
    handlers=HANDLERS,
    tables=CASE_TABLES,
)


def create_app(settings: ReintegrationSettings | None = None) -> FastStream:
    return create_service_app(SPEC, settings or ReintegrationSettings())
