"""Recognition handlers: event in, decision logic, case saved, decisions emitted."""

from pydantic import BaseModel

from contracts.participants import ParticipantRegistered
from contracts.qualifications import QualificationSubmitted
from contracts.recognition import RecognitionDecided, RecognitionOutcome
from services.common.cases import load_case, save_case
from services.common.handling import Context, Handler


class RecognitionCase(BaseModel):
    registration: ParticipantRegistered | None = None
    submission: QualificationSubmitted | None = None


def on_registered(ctx: Context, event: ParticipantRegistered) -> None:
    case = load_case(ctx.session, event.participant_id, RecognitionCase) or RecognitionCase()
    save_case(ctx.session, event.participant_id, case.model_copy(update={"registration": event}))


def on_qualification(ctx: Context, event: QualificationSubmitted) -> None:
    case = load_case(ctx.session, event.participant_id, RecognitionCase) or RecognitionCase()
    save_case(ctx.session, event.participant_id, case.model_copy(update={"submission": event}))
    ctx.emit(
        RecognitionDecided(
            participant_id=event.participant_id,
            outcome=RecognitionOutcome.RECOGNISED_FULL,
            occupation=event.target_occupation,
            destination=event.destination,
            allows_occupation=True,
            decided_on=ctx.event.time.date(),
        )
    )


HANDLERS: dict[type, Handler] = {
    ParticipantRegistered: on_registered,
    QualificationSubmitted: on_qualification,
}
