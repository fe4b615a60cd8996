"""Entry point of the recognition service: wiring only."""

from faststream import FastStream

from contracts import topics
from services.common.service import ServiceSpec, create_service_app
from services.recognition.handlers import FLOW
from services.recognition.rules.policy import RecognitionPolicy
from services.recognition.settings import RecognitionSettings

SPEC = ServiceSpec(
    name="recognition",
    description="Pre-assesses a participant's qualifications against the target occupation in the destination.",
    reads=topics.READS["recognition"],
    output_topic=topics.RECOGNITION,
    flow=FLOW,
    policy=RecognitionPolicy,
)


def create_app(settings: RecognitionSettings | None = None) -> FastStream:
    settings = settings or RecognitionSettings()
    return create_service_app(SPEC, settings, settings.policy)
