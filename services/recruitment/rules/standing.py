"""Employers' and recruiters' standing (docs/domain.md, "Standing"): the findings against each in a window of event
time, weighted by severity (FR-STAND-2), and what a new offer or contract gets from it (FR-STAND-1).

A ledger counts one finding per rule and worker, on the latest day it was made, so the order in which findings of
one day arrive never matters; the standing itself is evaluated on clock ticks only, which a replay applies alone,
so the same stream gives the same standing events."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from contracts.integration import AlertRaised
from contracts.offers import JobTerms
from contracts.recruitment import PartyKind, Standing, StandingChanged, StandingEvidence
from contracts.types import Finding, Severity
from services.common.evidence import Evidence
from services.recruitment.rules.findings import finding
from services.recruitment.rules.policy import StandingPolicy
from services.recruitment.rules.sources import SOURCES

RANK = {Standing.GOOD: 0, Standing.WATCH: 1, Standing.SUSPENSION_RECOMMENDED: 2}

# Recruitment's own violations that count against a party, with their severity class: the forced-labour indicators
# (illegitimate costs, retained documents) are critical. The recruiter rules count against the recruiter only.
COUNTED_RULES = {
    "FR-FEE-1": "high",
    "FR-FEE-2": "critical",
    "FR-FEE-3": "high",
    "FR-CON-3": "high",
    "FR-DOC-1": "critical",
    "FR-REC-1": "high",
    "FR-REC-2": "info",
}
RECRUITER_ONLY = frozenset({"FR-REC-1", "FR-REC-2"})

# Integration's alerts about how the employer treats the worker, counted at the alert's own severity. Alerts about
# missing reports or facts, the worker's own situation or timers, and FL_MULTI (which sums alerts already counted)
# are not the employer's conduct and stay out.
COUNTED_ALERTS = frozenset({
    "WAGE_BELOW_MIN", "WAGE_BELOW_CONTRACT", "WAGE_LATE", "WAGE_WITHHELD", "HOURS_EXCESSIVE", "REST_VIOLATION",
    "LEAVE_DENIED", "DEDUCTION_UNLAWFUL", "RENT_AUTODEDUCTED", "RENT_EXCESSIVE", "HOUSING_SUBSTANDARD",
    "DOCS_RETAINED", "DEBT", "CONTRACT_SUBSTITUTED", "MOBILITY_BLOCKED",
})  # fmt: skip


class Party(NamedTuple):
    kind: PartyKind
    party_id: str

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.party_id}"


class Noted(BaseModel):
    """A finding against an employer or recruiter, for its ledger."""

    model_config = ConfigDict(frozen=True)

    party: PartyKind
    party_id: str
    rule_id: str
    severity: str  # critical, high, medium or info
    participant_id: str
    on: date


class Entry(BaseModel):
    """One rule found for one worker, on the latest day it was found. `worker` is the participant id, or `erased-N`
    once the participant is erased: the count stays, the identifier goes."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    severity: str
    worker: str
    on: date

    @property
    def erased(self) -> bool:
        return self.worker.startswith("erased-")


class Ledger(BaseModel):
    """What one employer or recruiter has against it, and the standing last evaluated from it."""

    party: PartyKind
    party_id: str
    entries: list[Entry] = []
    standing: Standing = Standing.GOOD
    since: date | None = None
    lapses_on: date | None = None
    erased_workers: int = 0

    @property
    def key(self) -> str:
        return Party(self.party, self.party_id).key


def parties_of(terms: JobTerms) -> list[Party]:
    """The employer, and the recruiter when one is involved."""
    named = [Party(PartyKind.EMPLOYER, terms.employer.employer_id)]
    if terms.recruiter is not None:
        named.append(Party(PartyKind.RECRUITER, terms.recruiter.recruiter_id))
    return named


def notes_of_findings(terms: JobTerms, findings: Iterable[Finding], participant_id: str, on: date) -> list[Noted]:
    """Recruitment's violations on one offer or contract, against the parties its terms name."""
    notes = []
    for f in findings:
        if f.passed or f.severity is Severity.PENDING or f.rule_id not in COUNTED_RULES:
            continue
        for party in parties_of(terms):
            if party.kind is PartyKind.EMPLOYER and f.rule_id in RECRUITER_ONLY:
                continue
            notes.append(Noted(party=party.kind, party_id=party.party_id, rule_id=f.rule_id,
                               severity=COUNTED_RULES[f.rule_id], participant_id=participant_id, on=on))  # fmt: skip
    return notes


