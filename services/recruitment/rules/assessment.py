"""The fair-recruitment rules (docs/domain.md, "Recruitment") in one verdict; contract, recruiter, age and vacancy
rules live here."""

from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple

from contracts.offers import ContractSigned, JobOffered, JobTerms
from contracts.participants import ParticipantRegistered
from contracts.types import Finding, Severity
from services.common.documents import dump_json
from services.common.evidence import Evidence
from services.recruitment.rules import conditions, fees, substitution, worker_rights
from services.recruitment.rules.findings import finding
from services.recruitment.rules.memo import Memo
from services.recruitment.rules.policy import RecruitmentPolicy
from services.recruitment.rules.sector_fit import sector_fit
from services.recruitment.rules.wage import wage_minimum

Terms = JobOffered | ContractSigned


@cache  # two findings, the same on every offer
def awaiting_contract(rule_id: str) -> Finding:
    """FR-CON-2 and FR-CON-3 on an offer: pending, since the placement clears only on a signed contract."""
    what = {
        "FR-CON-2": "a signed contract delivered to the worker before departure",
        "FR-CON-3": "the signed contract, to compare with this offer",
    }[rule_id]
    return finding(
        rule_id,
        False,
        Severity.PENDING,
        {"contract_on_record": False},
        f"No signed contract yet: the placement waits for {what}.",
    )


def contract_language(terms: JobTerms, participant: ParticipantRegistered) -> Finding:
    """FR-CON-1: the written contract is in a language the worker understands."""
    return _contract_language(terms.contract_language, tuple(participant.languages))


@lru_cache(maxsize=256)  # a few languages, and every offer and contract asks (the finding is immutable)
def _contract_language(language: str, languages: tuple[str, ...]) -> Finding:
    understood = language in languages
    return finding(
        "FR-CON-1",
        understood,
        Severity.BLOCK,
        {"contract_language": language, "worker_languages": ", ".join(languages)},
        f"The contract is written in '{language}', {'a' if understood else 'not a'} language the worker understands.",
    )


def delivered_before_departure(contract: ContractSigned) -> Finding:
    """FR-CON-2: the worker had a copy of the signed contract before departure; pending while no departure is known."""
    departure = contract.departure_at
    evidence: Evidence = {
        "delivered_at": contract.delivered_at.isoformat(),
        "departure_at": departure.isoformat() if departure else None,
    }
    if departure is None:
        return finding(
            "FR-CON-2",
            False,
            Severity.PENDING,
            evidence,
            "No departure date is known, so delivery of the contract before departure cannot be confirmed: the "
            "placement waits for the contract to be sent again with its departure date.",
        )
    in_time = contract.delivered_at < departure
    return finding(
        "FR-CON-2",
        in_time,
        Severity.BLOCK,
        evidence,
        "The contract copy was delivered before departure."
        if in_time
        else "The contract copy was delivered only at or after departure.",
    )


def no_substitution(contract: ContractSigned, offer: JobTerms | None) -> Finding:
    """FR-CON-3: the contract is not worse than the offer it answers."""
    if offer is None:
        return substitution.no_offer(contract, contract.contract_id)
    return substitution.substitution(offer, contract, contract.contract_id)


def recruiter_licensed(terms: JobTerms) -> Finding:
    """FR-REC-1: a recruiter involved is licensed or registered in the origin country (direct hiring passes)."""
    recruiter = terms.recruiter
    licensed = recruiter is None or recruiter.licensed_in_origin
    return finding(
        "FR-REC-1",
        licensed,
        Severity.BLOCK,
        {"recruiter_id": recruiter.recruiter_id if recruiter else None, "licensed_in_origin": licensed},
        "No recruiter is involved."
        if recruiter is None
        else f"Recruiter {recruiter.recruiter_id} is {'' if licensed else 'not '}licensed in the origin country.",
    )


def recruiter_certified(terms: JobTerms) -> Finding:
    """FR-REC-2: a recruiter involved is IRIS-certified (voluntary, so information only)."""
    recruiter = terms.recruiter
    certified = recruiter is None or recruiter.iris_certified
    return finding(
        "FR-REC-2",
        certified,
        Severity.INFO,
        {"recruiter_id": recruiter.recruiter_id if recruiter else None, "iris_certified": certified},
        "No recruiter is involved."
        if recruiter is None
        else f"Recruiter {recruiter.recruiter_id} is {'' if certified else 'not '}IRIS-certified (voluntary).",
    )


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def adult(participant: ParticipantRegistered, on: date, policy: RecruitmentPolicy) -> Finding:
    """FR-AGE-1: the worker has reached the minimum age on the event date (the birth date stays out of the evidence)."""
    return _adult(age_on(participant.birth_date, on), on, policy.minimum_age)


