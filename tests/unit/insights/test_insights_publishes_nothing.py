"""Insights publishes nothing about anyone: no outbox row for the whole recorded stream, and no Kafka grant to write
anything but its dead letters."""

from sqlmodel import Session, select

from deploy.acls import Operation, mobility_acls
from services.common.database import OutboxMessage, create_database
from services.insights.app import SPEC
from tests.unit.insights.recorded import records


def test_the_whole_stream_leaves_no_outbox_row() -> None:
    engine = create_database("sqlite://", SPEC.tables)
    results = SPEC.processor(engine).process_batch(records())
    assert not any(result.emitted for result in results)
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []


def test_insights_may_write_only_its_dead_letters() -> None:
    writes = {acl.name for acl in mobility_acls() if acl.principal == "insights" and acl.operation is Operation.WRITE}
    reads = {acl.name for acl in mobility_acls() if acl.principal == "insights" and acl.operation is Operation.READ}
    assert writes == {"insights.dlq"}
    assert set(SPEC.input_topics) | {"insights"} == reads
