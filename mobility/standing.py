"""Employers' and recruiters' standing as the operator reads it: from `recruitment.standing_changed` events."""

import json
from collections.abc import Iterable
from typing import Any

from rich.table import Table

from contracts import Envelope
from contracts.recruitment import StandingChanged
from mobility.bus import Received

STANDING_CHANGED = StandingChanged.event_type


def concerns(envelope: Envelope[Any], participant_id: str) -> bool:
    """The participant's own events, and the standing changes their findings are part of."""
    if envelope.subject == participant_id:
        return True
    return envelope.type == STANDING_CHANGED and any(
        participant_id in finding.participant_ids for finding in envelope.data.findings
    )


def findings_text(data: StandingChanged) -> str:
    """'DOCS_RETAINED x2 (P-1, P-2; 2026-06-02..2026-06-09)' per rule."""
    return "; ".join(
        f"{f.rule_id} x{f.count} ({', '.join(f.participant_ids) or 'erased'}; {f.first_on}..{f.last_on})"
        for f in data.findings
    )


def standing_rows(
    records: Iterable[Received], party_id: str | None = None, every_change: bool = False
) -> list[dict[str, Any]]:
    """Each party's latest standing in party order; with `party_id`, that party's every change; with `every_change`,
    every party's."""
    changes = [r.envelope.data for r in records if r.envelope is not None and r.envelope.type == STANDING_CHANGED]
    if every_change:
        changes = sorted(changes, key=lambda c: (c.party.value, c.party_id, c.window_to))
    elif party_id is None:
        latest = {(c.party.value, c.party_id): c for c in changes}  # records come in event-time order
        changes = [latest[key] for key in sorted(latest)]
    else:
        changes = [c for c in changes if c.party_id == party_id]
    return [
        {"party": c.party.value, "party_id": c.party_id, "standing": c.standing.value, "previous": c.previous.value,
         "on": c.window_to.isoformat(), "lapses_on": c.lapses_on.isoformat() if c.lapses_on else None,
         "weight": c.weight, "workers": c.workers, "rule_id": c.rule_id, "findings": findings_text(c),
         "explanation": c.explanation, "notice": c.notice}
        for c in changes
    ]  # fmt: skip


def standing_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left", expand=True, caption=rows[0]["notice"] if rows else None)
    for column, ratio in (("party", 2), ("id", 2), ("standing", 3), ("since", 2), ("lapses on", 2), ("weight", 1),
                          ("workers", 1), ("findings in the window", 8)):  # fmt: skip
        table.add_column(column, ratio=ratio, overflow="fold")
    for row in rows:
        table.add_row(row["party"], row["party_id"], f"{row['standing']} (was {row['previous']})", row["on"],
                      row["lapses_on"] or "-", str(row["weight"]), str(row["workers"]), row["findings"])  # fmt: skip
    return table


def standing_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2)
