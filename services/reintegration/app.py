"""Entry point of the reintegration service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.reintegration.handlers import handlers
from services.reintegration.policy import ReintegrationPolicy
from services.reintegration.settings import ReintegrationSettings


def spec(policy: ReintegrationPolicy) -> ServiceSpec:
    return ServiceSpec(
        name="reintegration",
        description="Plans and measures reintegration after return; decides eligibility for another circular mobility.",
        input_topics=(topics.INTEGRATION, topics.RETURNS, topics.CLOCK),
        output_topic=topics.REINTEGRATION,
        handlers=handlers(policy),
        tables=CASE_TABLES,
    )


SPEC = spec(ReintegrationPolicy())


def create_app(settings: ReintegrationSettings | None = None) -> FastStream:
    settings = settings or ReintegrationSettings()
    return create_service_app(spec(settings.policy), settings)
