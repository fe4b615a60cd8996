"""Events carry a pseudonymous participant_id, never names, document numbers or contact details."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from contracts.schema import export_schemas

LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|first_?name|last_?name|surname|full_?name|passport|document_?number|national_?id|id_?number|"
    r"phone|mobile|email|e_?mail|address|street|postcode|zip|birth_?place|photo|biometric|description|comment|"
    r"free_?text|message|notes?)($|_)"
)
# Fields that name organisations or give a code, not a person; each reviewed by hand.
REVIEWED = {
    "Employer.name": "the employer's company name (EU Talent Pool vacancy content)",
    "Employer.contact": "the employer's job contact, not the worker's",
    "JobTerms.job_description": "describes the job, not the worker",
    "JobOffered.job_description": "describes the job, not the worker",
    "ContractSigned.job_description": "describes the job, not the worker",
    "PlacementCleared.terms": "job terms",
}


def properties(schema: dict[str, Any]) -> Iterator[str]:
    for model, definition in schema.get("$defs", {}).items():
        for field in definition.get("properties", {}):
            yield f"{model}.{field}"


def test_no_event_field_looks_like_personal_data() -> None:
    suspicious = {
        path
        for schema in export_schemas().values()
        for path in properties(schema)
        if LOOKS_PERSONAL.search(path.split(".")[1].lower()) and path not in REVIEWED
    }
    assert not suspicious, f"fields that may hold personal data (pseudonymise, or review and list them): {suspicious}"


@pytest.mark.parametrize("field", ["passport_number", "email", "first_name", "home_address", "grievance_description"])
def test_the_check_catches_personal_fields(field: str) -> None:
    assert LOOKS_PERSONAL.search(field)
