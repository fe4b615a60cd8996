"""The plan's due date on event time: a day past it without a plan makes the plan overdue (RI-PLAN-1 missed)."""

from datetime import date, timedelta

from contracts.reintegration import ReintegrationPlanOverdue
from contracts.returns import ParticipantReturned
from services.reintegration.rules.plan import plan_due_by
from services.reintegration.rules.policy import ReintegrationPolicy
from services.reintegration.rules.sources import SOURCE_PLAN


def overdue_from(returned: ParticipantReturned, policy: ReintegrationPolicy) -> date:
    """The first day on which a plan not yet made is overdue: the day after its due date."""
    return plan_due_by(returned, policy) + timedelta(days=1)


def is_overdue(returned: ParticipantReturned, day: date, policy: ReintegrationPolicy) -> bool:
    return day >= overdue_from(returned, policy)


def plan_overdue(
    returned: ParticipantReturned, missing: list[str], day: date, policy: ReintegrationPolicy
) -> ReintegrationPlanOverdue:
    """RI-PLAN-1 missed: no plan by the due date, and what the plan still waits for."""
    due = plan_due_by(returned, policy)
    waits = f" It waited for: {', '.join(missing)}." if missing else ""
    return ReintegrationPlanOverdue(
        participant_id=returned.participant_id,
        due_on=due,
        source=SOURCE_PLAN,
        missing=missing,
        rule_id="RI-PLAN-1",
        evidence={
            "returned_on": returned.returned_on.isoformat(),
            "due_on": due.isoformat(),
            "plan_due_days": policy.plan_due_days,
            "checked_on": day.isoformat(),
            "plan_made": False,
        },
        explanation=f"No reintegration plan was made by its due date {due}, {policy.plan_due_days} days after the "
        f"return on {returned.returned_on}.{waits} A plan from what is known is made now.",
    )
