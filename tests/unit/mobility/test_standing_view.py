"""What `mobility standing` and `mobility journey` make of standing events."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from contracts import Envelope, new_envelope
from contracts.recruitment import PartyKind, Standing, StandingChanged, StandingEvidence
from mobility.bus import Received
from mobility.standing import concerns, standing_rows
from mobility.timeline import describe


def changed(party_id: str, standing: Standing, previous: Standing, on: date, workers: list[str]) -> Envelope[Any]:
    evidence = StandingEvidence(rule_id="DOCS_RETAINED", count=len(workers), weight=4 * len(workers),
                                participant_ids=workers, first_on=on, last_on=on)  # fmt: skip
    data = StandingChanged(party=PartyKind.EMPLOYER, party_id=party_id, standing=standing, previous=previous,
                           rule_id="FR-STAND-2", explanation="e", findings=[evidence], weight=4 * len(workers),
                           workers=len(workers), source="s", window_from=on, window_to=on)  # fmt: skip
    at = datetime.combine(on, datetime.min.time(), tzinfo=UTC)
    return new_envelope(data, id=uuid5(NAMESPACE_URL, f"{party_id}{on}"), source="service/recruitment",
                        subject=party_id, time=at)  # fmt: skip


def received(*envelopes: Envelope[Any]) -> list[Received]:
    return [Received("recruitment.events", 0, n, {}, b"", e) for n, e in enumerate(envelopes)]


WATCH = changed("E-1", Standing.WATCH, Standing.GOOD, date(2026, 5, 1), ["P-1"])
SUSPENDED = changed("E-1", Standing.SUSPENSION_RECOMMENDED, Standing.WATCH, date(2026, 5, 8), ["P-1", "P-2"])
OTHER = changed("E-2", Standing.WATCH, Standing.GOOD, date(2026, 5, 8), ["P-9"])


def test_the_latest_standing_of_each_party_and_the_history_of_one() -> None:
    rows = standing_rows(received(WATCH, OTHER, SUSPENDED))
    assert [(r["party_id"], r["standing"]) for r in rows] == [("E-1", "suspension_recommended"), ("E-2", "watch")]
    assert rows[0]["findings"] == "DOCS_RETAINED x2 (P-1, P-2; 2026-05-08..2026-05-08)"
    assert [r["standing"] for r in standing_rows(received(WATCH, OTHER, SUSPENDED), "E-1")] == [
        "watch",
        "suspension_recommended",
    ]


def test_every_change_in_party_order_for_the_demo() -> None:
    rows = standing_rows(received(OTHER, SUSPENDED, WATCH), every_change=True)
    assert [(r["party_id"], r["standing"]) for r in rows] == [
        ("E-1", "watch"),
        ("E-1", "suspension_recommended"),
        ("E-2", "watch"),
    ]


def test_a_participants_journey_shows_the_standing_changes_their_findings_are_part_of() -> None:
    assert concerns(SUSPENDED, "P-2") and not concerns(WATCH, "P-2") and not concerns(OTHER, "P-2")
    assert describe(SUSPENDED).startswith("employer E-1 standing SUSPENSION_RECOMMENDED (was watch; FR-STAND-2")
