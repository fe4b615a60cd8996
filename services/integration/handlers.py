"""Integration handlers: event in, monitoring logic, case saved, alerts, milestones and summaries emitted."""

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from contracts import EventData
from contracts.clock import DayStarted
from contracts.deployments import ContractEnded, ParticipantArrived
from contracts.monitoring import CheckInReported, GrievanceFiled, GrievanceResolved
from contracts.recruitment import PlacementCleared
from services.common.cases import advance_case, advance_due_cases
from services.common.handling import Context, Handler
from services.integration import case as logic
from services.integration.policy import IntegrationPolicy
from services.integration.state import IntegrationCase

CaseStep = Callable[[IntegrationCase, Any, date, IntegrationPolicy], tuple[IntegrationCase, list[EventData]]]
STEPS: dict[type[EventData], CaseStep] = {
    PlacementCleared: logic.on_placement_cleared,
    ParticipantArrived: logic.on_arrival,
    CheckInReported: logic.on_checkin,
    GrievanceFiled: logic.on_grievance_filed,
    GrievanceResolved: logic.on_grievance_resolved,
    ContractEnded: logic.on_contract_ended,
}


def on_event(ctx: Context, event: Any, step: CaseStep, policy: IntegrationPolicy) -> None:
    on = ctx.event.time.date()
    due = partial(logic.next_due, policy=policy)
    advance_case(ctx, event.participant_id, IntegrationCase, lambda case: step(case, event, on, policy), due)


def on_day(ctx: Context, event: DayStarted, policy: IntegrationPolicy) -> None:
    step = partial(logic.on_day, day=event.day, policy=policy)
    advance_due_cases(ctx, event.day, IntegrationCase, step, partial(logic.next_due, policy=policy))


def handlers(policy: IntegrationPolicy) -> dict[type[EventData], Handler]:
    mapping: dict[type[EventData], Handler] = {
        kind: partial(on_event, step=step, policy=policy) for kind, step in STEPS.items()
    }
    return {**mapping, DayStarted: partial(on_day, policy=policy)}
