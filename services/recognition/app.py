"""Entry point of the recognition service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.recognition.handlers import HANDLERS
from services.recognition.settings import RecognitionSettings

SPEC = ServiceSpec(
    name="recognition",
    description="Pre-assesses a participant's qualifications against the target occupation in the destination.",
    input_topics=(topics.PARTICIPANTS, topics.QUALIFICATIONS, topics.CLOCK),
    output_topic=topics.RECOGNITION,
    handlers=HANDLERS,
    tables=CASE_TABLES,
)


def create_app(settings: RecognitionSettings | None = None) -> FastStream:
    return create_service_app(SPEC, settings or RecognitionSettings())
