"""Entry point of the insights service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.insights.handlers import FLOW
from services.insights.indicators.policy import InsightsPolicy
from services.insights.pages import report_pages
from services.insights.settings import InsightsSettings
from services.insights.standing import STANDING_TABLE

SPEC = ServiceSpec(
    name="insights",
    description="Programme indicators per partnership, destination, sector and month, from every stage's events; "
    "publishes no decision about anyone, only aggregates on its report page.",
    reads=topics.READS["insights"],
    output_topic=None,
    flow=FLOW,
    policy=InsightsPolicy,
    tables=(*CASE_TABLES, STANDING_TABLE),
    pages=report_pages,
)


def create_app(settings: InsightsSettings | None = None) -> FastStream:
    settings = settings or InsightsSettings()
    return create_service_app(SPEC, settings, settings.policy)
