"""Recruitment handlers: event in, fair-recruitment rules and placement decision, case saved, decisions emitted."""

from datetime import date
from functools import partial

from pydantic import BaseModel

from contracts import EventData
from contracts.offers import ContractSigned, JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided
from contracts.recruitment import RecruitmentAssessed
from services.common.cases import load_case, save_case
from services.common.handling import Context, Handler
from services.recruitment.findings import is_blocking
from services.recruitment.placement import Verdict, latest, redecide
from services.recruitment.policy import RecruitmentPolicy
from services.recruitment.rules import assess

Terms = JobOffered | ContractSigned


class Held(BaseModel):
    """An offer or contract that came before the registration it needs, kept with its event date."""

    offer: JobOffered | None = None
    contract: ContractSigned | None = None
    on: date


class RecruitmentCase(BaseModel):
    registration: ParticipantRegistered | None = None
    recognition: RecognitionDecided | None = None
    offers: dict[str, JobOffered] = {}
    held: list[Held] = []
    verdict: Verdict | None = None
    placement_key: str | None = None


def _case(ctx: Context, participant_id: str) -> RecruitmentCase:
    return load_case(ctx.session, participant_id, RecruitmentCase) or RecruitmentCase()


def _assess(ctx: Context, case: RecruitmentCase, terms: Terms, on: date, policy: RecruitmentPolicy) -> RecruitmentCase:
    assert case.registration is not None
    offer = case.offers.get(terms.offer_id) if isinstance(terms, ContractSigned) else None
    findings = assess(terms, case.registration, on, policy, offer=offer)
    verdict = Verdict.of(terms, findings)
    ctx.emit(
        RecruitmentAssessed(
            participant_id=terms.participant_id, offer_id=terms.offer_id, stage=verdict.stage,
            contract_id=verdict.contract_id, blocking=is_blocking(findings), findings=findings,
        ),
        discriminator=verdict.contract_id or terms.offer_id,
    )  # fmt: skip
    return case.model_copy(update={"verdict": latest(case.verdict, verdict)})


def _decide_and_save(ctx: Context, participant_id: str, case: RecruitmentCase) -> None:
    """Re-decide the placement on the latest facts and emit only when the outcome changed."""
    if case.registration is not None and case.verdict is not None:
        key, decision = redecide(case.registration, case.verdict, case.recognition, case.placement_key)
        if decision is not None:
            ctx.emit(decision)
        case = case.model_copy(update={"placement_key": key})
    save_case(ctx.session, participant_id, case)


def on_terms(ctx: Context, event: Terms, policy: RecruitmentPolicy) -> None:
    case, on = _case(ctx, event.participant_id), ctx.event.time.date()
    if isinstance(event, JobOffered):
        case = case.model_copy(update={"offers": {**case.offers, event.offer_id: event}})
    if case.registration is None:
        held = Held(offer=event, on=on) if isinstance(event, JobOffered) else Held(contract=event, on=on)
        save_case(ctx.session, event.participant_id, case.model_copy(update={"held": [*case.held, held]}))
        return
    _decide_and_save(ctx, event.participant_id, _assess(ctx, case, event, on, policy))


def on_registered(ctx: Context, event: ParticipantRegistered, policy: RecruitmentPolicy) -> None:
    case = _case(ctx, event.participant_id).model_copy(update={"registration": event, "held": []})
    for held in _case(ctx, event.participant_id).held:
        terms = held.offer or held.contract
        assert terms is not None
        case = _assess(ctx, case, terms, held.on, policy)
    _decide_and_save(ctx, event.participant_id, case)


def on_recognition(ctx: Context, event: RecognitionDecided) -> None:
    case = _case(ctx, event.participant_id).model_copy(update={"recognition": event})
    _decide_and_save(ctx, event.participant_id, case)


def handlers(policy: RecruitmentPolicy) -> dict[type[EventData], Handler]:
    return {
        ParticipantRegistered: partial(on_registered, policy=policy),
        RecognitionDecided: on_recognition,
        JobOffered: partial(on_terms, policy=policy),
        ContractSigned: partial(on_terms, policy=policy),
    }
