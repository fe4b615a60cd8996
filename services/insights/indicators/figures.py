"""The indicators of docs/insights.md, computed from the participants' cases: pure, no database, no clock.

Every figure names the participants it rests on (`n`); a figure resting on fewer than `min_cell` of them (and more
than none) is suppressed: its value is None and `suppressed` is true, wherever it is shown."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from statistics import fmean, median

from pydantic import BaseModel, ConfigDict

from contracts.recognition import RecognitionOutcome
from contracts.recruitment import PartyKind, Standing
from services.common.reference import partnerships
from services.insights.case import InsightsCase
from services.insights.indicators.policy import InsightsPolicy
from services.insights.standing import PartyStanding

ALL = "all"
STAGES = ("registered", "placed", "arrived", "completed", "returned")
UNKNOWN = "unknown"


class Filters(BaseModel):
    """What the report is narrowed to: a partnership (partner country), a sector, months from and to (YYYY-MM)."""

    model_config = ConfigDict(frozen=True)

    partnership: str | None = None
    sector: str | None = None
    period_from: str | None = None
    period_to: str | None = None

    def takes(self, case: InsightsCase) -> bool:
        return (self.partnership is None or case.partner_country == self.partnership) and (
            self.sector is None or (case.sector or UNKNOWN) == self.sector
        )

    def within(self, day: date | None) -> bool:
        if day is None:
            return False
        month = day.strftime("%Y-%m")
        return (self.period_from is None or month >= self.period_from) and (
            self.period_to is None or month <= self.period_to
        )


class Figure(BaseModel):
    """One indicator value for one group (a partnership's country code, or "all")."""

    model_config = ConfigDict(frozen=True)

    section: str
    indicator: str
    key: str = ""  # the outcome, rule id, alert code, dimension... the indicator is split by
    group: str
    value: float | None
    n: int | None  # participants (employers, recruiters) it rests on; None when suppressed (it tells the small number)
    suppressed: bool = False
    unit: str


class Cell(BaseModel):
    """Stage counts in one month of one partnership x destination x sector (or programme x funding); None =
    suppressed."""

    model_config = ConfigDict(frozen=True)

    dimensions: dict[str, str]
    month: str
    counts: dict[str, int | None]


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    filters: Filters
    min_cell: int
    groups: list[str]
    figures: list[Figure]
    cells: list[Cell]
    programmes: list[Cell]


def columns(groups: list[str], shown: Iterable[str]) -> list[str]:
    """The report's groups a section has figures for, and "all" for a programme-level section under a filter."""
    present = set(shown)
    return [g for g in dict.fromkeys([*groups, ALL]) if g in present]


def _round(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


class _Figures:
    """Collects figures, suppressing each that rests on too few participants."""

    def __init__(self, min_cell: int) -> None:
        self.min_cell = min_cell
        self.rows: list[Figure] = []

    def add(self, section: str, indicator: str, group: str, value: float | Decimal | None, n: int, unit: str,
            key: str = "") -> None:  # fmt: skip
        hidden = 0 < n < self.min_cell
        self.rows.append(Figure(section=section, indicator=indicator, key=key, group=group, n=None if hidden else n,
                                unit=unit,
                                value=None if hidden else _round(value), suppressed=hidden))  # fmt: skip

    def count(self, section: str, indicator: str, group: str, participants: int, key: str = "") -> None:
        self.add(section, indicator, group, participants, participants, "participants", key)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _per_100(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _stage_days(case: InsightsCase) -> dict[str, date | None]:
    return {"registered": case.registered_on, "placed": case.placed_on, "arrived": case.arrived_on,
            "completed": case.completed_on, "returned": case.returned_on}  # fmt: skip


def participants(out: _Figures, group: str, cases: Sequence[InsightsCase], f: Filters) -> None:
    for stage in STAGES:
        out.count("participants", stage, group, sum(f.within(_stage_days(c)[stage]) for c in cases))


def recognition(out: _Figures, group: str, cases: Sequence[InsightsCase], f: Filters) -> None:
    decided = [c for c in cases if c.recognition_outcome and f.within(c.recognition_outcome_on)]
    outcomes = Counter(c.recognition_outcome for c in decided)
    for outcome in RecognitionOutcome:
        out.add("recognition", "outcome_share", group, _share(outcomes[outcome.value], len(decided)), len(decided),
                "share", key=outcome.value)  # fmt: skip
    timed = [c for c in cases if c.submitted_on and c.recognised_on and f.within(c.recognised_on)]
    days = [(c.recognised_on - c.submitted_on).days for c in timed if c.recognised_on and c.submitted_on]
    out.add("recognition", "median_days_to_decision", group, median(days) if days else None, len(timed), "days")


class Keys(BaseModel):
    """The rule ids and alert codes seen in the whole selection: every group lists the same rows, so a row's
    presence tells nothing about a small group."""

    rules: list[str]
    reasons: list[str]
    alerts: list[str]

    @classmethod
    def of(cls, cases: Sequence[InsightsCase]) -> "Keys":
        return cls(
            rules=sorted({r for c in cases for a in c.assessments.values() for r in a.violations}),
            reasons=sorted(
                {r for c in cases if c.placement and c.placement.outcome == "blocked" for r in c.placement.reasons}
            ),
            alerts=sorted({a for c in cases for s in c.stays.values() for a in s.alerts}),
        )


def recruitment(out: _Figures, group: str, cases: Sequence[InsightsCase], f: Filters, keys: Keys) -> None:
    for stage in ("offer", "contract"):
        assessed = [
            (c, a) for c in cases for a in c.assessments.values() if a.stage == stage and f.within(a.assessed_on)
        ]
        fair = sum(a.fair for _, a in assessed)
        out.add("recruitment", f"{stage}s_fair_share", group, _share(fair, len(assessed)),
                len({c.participant_id for c, _ in assessed}), "share")  # fmt: skip
    every = [(c, a) for c in cases for a in c.assessments.values() if f.within(a.assessed_on)]
    assessed_by = len({c.participant_id for c, _ in every})
    violations = Counter(rule for _, a in every for rule in a.violations)
    for rule in keys.rules:
        out.add("recruitment", "violations_per_100_assessed", group, _per_100(violations[rule], len(every)),
                assessed_by, "per 100 assessed", key=rule)  # fmt: skip
    blocked = [
        c for c in cases if c.placement and c.placement.outcome == "blocked" and f.within(c.placement.decided_on)
    ]
    out.count("recruitment", "placements_blocked", group, len(blocked), key=ALL)
    reasons = Counter(reason for c in blocked if c.placement for reason in c.placement.reasons)
    for reason in keys.reasons:
        out.count("recruitment", "placements_blocked", group, reasons[reason], key=reason)


def recruitment_cost(out: _Figures, group: str, cases: Sequence[InsightsCase], f: Filters) -> None:
    """SDG 10.7.1: recruitment costs borne by the worker / the worker's monthly earnings in the destination."""
    ratios = [
        c.cost.worker_costs / c.cost.monthly_earnings
        for c in cases
        if c.cost and c.cost.comparable and c.cost.monthly_earnings > 0 and f.within(c.cost.signed_on)
    ]
    n, section = len(ratios), "recruitment_cost"
    out.add(section, "sdg_10_7_1_mean", group, fmean(ratios) if ratios else None, n, "months of earnings")
    out.add(section, "sdg_10_7_1_median", group, median(ratios) if ratios else None, n, "months of earnings")
    out.add(section, "share_paying_any_cost", group, _share(sum(r > 0 for r in ratios), n), n, "share")


def integration(out: _Figures, group: str, cases: Sequence[InsightsCase], f: Filters, keys: Keys) -> None:
    stays = [(c, s) for c in cases for s in c.stays.values() if f.within(s.ended_on)]
    n = len({c.participant_id for c, _ in stays})
    worker_months = sum((s.months_worked for _, s in stays), Decimal(0))
    alerts: Counter[str] = Counter()
    for _, stay in stays:
        alerts.update(stay.alerts)
    for alert in [ALL, *keys.alerts]:
        raised = alerts.total() if alert == ALL else alerts[alert]
        value = 100 * raised / float(worker_months) if worker_months else None
        out.add("integration", "alerts_per_100_worker_months", group, value, n, "per 100 worker-months", key=alert)
    out.count("integration", "fl_multi_cases", group, sum(f.within(c.forced_labour_multi_on) for c in cases))
    filed = [(c, g) for c in cases for g in c.grievances.values() if f.within(g.filed_on)]
    out.add("integration", "grievances_filed", group, len(filed), len({c.participant_id for c, _ in filed}),
            "grievances")  # fmt: skip
    resolved = [(c, g) for c in cases for g in c.grievances.values() if g.resolved_on and f.within(g.resolved_on)]
    days = [(g.resolved_on - g.filed_on).days for _, g in resolved if g.resolved_on]
    out.add("integration", "median_days_to_resolution", group, median(days) if days else None,
            len({c.participant_id for c, _ in resolved}), "days")  # fmt: skip
    out.add("integration", "completion_rate", group, _share(sum(s.completed for _, s in stays), len(stays)), n,
            "share")  # fmt: skip


def reintegration(out: _Figures, group: str, cases: Sequence[InsightsCase], f: Filters, p: InsightsPolicy) -> None:
    returns = [(c, date.fromisoformat(due), planned) for c in cases for due, planned in c.plans.items()
               if f.within(date.fromisoformat(due))]  # fmt: skip
    on_time = sum(planned is not None and planned <= due for _, due, planned in returns)
    out.add("reintegration", "plans_within_due", group, _share(on_time, len(returns)),
            len({c.participant_id for c, _, _ in returns}), "share")  # fmt: skip
    followed = [c.followup for c in cases if c.followup and f.within(c.followup.surveyed_on)]
    n = len(followed)
    series: dict[str, list[float]] = defaultdict(list)
    for followup in followed:
        for dimension, score in followup.scores.items():
            series[dimension].append(float(score))
        series["composite"].append(float(followup.composite))
    for dimension in sorted(series, key=lambda d: (d == "composite", d)):
        scores = series[dimension]
        out.add("reintegration", "score_mean", group, fmean(scores), n, "score 0..1", key=dimension)
        out.add("reintegration", "score_median", group, median(scores), n, "score 0..1", key=dimension)
        bands = {"low": sum(s < p.band_low_below for s in scores), "high": sum(s >= p.band_high_from for s in scores)}
        bands["medium"] = len(scores) - bands["low"] - bands["high"]
        for band in ("low", "medium", "high"):
            out.add("reintegration", f"score_share_{band}", group, bands[band] / len(scores), n, "share",
                    key=dimension)  # fmt: skip
    assessed = [c for c in cases if c.eligible is not None and f.within(c.eligibility_on)]
    out.add("reintegration", "eligible_share", group, _share(sum(bool(c.eligible) for c in assessed), len(assessed)),
            len(assessed), "share")  # fmt: skip


def standing(out: _Figures, parties: Sequence[PartyStanding], f: Filters) -> None:
    """Programme level: employers and recruiters by the standing they held at the end of the period (good is the rest).
    Neither partnership nor sector narrows it: a party works across partnerships, and its findings are not split."""
    held = Counter((p.party, p.standing_in(f.period_to)) for p in parties)
    for kind in PartyKind:
        for level in (Standing.WATCH, Standing.SUSPENSION_RECOMMENDED):
            count = held[(kind.value, level.value)]
            out.add("standing", f"{kind.value}s", ALL, count, count, f"{kind.value}s", key=level.value)


def _cells(
    cases: Iterable[InsightsCase], f: Filters, min_cell: int, dimensions: Callable[[InsightsCase], dict[str, str]]
) -> list[Cell]:
    counts: dict[tuple[tuple[tuple[str, str], ...], str], Counter[str]] = defaultdict(Counter)
    for case in cases:
        where = tuple(dimensions(case).items())
        for stage, day in _stage_days(case).items():
            if day is not None and f.within(day):
                counts[(where, day.strftime("%Y-%m"))][stage] += 1
    return [
        Cell(
            dimensions=dict(where),
            month=month,
            counts={s: None if 0 < tally[s] < min_cell else tally[s] for s in STAGES},
        )
        for (where, month), tally in sorted(counts.items())
    ]


def _where(case: InsightsCase) -> dict[str, str]:
    return {"partnership": case.partner_country or UNKNOWN, "destination": case.destination or UNKNOWN,
            "sector": case.sector or UNKNOWN}  # fmt: skip


def _programme(case: InsightsCase) -> dict[str, str]:
    return {"programme": case.programme or UNKNOWN, "funding": case.funding_source or UNKNOWN}


def report(
    cases: Iterable[InsightsCase], parties: Sequence[PartyStanding], filters: Filters, policy: InsightsPolicy
) -> Report:
    """Every figure of docs/insights.md for each partnership in the filters and for all of them together; the
    employers' and recruiters' standing for the programme."""
    taken = [c for c in cases if filters.takes(c)]
    groups = [filters.partnership] if filters.partnership else [*partnerships(), ALL]
    out, keys = _Figures(policy.min_cell), Keys.of(taken)
    for group in groups:
        mine = taken if group == ALL else [c for c in taken if c.partner_country == group]
        participants(out, group, mine, filters)
        recognition(out, group, mine, filters)
        recruitment(out, group, mine, filters, keys)
        recruitment_cost(out, group, mine, filters)
        integration(out, group, mine, filters, keys)
        reintegration(out, group, mine, filters, policy)
    standing(out, parties, filters)
    return Report(filters=filters, min_cell=policy.min_cell, groups=[str(g) for g in groups], figures=out.rows,
                  cells=_cells(taken, filters, policy.min_cell, _where),
                  programmes=_cells(taken, filters, policy.min_cell, _programme))  # fmt: skip
