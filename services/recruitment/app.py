"""Entry point of the recruitment service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.recruitment.handlers import FLOW
from services.recruitment.ledger import LEDGER_TABLE, erase_participant_and_ledger
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.settings import RecruitmentSettings

SPEC = ServiceSpec(
    name="recruitment",
    description="Checks offers and contracts against fair-recruitment rules; clears or blocks the placement; keeps "
    "the standing of employers and recruiters from its findings and integration's alerts.",
    reads=topics.READS["recruitment"],
    output_topic=topics.RECRUITMENT,
    flow=FLOW,
    policy=RecruitmentPolicy,
    tables=(*CASE_TABLES, LEDGER_TABLE),
    erasure=erase_participant_and_ledger,
)


def create_app(settings: RecruitmentSettings | None = None) -> FastStream:
    settings = settings or RecruitmentSettings()
    return create_service_app(SPEC, settings, settings.policy)
