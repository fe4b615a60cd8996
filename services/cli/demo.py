"""The demo: sample participants from every partner country, published stage by stage as their lives unfold."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from contracts import Envelope, topics
from contracts.types import PartnerCountry
from services.cli.bus import Received, TopicReader, publish
from services.cli.journeys import JourneyPlan, sample_journey
from services.cli.settle import settle

OUTPUTS = (topics.RECOGNITION, topics.RECRUITMENT, topics.INTEGRATION, topics.REINTEGRATION)
STAGES = (
    ("registrations and qualifications", ("participant.registered", "qualification.submitted")),
    ("job offers", ("job.offered",)),
    ("signed contracts", ("contract.signed",)),
    ("arrivals of cleared participants", ("participant.arrived",)),
    ("monthly check-ins", ("checkin.reported",)),
    ("contract ends", ("contract.ended",)),
    ("returns home", ("participant.returned",)),
)
AFTER_PLACEMENT = 3
CLEARED = "recruitment.placement_cleared.v1"

Report = Callable[[str], None]


def demo_plans() -> list[JourneyPlan]:
    """One participant per partner country; the Egyptian participant's recruiter charges a fee."""
    fee = {PartnerCountry.EG: Decimal("450.00")}
    return [JourneyPlan(f"P-{c.value}-0001", country=c, worker_fee=fee.get(c, Decimal(0))) for c in PartnerCountry]


def _events(journeys: dict[str, list[Envelope[Any]]], ids: list[str], names: tuple[str, ...]) -> list[Envelope[Any]]:
    wanted = {f"mobility.{name}.v1" for name in names}
    return [e for pid in ids for e in journeys[pid] if e.type in wanted]


async def run_demo(bootstrap: str, plans: list[JourneyPlan], report: Report) -> list[Received]:
    """Publish the journeys stage by stage, letting the services settle in between, and return their decisions."""
    journeys = {plan.participant_id: sample_journey(plan) for plan in plans}
    ids = list(journeys)
    async with TopicReader(bootstrap, OUTPUTS) as reader:
        for number, (title, names) in enumerate(STAGES):
            if number == AFTER_PLACEMENT:
                await reader.poll(500)
                cleared = {r.envelope.subject for r in reader.records if r.envelope and r.envelope.type == CLEARED}
                ids = [pid for pid in ids if pid in cleared]
            report(f"publishing {title} ({len(ids)} participants)")
            await publish(bootstrap, _events(journeys, ids, names))
            await settle(bootstrap)
        await reader.poll(500)
        return [r for r in reader.records if r.envelope and r.envelope.subject in journeys]