def notes_of_alert(terms: JobTerms | None, alert: AlertRaised) -> list[Noted]:
    """An integration alert, against the employer and recruiter of the worker's contract at the time."""
    if terms is None or alert.alert not in COUNTED_ALERTS:
        return []
    found = {"rule_id": alert.alert, "severity": alert.severity.value, "participant_id": alert.participant_id,
             "on": alert.raised_on}  # fmt: skip
    return [Noted(party=party.kind, party_id=party.party_id, **found) for party in parties_of(terms)]


def record(ledger: Ledger, note: Noted) -> Ledger:
    """Count the finding once per rule and worker, on the latest day it was made."""
    kept, latest = [], note.on
    for entry in ledger.entries:
        if (entry.rule_id, entry.worker) == (note.rule_id, note.participant_id):
            latest = max(latest, entry.on)
        else:
            kept.append(entry)
    entry = Entry(rule_id=note.rule_id, severity=note.severity, worker=note.participant_id, on=latest)
    return ledger.model_copy(update={"entries": sorted([*kept, entry], key=_order)})


def forget_worker(ledger: Ledger, participant_id: str) -> Ledger:
    """Erasure: the worker's entries stay as a count under `erased-N`, without the participant id."""
    if all(entry.worker != participant_id for entry in ledger.entries):
        return ledger
    erased = ledger.erased_workers + 1
    entries = [
        entry.model_copy(update={"worker": f"erased-{erased}"}) if entry.worker == participant_id else entry
        for entry in ledger.entries
    ]
    return ledger.model_copy(update={"entries": sorted(entries, key=_order), "erased_workers": erased})


def _order(entry: Entry) -> tuple[str, str, date]:
    return entry.rule_id, entry.worker, entry.on


class Evaluation(NamedTuple):
    standing: Standing
    weight: int
    workers: int
    counted: list[Entry]
    window_from: date
    window_to: date


def evaluate(entries: Iterable[Entry], day: date, policy: StandingPolicy) -> Evaluation:
    """FR-STAND-2 on `day`: severity-weighted findings of the `window_days` days before it, and the distinct workers
    behind them. The day itself is left out, so an alert raised on that day's clock tick counts on the next tick
    whichever of the two the service reads first."""
    window_from, window_to = day - timedelta(days=policy.window_days), day - timedelta(days=1)
    counted = [e for e in entries if window_from <= e.on <= window_to]
    weight = sum(policy.weights.get(e.severity, 0) for e in counted)
    workers = len({e.worker for e in counted if policy.weights.get(e.severity, 0) > 0})
    if weight >= policy.suspension_weight and workers >= policy.suspension_workers:
        standing = Standing.SUSPENSION_RECOMMENDED
    elif weight >= policy.watch_weight:
        standing = Standing.WATCH
    else:
        standing = Standing.GOOD
    return Evaluation(standing, weight, workers, counted, window_from, window_to)


def lapse_day(entries: list[Entry], day: date, policy: StandingPolicy) -> date | None:
    """The first day the standing drops if no new finding comes: findings leave the window one by one."""
    current = evaluate(entries, day, policy).standing
    for leaves in sorted({_leaves(e, policy) for e in entries}):
        if leaves > day and RANK[evaluate(entries, leaves, policy).standing] < RANK[current]:
            return leaves
    return None


def _counts_from(entry: Entry) -> date:
    return entry.on + timedelta(days=1)


def _leaves(entry: Entry, policy: StandingPolicy) -> date:
    return entry.on + timedelta(days=policy.window_days + 1)


def next_due(ledger: Ledger, day: date, policy: StandingPolicy) -> date | None:
    """The next day after `day` a clock tick must look at the ledger: when a finding starts or stops counting."""
    days = {change for e in ledger.entries for change in (_counts_from(e), _leaves(e, policy)) if change > day}
    return min(days, default=None)


def due_after(note: Noted) -> date:
    """The first day a new finding counts, so the first day a tick must look at its ledger."""
    return note.on + timedelta(days=1)


