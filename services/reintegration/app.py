"""Entry point of the reintegration service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.service import ServiceSpec, create_service_app
from services.reintegration.handlers import FLOW
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.settings import ReintegrationSettings

SPEC = ServiceSpec(
    name="reintegration",
    description="Plans and measures reintegration after return; decides eligibility for another circular mobility.",
    reads=topics.READS["reintegration"],
    output_topic=topics.REINTEGRATION,
    flow=FLOW,
    policy=ReintegrationPolicy,
)


def create_app(settings: ReintegrationSettings | None = None) -> FastStream:
    settings = settings or ReintegrationSettings()
    return create_service_app(SPEC, settings, settings.policy)
