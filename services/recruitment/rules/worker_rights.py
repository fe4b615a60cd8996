"""The worker's freedoms and information (FR-DOC-1, FR-MOB-1, FR-INFO-1)."""

from contracts.offers import JobTerms
from contracts.types import Finding, Severity
from services.common.evidence import Evidence, money_text
from services.recruitment.rules.findings import finding


def documents_kept(terms: JobTerms) -> Finding:
    """FR-DOC-1: nobody but the worker keeps the worker's passport, ID or contract. The terms must say so
    (worker_keeps_documents); while they do not, the placement waits for it."""
    kept_by_employer, kept_by_worker = terms.employer_keeps_documents, terms.worker_keeps_documents
    evidence: Evidence = {"employer_keeps_documents": kept_by_employer, "worker_keeps_documents": kept_by_worker}
    if kept_by_employer or kept_by_worker is False:
        explanation = "The employer or recruiter keeps the worker's documents, a forced-labour indicator."
        return finding("FR-DOC-1", False, Severity.BLOCK, evidence, explanation)
    if kept_by_worker is None:
        explanation = (
            "The terms do not say whether the worker keeps their own passport, identity documents and contract "
            "(worker_keeps_documents): ask the agency, the placement waits for it."
        )
        return finding("FR-DOC-1", False, Severity.PENDING, evidence, explanation)
    explanation = "The worker keeps their own identity documents and contract."
    return finding("FR-DOC-1", True, Severity.BLOCK, evidence, explanation)


def free_to_change_employer(terms: JobTerms) -> Finding:
    """FR-MOB-1: no clause restricting a change of employer, no exit penalty."""
    penalty = terms.exit_penalty if terms.exit_penalty and terms.exit_penalty.amount > 0 else None
    breaches = ["a clause restricts changing employer"] * terms.restricts_employer_change
    breaches += [f"leaving costs an exit penalty of {money_text(penalty)}"] * (penalty is not None)
    return finding(
        "FR-MOB-1",
        not breaches,
        Severity.BLOCK,
        {"restricts_employer_change": terms.restricts_employer_change, "exit_penalty": money_text(penalty)},
        f"The worker is not free to change employer: {'; '.join(breaches)}."
        if breaches
        else "The worker may change employer without restriction or penalty.",
    )


def rights_information(terms: JobTerms) -> Finding:
    """FR-INFO-1: the worker gets information on their rights and a free grievance channel."""
    missing = [
        label
        for label, given in (
            ("rights information", terms.rights_information_provided),
            ("a grievance channel", terms.grievance_channel_provided),
        )
        if not given
    ]
    return finding(
        "FR-INFO-1",
        not missing,
        Severity.WARN,
        {
            "rights_information_provided": terms.rights_information_provided,
            "grievance_channel_provided": terms.grievance_channel_provided,
        },
        f"The worker is not given {' or '.join(missing)}."
        if missing
        else "The worker is given rights information and a free grievance channel.",
    )