def on_day(ledger: Ledger, day: date, policy: StandingPolicy) -> tuple[Ledger, StandingChanged | None]:
    """Evaluate the standing on `day`; findings out of the window are dropped; a change is news."""
    result = evaluate(ledger.entries, day, policy)
    kept = [e for e in ledger.entries if e.on >= result.window_from]
    lapses = lapse_day(kept, day, policy) if result.standing is not Standing.GOOD else None
    if result.standing is ledger.standing:
        return ledger.model_copy(update={"entries": kept, "lapses_on": lapses}), None
    changed = ledger.model_copy(update={"entries": kept, "standing": result.standing, "since": day,
                                        "lapses_on": lapses})  # fmt: skip
    return changed, standing_changed(ledger.standing, changed, result, day, policy)


def standing_changed(
    previous: Standing, ledger: Ledger, result: Evaluation, day: date, policy: StandingPolicy
) -> StandingChanged:
    who = f"{ledger.party.value} {ledger.party_id}"
    explanation = (
        f"{who}: findings weighing {result.weight} for {result.workers} distinct worker(s) in the "
        f"{policy.window_days} days before {day.isoformat()}; {result.standing.value} from weight "
        f"{policy.watch_weight} (watch) or {policy.suspension_weight} with {policy.suspension_workers} workers "
        "(suspension recommended)."
    )
    if ledger.lapses_on is not None:
        explanation += f" It lapses on {ledger.lapses_on.isoformat()} unless new findings come."
    return StandingChanged(
        party=ledger.party, party_id=ledger.party_id, standing=result.standing, previous=previous,
        rule_id="FR-STAND-2", explanation=explanation, findings=evidence_of(result.counted, policy),
        weight=result.weight, workers=result.workers, evidence=_thresholds(policy), source=SOURCES["FR-STAND-2"],
        window_from=result.window_from, window_to=result.window_to, lapses_on=ledger.lapses_on,
    )  # fmt: skip


def _thresholds(policy: StandingPolicy) -> Evidence:
    return {"window_days": policy.window_days, "watch_weight": policy.watch_weight,
            "suspension_weight": policy.suspension_weight, "suspension_workers": policy.suspension_workers,
            **{f"weight_{name}": value for name, value in sorted(policy.weights.items())}}  # fmt: skip


def evidence_of(counted: list[Entry], policy: StandingPolicy) -> list[StandingEvidence]:
    """Per rule: how many workers, what they weigh, their pseudonymous ids (erased ones left out), the days."""
    by_rule: dict[str, list[Entry]] = {}
    for entry in counted:
        by_rule.setdefault(entry.rule_id, []).append(entry)
    return [
        StandingEvidence(
            rule_id=rule_id,
            count=len(entries),
            weight=sum(policy.weights.get(e.severity, 0) for e in entries),
            participant_ids=sorted(e.worker for e in entries if not e.erased),
            first_on=min(e.on for e in entries),
            last_on=max(e.on for e in entries),
        )
        for rule_id, entries in sorted(by_rule.items())
    ]


def standing_finding(terms: JobTerms, standings: Mapping[str, Standing]) -> Finding:
    """FR-STAND-1: the employer and recruiter the terms name are not `suspension_recommended` (block) nor on
    `watch` (warn)."""
    return _standing_finding(tuple((party, standings.get(party.key, Standing.GOOD)) for party in parties_of(terms)))


@lru_cache(maxsize=1024)  # few parties, and every offer and contract asks (the finding is immutable)
def _standing_finding(named: tuple[tuple[Party, Standing], ...]) -> Finding:
    worst = max((standing for _, standing in named), key=RANK.__getitem__)
    evidence: Evidence = {f"{party.kind.value}_id": party.party_id for party, _ in named}
    evidence |= {f"{party.kind.value}_standing": standing.value for party, standing in named}
    flagged = [f"{party.kind.value} {party.party_id} is {value.value}" for party, value in named if RANK[value]]
    if worst is Standing.GOOD:
        return finding("FR-STAND-1", True, Severity.BLOCK, evidence, "No employer or recruiter of these terms has a "
                       "standing against it.")  # fmt: skip
    severity = Severity.BLOCK if worst is Standing.SUSPENSION_RECOMMENDED else Severity.WARN
    effect = "the placement is blocked" if severity is Severity.BLOCK else "a warning, the placement may go ahead"
    return finding("FR-STAND-1", False, severity, evidence, f"{'; '.join(flagged)} (see its standing events): "
                   f"{effect}.")  # fmt: skip
