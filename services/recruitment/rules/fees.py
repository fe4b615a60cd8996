"""Recruitment fees and related costs (FR-FEE-1..3): the worker pays nothing, directly or through the wage."""

from contracts.offers import CostKind, JobTerms
from contracts.types import Finding, Severity
from services.common.evidence import Evidence, money_text
from services.recruitment.rules.findings import finding
from services.recruitment.rules.substitution import show, worker_costs

ILLEGITIMATE = frozenset(
    {CostKind.DEPOSIT, CostKind.BOND, CostKind.COLLATERAL, CostKind.KICKBACK, CostKind.RUNAWAY_INSURANCE}
)


def fees_paid_by_worker(terms: JobTerms) -> Finding:
    """FR-FEE-1: the worker pays no recruitment fee or related cost, to anyone. Nothing listed counts as nothing
    paid only when the terms state that the list is complete; otherwise the placement waits for that statement."""
    totals = worker_costs(terms)
    kinds = sorted({c.kind.value for c in terms.costs if c.paid_by_worker and c.amount.amount > 0})
    evidence: Evidence = {
        "paid_by_worker": show(totals),
        "cost_kinds": ", ".join(kinds) or None,
        "costs_complete": terms.costs_complete,
    }
    if totals:
        explanation = f"The worker is charged {show(totals)} ({', '.join(kinds)}); the employer must bear every cost."
        return finding("FR-FEE-1", False, Severity.BLOCK, evidence, explanation)
    if terms.costs_complete is not True:
        said = "say the list of costs is incomplete" if terms.costs_complete is False else "do not state"
        explanation = (
            f"No cost is listed as paid by the worker, but the terms {said} whether every recruitment fee, related "
            "cost and deduction is listed (costs_complete): ask the agency, the placement waits for it."
        )
        return finding("FR-FEE-1", False, Severity.PENDING, evidence, explanation)
    return finding(
        "FR-FEE-1", True, Severity.BLOCK, evidence, "The worker is charged no recruitment fees or related costs."
    )


def illegitimate_costs(terms: JobTerms) -> Finding:
    """FR-FEE-2: no deposit, bond, collateral, kickback or 'runaway insurance', whoever pays it."""
    found = [c for c in terms.costs if c.kind in ILLEGITIMATE]
    evidence: Evidence = {"illegitimate_costs": ", ".join(f"{c.kind.value} to {c.payee}" for c in found) or None}
    return finding(
        "FR-FEE-2",
        not found,
        Severity.BLOCK,
        evidence | ({"escalate": True} if found else {}),
        f"The terms include {evidence['illegitimate_costs']}: never legitimate, and a trafficking risk to escalate."
        if found
        else "The terms include no deposits, bonds, collateral, kickbacks or runaway insurance.",
    )


def recruitment_deductions(terms: JobTerms) -> Finding:
    """FR-FEE-3: no wage deduction for obtaining or keeping the job (nor to recover costs the employer paid)."""
    deduction = terms.wage_deductions_for_recruitment
    charged = deduction is not None and deduction.amount > 0
    return finding(
        "FR-FEE-3",
        not charged,
        Severity.BLOCK,
        {"wage_deductions_for_recruitment": money_text(deduction)},
        f"{money_text(deduction)} is deducted from the wage for recruitment, which C95 Art. 9 prohibits."
        if charged
        else "No wage deduction is linked to obtaining or keeping the job.",
    )
