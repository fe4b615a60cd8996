"""`python -m deploy.topics`: create every topic with its partition count, then print what the broker holds.

The one-shot step of compose and Kubernetes. It reuses the services' own rule (`mobility.clock` 1 partition, the
others TOPIC_PARTITIONS) so the two cannot drift. Existing topics are left as they are. TOPIC_REPLICATION_FACTOR
(default 1) is the same setting the services use. With ACLs on, run it as a super user (KAFKA_SASL_USERNAME).
"""

import asyncio

from aiokafka.admin import AIOKafkaAdminClient

from contracts.topics import ALL
from services.common.kafka import ensure_topics
from services.common.settings import KafkaSecurity, ServiceSettings, kafka_client_options


async def create_and_describe(
    bootstrap_servers: str, partitions: int, replication: int, security: KafkaSecurity
) -> None:
    await ensure_topics(bootstrap_servers, ALL, partitions, replication, security)
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, client_id="mobility-topics", **kafka_client_options(security)
    )
    await admin.start()
    try:
        for topic in sorted(await admin.describe_topics(list(ALL)), key=lambda t: str(t["topic"])):
            replicas = {len(p["replicas"]) for p in topic["partitions"]}
            print(f"{topic['topic']}: {len(topic['partitions'])} partitions, replication {min(replicas)}", flush=True)
    finally:
        await admin.close()


def main() -> None:
    s = ServiceSettings()
    asyncio.run(
        create_and_describe(s.kafka_bootstrap_servers, s.topic_partitions, s.topic_replication_factor, s.kafka_security)
    )


if __name__ == "__main__":
    main()
