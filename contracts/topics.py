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


def dead_letter_topic(service: str) -> str:
    """The dead-letter topic of a service."""
    return f"{service}.dlq"


ALL = INBOUND + OUTBOUND + tuple(dead_letter_topic(s) for s in (*SERVICES, *READ_MODELS))
