"""Recruitment handlers: event in, fair-recruitment rules and placement decision, case saved, decisions emitted."""

from pydantic import BaseModel

from contracts.offers import JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided
from contracts.recruitment import PlacementBlocked, PlacementCleared, RecruitmentAssessed, Stage
from contracts.types import Finding, Severity
from services.common.cases import load_case, save_case
from services.common.handling import Context, Handler


class RecruitmentCase(BaseModel):
    registration: ParticipantRegistered | None = None
    recognition: RecognitionDecided | None = None
    offer: JobOffered | None = None
    findings: list[Finding] = []
    placement: str | None = None


def _case(ctx: Context, participant_id: str) -> RecruitmentCase:
    return load_case(ctx.session, participant_id, RecruitmentCase) or RecruitmentCase()


def on_registered(ctx: Context, event: ParticipantRegistered) -> None:
    save_case(
        ctx.session, event.participant_id, _case(ctx, event.participant_id).model_copy(update={"registration": event})
    )


def on_recognition(ctx: Context, event: RecognitionDecided) -> None:
    case = _case(ctx, event.participant_id).model_copy(update={"recognition": event})
    _decide_placement(ctx, event.participant_id, case)


def on_offer(ctx: Context, event: JobOffered) -> None:
    fees = sum(c.amount.amount for c in event.costs if c.paid_by_worker)
    finding = Finding(
        rule_id="FR-FEE-1",
        passed=fees == 0,
        severity=Severity.BLOCK,
        evidence={"fees_paid_by_worker": str(fees)},
        source="ILO General Principle 7; Employer Pays Principle",
        explanation="Workers pay no recruitment fees or related costs.",
    )
    blocking = not finding.passed
    ctx.emit(
        RecruitmentAssessed(
            participant_id=event.participant_id,
            offer_id=event.offer_id,
            stage=Stage.OFFER,
            blocking=blocking,
            findings=[finding],
        ),
        discriminator=event.offer_id,
    )
    case = _case(ctx, event.participant_id).model_copy(update={"offer": event, "findings": [finding]})
    _decide_placement(ctx, event.participant_id, case)


def _decide_placement(ctx: Context, participant_id: str, case: RecruitmentCase) -> None:
    if case.offer is None or case.recognition is None or case.registration is None:
        save_case(ctx.session, participant_id, case)
        return
    reasons = [f for f in case.findings if not f.passed and f.severity == Severity.BLOCK]
    decision = "blocked" if reasons or not case.recognition.allows_occupation else "cleared"
    if decision != case.placement:
        if decision == "cleared":
            ctx.emit(
                PlacementCleared(
                    participant_id=participant_id,
                    partner_country=case.registration.partner_country,
                    terms=case.offer,
                    findings=case.findings,
                )
            )
        else:
            ctx.emit(
                PlacementBlocked(
                    participant_id=participant_id, offer_id=case.offer.offer_id, reasons=reasons or case.findings
                )
            )
    save_case(ctx.session, participant_id, case.model_copy(update={"placement": decision}))


HANDLERS: dict[type, Handler] = {
    ParticipantRegistered: on_registered,
    RecognitionDecided: on_recognition,
    JobOffered: on_offer,
}
