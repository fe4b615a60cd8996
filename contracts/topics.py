"""Kafka topic names (docs/design.md, "Topics")."""

PARTICIPANTS = "mobility.participants"
QUALIFICATIONS = "mobility.qualifications"
OFFERS = "mobility.offers"
DEPLOYMENTS = "mobility.deployments"
MONITORING = "mobility.monitoring"
RETURNS = "mobility.returns"
CLOCK = "mobility.clock"

INBOUND = (PARTICIPANTS, QUALIFICATIONS, OFFERS, DEPLOYMENTS, MONITORING, RETURNS, CLOCK)

RECOGNITION = "recognition.events"
RECRUITMENT = "recruitment.events"
INTEGRATION = "integration.events"
REINTEGRATION = "reintegration.events"

OUTBOUND = (RECOGNITION, RECRUITMENT, INTEGRATION, REINTEGRATION)
SERVICES = ("recognition", "recruitment", "integration", "reintegration")  # each decides and publishes
READ_MODELS = ("insights",)  # read everything, publish nothing but their dead letters

# What each service reads besides PARTICIPANTS, which every one reads (registrations, erasure requests). Kept here,
# beside the names, so that a tool that waits for the services' consumer groups (`mobility replay`) knows their
# inputs without importing the services.
READS: dict[str, tuple[str, ...]] = {
    "recognition": (QUALIFICATIONS, CLOCK),
    "recruitment": (RECOGNITION, OFFERS, INTEGRATION, CLOCK),
    "integration": (RECRUITMENT, DEPLOYMENTS, MONITORING, CLOCK),
    "reintegration": (INTEGRATION, RETURNS, CLOCK),
    "insights": (QUALIFICATIONS, OFFERS, DEPLOYMENTS, MONITORING, RETURNS, *OUTBOUND),
}


def with_participants(reads: tuple[str, ...]) -> tuple[str, ...]:
    """Every topic a service's consumer group reads: PARTICIPANTS first, then what it reads besides."""
    return (PARTICIPANTS, *(topic for topic in reads if topic != PARTICIPANTS))


INPUTS = {service: with_participants(reads) for service, reads in READS.items()}


def dead_letter_topic(service: str) -> str:
    """The dead-letter topic of a service."""
    return f"{service}.dlq"


ALL = INBOUND + OUTBOUND + tuple(dead_letter_topic(s) for s in (*SERVICES, *READ_MODELS))
