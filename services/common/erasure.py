"""Erasure, the same in every service: delete the participant's case and the published messages about them."""

from sqlmodel import col, delete, select

from contracts.erasure import CONFIRMATIONS, ErasureRequested
from services.common.context import Context
from services.common.database import OutboxMessage


def erase_participant(ctx: Context, event: ErasureRequested) -> None:
    """Processed event ids stay (they hold no personal data), so an old event redelivered does not bring the
    participant back. Unpublished outbox rows stay too: they are decisions still owed to other services."""
    session, participant = ctx.session, event.participant_id
    published = (
        col(OutboxMessage.key) == participant.encode(),
        col(OutboxMessage.published_at).is_not(None),
    )
    messages = session.exec(select(OutboxMessage.seq).where(*published)).all()
    cases_deleted = ctx.cases.forget(participant)
    session.exec(delete(OutboxMessage).where(*published))
    if ctx.output_topic is None:
        return  # a read model has no topic to confirm on; its processed-event row records the erasure
    confirmation = CONFIRMATIONS[ctx.output_topic]
    ctx.emit(confirmation(participant_id=participant, service=ctx.service, cases_deleted=cases_deleted,
                          messages_deleted=len(messages)))  # fmt: skip