@lru_cache(maxsize=1024)  # workers of one age assessed on one day share it (the finding is immutable)
def _adult(age: int, on: date, minimum_age: int) -> Finding:
    old_enough = age >= minimum_age
    return finding(
        "FR-AGE-1",
        old_enough,
        Severity.BLOCK,
        {"age": age, "minimum_age": minimum_age, "on": on.isoformat()},
        f"The worker is {age} on {on.isoformat()}, {'at least' if old_enough else 'under'} the minimum age of "
        f"{minimum_age}.",
    )


def vacancy_content(terms: JobTerms) -> Finding:
    """FR-VAC-1: employer name and contact, job description and place of work are stated."""
    stated = {
        "employer_name": terms.employer.name,
        "employer_contact": terms.employer.contact,
        "job_description": terms.job_description,
        "place_of_work": terms.place_of_work,
    }
    missing = [name for name, value in stated.items() if not value]
    return finding(
        "FR-VAC-1",
        not missing,
        Severity.BLOCK,
        {f"{name}_stated": bool(value) for name, value in stated.items()},
        f"The vacancy does not state: {', '.join(missing)}, so it cannot be published in the EU Talent Pool."
        if missing
        else "The vacancy states the employer, its contact, the job and the place of work.",
    )


class TermsFindings(NamedTuple):
    """The findings of the rules that read the job terms and nothing else."""

    fees_paid: Finding
    illegitimate_costs: Finding
    deductions: Finding
    documents: Finding
    recruiter_licensed: Finding
    recruiter_certified: Finding
    wage: Finding
    working_time: Finding
    free_to_change_employer: Finding
    rights_information: Finding
    vacancy: Finding

    @classmethod
    def of(cls, terms: JobTerms) -> "TermsFindings":
        return cls(
            fees.fees_paid_by_worker(terms),
            fees.illegitimate_costs(terms),
            fees.recruitment_deductions(terms),
            worker_rights.documents_kept(terms),
            recruiter_licensed(terms),
            recruiter_certified(terms),
            wage_minimum(terms),
            conditions.working_time(terms),
            worker_rights.free_to_change_employer(terms),
            worker_rights.rights_information(terms),
            vacancy_content(terms),
        )


# An offer and the contract answering it, and the offers an employer makes to many workers, state the same terms:
# their terms-only findings are made once. The key is the terms' JSON without the offer id, which none of these
# rules reads: the same text is the same values (a Decimal's text included), so the same findings. An entry holds
# about 16 KiB (11 findings and the key), so at most 256 of them.
_TERMS_ONLY: Memo[bytes, TermsFindings] = Memo(256)


def terms_findings(terms: JobTerms) -> TermsFindings:
    key = dump_json(terms, exclude=_not_read(type(terms)))
    return _TERMS_ONLY.get(key, lambda: TermsFindings.of(terms))


@cache
def _not_read(kind: type[JobTerms]) -> frozenset[str]:
    """The offer id, and an offer's or contract's own fields (not the job terms')."""
    return frozenset({"offer_id", *kind.model_fields}) - (JobTerms.model_fields.keys() - {"offer_id"})


def assess(
    terms: Terms,
    participant: ParticipantRegistered,
    on: date,
    policy: RecruitmentPolicy,
    offer: JobTerms | None = None,
) -> list[Finding]:
    """Every rule, in the order of docs/domain.md ("Recruitment"), then sector fit; `offer` is the offer a contract
    answers."""
    same = terms_findings(terms)
    return [
        same.fees_paid,
        same.illegitimate_costs,
        same.deductions,
        contract_language(terms, participant),
        *_contract_rules(terms, offer),
        same.documents,
        same.recruiter_licensed,
        same.recruiter_certified,
        same.wage,
        same.working_time,
        conditions.housing(terms, policy),
        same.free_to_change_employer,
        same.rights_information,
        adult(participant, on, policy),
        same.vacancy,
        sector_fit(terms.sector, participant.partner_country),
    ]


def _contract_rules(terms: Terms, offer: JobTerms | None) -> tuple[Finding, Finding]:
    if isinstance(terms, ContractSigned):
        return delivered_before_departure(terms), no_substitution(terms, offer)
    return awaiting_contract("FR-CON-2"), awaiting_contract("FR-CON-3")
