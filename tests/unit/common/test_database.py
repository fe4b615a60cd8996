"""Service databases: instances of one service starting together on a fresh database both come up."""

import threading
from pathlib import Path

from services.common.cases import CASE_TABLES
from services.common.database import create_database, database_answers


def start_two_at_once(url: str) -> list[object]:
    """Create the database from two threads released together; what each got (engine or exception)."""
    start, outcomes = threading.Barrier(2), []

    def create() -> None:
        start.wait()
        try:
            outcomes.append(create_database(url, CASE_TABLES))
        except Exception as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_instances_creating_one_fresh_database_at_once_both_succeed(tmp_path: Path) -> None:
    for attempt in range(20):
        outcomes = start_two_at_once(f"sqlite:///{tmp_path / f'race-{attempt}.db'}")
        assert not [o for o in outcomes if isinstance(o, Exception)]
        assert all(database_answers(engine) for engine in outcomes)  # type: ignore[arg-type]
