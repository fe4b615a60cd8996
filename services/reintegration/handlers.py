"""Reintegration handlers: event in, plan/score/circularity logic, case saved, decisions emitted."""

from functools import partial

from contracts import EventData
from contracts.clock import DayStarted
from contracts.integration import IntegrationSummarised
from contracts.returns import FollowUpReported, ParticipantReturned
from services.common.cases import Step, advance_case, advance_due_cases
from services.common.handling import Context, Handler
from services.reintegration import case as logic
from services.reintegration.case import ReintegrationCase
from services.reintegration.policy import ReintegrationPolicy


def _advance(ctx: Context, participant_id: str, step: Step[ReintegrationCase], policy: ReintegrationPolicy) -> None:
    due = partial(logic.next_check_on, policy=policy)
    advance_case(ctx, participant_id, lambda: ReintegrationCase(participant_id=participant_id), step, due)


def on_summary(ctx: Context, event: IntegrationSummarised, policy: ReintegrationPolicy) -> None:
    today = ctx.event.time.date()
    _advance(ctx, event.participant_id, lambda case: logic.on_summary(case, event, today, policy), policy)


def on_returned(ctx: Context, event: ParticipantReturned, policy: ReintegrationPolicy) -> None:
    today = ctx.event.time.date()
    _advance(ctx, event.participant_id, lambda case: logic.on_return(case, event, today, policy), policy)


def on_followup(ctx: Context, event: FollowUpReported, policy: ReintegrationPolicy) -> None:
    _advance(ctx, event.participant_id, lambda case: logic.on_followup(case, event, policy), policy)


def on_day(ctx: Context, event: DayStarted, policy: ReintegrationPolicy) -> None:
    step = partial(logic.on_day, day=event.day, policy=policy)
    advance_due_cases(ctx, event.day, ReintegrationCase, step, partial(logic.next_check_on, policy=policy))


def handlers(policy: ReintegrationPolicy) -> dict[type[EventData], Handler]:
    return {
        IntegrationSummarised: partial(on_summary, policy=policy),
        ParticipantReturned: partial(on_returned, policy=policy),
        FollowUpReported: partial(on_followup, policy=policy),
        DayStarted: partial(on_day, policy=policy),
    }
