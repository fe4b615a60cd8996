"""Entry point of the recruitment service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.recruitment.handlers import handlers
from services.recruitment.policy import RecruitmentPolicy
from services.recruitment.settings import RecruitmentSettings


def spec(policy: RecruitmentPolicy) -> ServiceSpec:
    return ServiceSpec(
        name="recruitment",
        description="Checks offers and contracts against fair-recruitment rules; clears or blocks the placement.",
        input_topics=(topics.PARTICIPANTS, topics.RECOGNITION, topics.OFFERS),
        output_topic=topics.RECRUITMENT,
        handlers=handlers(policy),
        tables=CASE_TABLES,
    )


SPEC = spec(RecruitmentPolicy())


def create_app(settings: RecruitmentSettings | None = None) -> FastStream:
    settings = settings or RecruitmentSettings()
    return create_service_app(spec(settings.policy), settings)
