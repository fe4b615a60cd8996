"""The checked-in AsyncAPI documents match what FastStream generates from the services and contracts."""

import pytest

from services.catalog import SPECS
from services.common.asyncapi import DOCS_DIR, asyncapi_document, render
from services.common.service import ServiceSpec


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_asyncapi_document_is_up_to_date(spec: ServiceSpec) -> None:
    path = DOCS_DIR / f"{spec.name}.json"
    assert path.exists(), f"{path} missing: run `mobility asyncapi`"
    assert path.read_text() == render(asyncapi_document(spec)), f"{path} is stale: run `mobility asyncapi`"


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_asyncapi_document_names_every_topic_the_service_uses(spec: ServiceSpec) -> None:
    addresses = {channel["address"] for channel in asyncapi_document(spec)["channels"].values()}
    read = {cls.topic for cls in spec.event_types}
    assert addresses == read | ({spec.output_topic} if spec.output_topic else set())
