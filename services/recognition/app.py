"""Entry point of the recognition service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.cases import CASE_TABLES
from services.common.service import ServiceSpec, create_service_app
from services.recognition.handlers import handlers
from services.recognition.policy import RecognitionPolicy
from services.recognition.settings import RecognitionSettings


def spec(policy: RecognitionPolicy) -> ServiceSpec:
    return ServiceSpec(
        name="recognition",
        description="Pre-assesses a participant's qualifications against the target occupation in the destination.",
        input_topics=(topics.PARTICIPANTS, topics.QUALIFICATIONS, topics.CLOCK),
        output_topic=topics.RECOGNITION,
        handlers=handlers(policy),
        tables=CASE_TABLES,
    )


SPEC = spec(RecognitionPolicy())


def create_app(settings: RecognitionSettings | None = None) -> FastStream:
    settings = settings or RecognitionSettings()
    return create_service_app(spec(settings.policy), settings)
