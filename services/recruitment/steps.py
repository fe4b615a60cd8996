"""How each event changes a recruitment case: pure `(case, event, day, policy) -> (case, emitted)`.

Every offer and contract gets a verdict (`RecruitmentAssessed`) once the participant's registration is known; the
placement is decided again on the latest facts (cleared, blocked or pending) and emitted only when its outcome
changed. A contract whose offer was never seen is assessed again when that offer comes. Each verdict carries
FR-STAND-1 from the standings the flow put in the case, and what counts against the employer or recruiter (a
violation here, an integration alert) goes out in `case.noted` to their ledgers (services/recruitment/ledger.py)."""

from datetime import date

from contracts.integration import AlertRaised
from contracts.offers import JobOffered
from contracts.participants import ParticipantRegistered
from contracts.recognition import RecognitionDecided
from contracts.recruitment import RecruitmentAssessed
from services.common.context import Distinct, Emitted
from services.common.flow import Advanced
from services.recruitment.case import Held, RecruitmentCase
from services.recruitment.rules.assessment import Terms, assess
from services.recruitment.rules.findings import is_blocking
from services.recruitment.rules.placement import Recognition, Verdict, latest, redecide
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.standing import notes_of_alert, notes_of_findings, standing_finding


def on_terms(case: RecruitmentCase, event: Terms, day: date, policy: RecruitmentPolicy) -> Advanced[RecruitmentCase]:
    """An offer or a contract: assessed now, or held until the registration comes."""
    if case.registration is None:
        held = Held(offer=event, on=day) if isinstance(event, JobOffered) else Held(contract=event, on=day)
        return case.model_copy(update={"held": [*case.held, held]}), []
    case, assessed = _take(case, event, day, policy)
    return _redecide(case, assessed)


def on_registered(
    case: RecruitmentCase, event: ParticipantRegistered, day: date, policy: RecruitmentPolicy
) -> Advanced[RecruitmentCase]:
    """The registration: the held offers and contracts are assessed in the order they came, on their own days."""
    held, case = case.held, case.model_copy(update={"registration": event, "held": []})
    emitted: list[Emitted] = []
    for item in held:
        terms = item.offer or item.contract
        assert terms is not None
        case, assessed = _take(case, terms, item.on, policy)
        emitted.extend(assessed)
    return _redecide(case, emitted)


def on_recognition(
    case: RecruitmentCase, event: RecognitionDecided, day: date, policy: RecruitmentPolicy
) -> Advanced[RecruitmentCase]:
    return _redecide(case.model_copy(update={"recognition": Recognition.of(event)}), [])


def on_alert(
    case: RecruitmentCase, event: AlertRaised, day: date, policy: RecruitmentPolicy
) -> Advanced[RecruitmentCase]:
    """An integration alert counts against the employer and recruiter of the terms the placement follows."""
    terms = case.verdict.terms if case.verdict is not None else None
    return case.model_copy(update={"noted": [*case.noted, *notes_of_alert(terms, event)]}), []


def _take(
    case: RecruitmentCase, terms: Terms, day: date, policy: RecruitmentPolicy
) -> tuple[RecruitmentCase, list[Emitted]]:
    """Assess an offer or contract; an offer a contract was waiting for also has that contract assessed again."""
    case, assessed = _assess(case, terms, day, policy)
    waiting = case.awaiting_offer
    if not isinstance(terms, JobOffered) or waiting is None or waiting.offer_id != terms.offer_id:
        return case, [assessed]
    case, again = _assess(case, waiting, day, policy)  # the offer is on record now: no longer awaited
    return case, [assessed, again]


def _assess(
    case: RecruitmentCase, terms: Terms, day: date, policy: RecruitmentPolicy
) -> tuple[RecruitmentCase, Distinct]:
    """The verdict on an offer or contract, in one copy of the case: an offer goes on record, a contract awaits its
    offer until that is on record."""
    assert case.registration is not None
    update: dict[str, object] = {}
    if isinstance(terms, JobOffered):
        offer, update["offers"] = None, {**case.offers, terms.offer_id: terms}
    else:
        offer = case.offers.get(terms.offer_id)
        update["awaiting_offer"] = terms if offer is None else None
    findings = [*assess(terms, case.registration, day, policy, offer=offer), standing_finding(terms, case.standings)]
    verdict = Verdict.of(terms, findings)
    assessed = RecruitmentAssessed(
        participant_id=terms.participant_id, offer_id=terms.offer_id, stage=verdict.stage,
        contract_id=verdict.contract_id, blocking=is_blocking(findings), findings=findings,
    )  # fmt: skip
    noted = notes_of_findings(terms, findings, terms.participant_id, day)
    update |= {"verdict": latest(case.verdict, verdict), "noted": [*case.noted, *noted]}
    return case.model_copy(update=update), Distinct(assessed, key=verdict.contract_id or terms.offer_id)


def _redecide(case: RecruitmentCase, emitted: list[Emitted]) -> Advanced[RecruitmentCase]:
    """Decide the placement again on the latest facts; emit the decision only when the outcome changed."""
    if case.registration is None or case.verdict is None:
        return case, emitted
    key, decision = redecide(case.registration, case.verdict, case.recognition, case.placement_key)
    if decision is None:  # the same outcome as the last one emitted, under the same key
        return case, emitted
    return case.model_copy(update={"placement_key": key}), [*emitted, decision]
