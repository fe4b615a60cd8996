"""Entry point of the recruitment service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.service import ServiceSpec, create_service_app
from services.recruitment.handlers import FLOW
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.settings import RecruitmentSettings

SPEC = ServiceSpec(
    name="recruitment",
    description="Checks offers and contracts against fair-recruitment rules; clears or blocks the placement.",
    reads=(topics.RECOGNITION, topics.OFFERS),
    output_topic=topics.RECRUITMENT,
    flow=FLOW,
    policy=RecruitmentPolicy,
)


def create_app(settings: RecruitmentSettings | None = None) -> FastStream:
    settings = settings or RecruitmentSettings()
    return create_service_app(SPEC, settings, settings.policy)
