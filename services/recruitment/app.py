"""Entry point of the recruitment service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.recruitment.handlers import HANDLERS
from services.recruitment.settings import RecruitmentSettings

SPEC = ServiceSpec(
    name="recruitment",
    description="Checks offers and contracts against fair-recruitment rules; clears or blocks the placement.",
    input_topics=(topics.PARTICIPANTS, topics.RECOGNITION, topics.OFFERS),
    output_topic=topics.RECRUITMENT,
    handlers=HANDLERS,
    tables=CASE_TABLES,
)


def create_app(settings: RecruitmentSettings | None = None) -> FastStream:
    return create_service_app(SPEC, settings or RecruitmentSettings())
