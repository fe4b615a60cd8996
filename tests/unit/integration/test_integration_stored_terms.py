"""A case stored with each decision's whole contract terms (before `Terms`): read today, it is the case today's code
would have built from the same events, and it goes on the same way.

`case_with_whole_terms.json` is the document the code before the change stored after `two_decisions` (made by
running that function on it)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from contracts.deployments import ContractEnded, EndReason
from contracts.envelope import EventData
from contracts.offers import Employer
from contracts.recruitment import PlacementCleared, PlacementPending
from contracts.types import Finding, Severity
from services.integration.case import IntegrationCase
from services.integration.steps import on_checkin, on_contract_ended, on_day, on_placement_cleared, on_placement_held
from tests.unit.integration.samples import POLICY, checkin, eur, started, terms

STORED = Path(__file__).with_name("case_with_whole_terms.json")
# The next job: no housing through the employer, the 48-hour opt-out, a collective rate, 14 payments a year.
NEXT_TERMS = terms(offer_id="O-2", employer=Employer(employer_id="E-2"), monthly_gross_wage=eur(2500),
                   collective_agreement_wage=eur(2400), payments_per_year=14, accommodation=None, destination="BG",
                   working_time=terms().working_time.model_copy(update={"opt_out_48h": True}))  # fmt: skip

WORKER_KEEPS_DOCUMENTS_UNSTATED = Finding(
    rule_id="FR-DOC-1", passed=False, severity=Severity.PENDING, source="test", explanation="Not stated."
)


def two_decisions() -> IntegrationCase:
    """Cleared and arrived, two check-ins (the second worse than the terms), a pending decision on the next job."""
    case = started()
    case, _ = on_checkin(case, checkin(1), date(2026, 2, 3), POLICY)
    worse = checkin(2, hours_worked=Decimal(55), gross_paid=eur(1900), occupation="9329")
    case, _ = on_checkin(case, worse, date(2026, 3, 3), POLICY)
    pending = PlacementPending(participant_id="P-1", offer_id="O-2", contract_id="C-2", terms=NEXT_TERMS,
                               reasons=[WORKER_KEEPS_DOCUMENTS_UNSTATED])  # fmt: skip
    case, _ = on_placement_held(case, pending, date(2026, 3, 10), POLICY)
    return case


def after_the_change(case: IntegrationCase) -> list[EventData]:
    """The first contract ends (its summary reads the stored terms), the next job is cleared and reported on."""
    end = ContractEnded(participant_id="P-1", ended_on=date(2026, 3, 31), reason=EndReason.EMPLOYER_CHANGE)
    case, emitted = on_contract_ended(case, end, date(2026, 4, 1), POLICY)
    emitted = list(emitted)
    cleared = PlacementCleared(participant_id="P-1", partner_country="TN", contract_id="C-2", terms=NEXT_TERMS)
    case, out = on_placement_cleared(case, cleared, date(2026, 4, 2), POLICY)
    emitted += out
    rent = {"amount": eur(700), "auto_deducted": False}
    case, out = on_checkin(case, checkin(4, hours_worked=Decimal(60), rent=rent), date(2026, 5, 3), POLICY)
    emitted += out
    for day in range(date(2026, 5, 4).toordinal(), date(2026, 6, 15).toordinal()):
        case, out = on_day(case, date.fromordinal(day), POLICY)
        emitted += out
    return emitted


def test_a_case_stored_with_whole_terms_reads_as_the_case_built_today() -> None:
    stored = IntegrationCase.model_validate_json(STORED.read_text())
    assert stored.model_dump_json() == two_decisions().model_dump_json()
    assert stored.terms is not None and (stored.terms.employer_id, stored.terms.employer_housing) == ("E-1", True)
    assert stored.upcoming is not None and stored.upcoming.terms is not None
    assert (stored.upcoming.terms.opt_out_48h, stored.upcoming.terms.monthly_rent) == (True, None)


def test_a_case_stored_with_whole_terms_goes_on_as_the_case_built_today() -> None:
    emitted = after_the_change(IntegrationCase.model_validate_json(STORED.read_text()))
    kinds = {getattr(e, "alert", type(e).__name__) for e in emitted}
    assert {"IntegrationSummarised", "WAGE_BELOW_MIN", "RENT_EXCESSIVE", "CONTRACT_SUBSTITUTED"} <= kinds
    assert not {"HOURS_EXCESSIVE", "HOURS_LONG"} & kinds  # 60 hours a week, with an opt-out that counts in BG
    assert [e.model_dump_json() for e in emitted] == [e.model_dump_json() for e in after_the_change(two_decisions())]


def test_a_case_written_today_carries_only_the_terms_the_rules_read() -> None:
    written = two_decisions().model_dump_json()
    assert '"working_time"' not in written and '"job_title"' not in written and '"employer_housing"' in written
