"""A stack for fault injection: one broker and four service processes that can be stopped, killed and restarted."""

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts import Envelope, topics
from contracts.topics import SERVICES, dead_letter_topic
from local.kafka import LocalKafka
from mobility.bus import Received
from mobility.journeys import generated_plans, sample_stream
from mobility.processes import ServiceProcess, start_services
from mobility.reading import read_until_idle
from mobility.stack import create_topics
from services.catalog import DECIDING

POISON = [
    b"{not json",
    b"",
    b"\xff\xfe\xfd",
    b'{"specversion": "1.0", "id": "not-a-uuid"}',
    b'{"specversion":"1.0","id":"6f1c1e53-4a34-4c4e-9a57-3b8b6f0e0001","type":"mobility.participant.teleported.v1",'
    b'"source":"agency/x","subject":"P-X","time":"2026-01-01T00:00:00Z","correlationid":'
    b'"6f1c1e53-4a34-4c4e-9a57-3b8b6f0e0001","data":{}}',
    json.dumps({"injection": "'; DROP TABLE case_state; --"}).encode(),
    b"x" * 300_000,
]


def stream_of(count: int, seed: int) -> list[Envelope[Any]]:
    return sample_stream(generated_plans(count, seed), tick_every_days=14)


def readers_of(topic: str) -> list[str]:
    return [spec.name for spec in DECIDING if topic in spec.input_topics]


@dataclass
class Outputs:
    """What the services published: decisions by id (with their bytes) and dead letters."""

    decisions: dict[str, bytes] = field(default_factory=dict)
    copies: Counter[str] = field(default_factory=Counter)
    dead_letters: Counter[tuple[str, bytes]] = field(default_factory=Counter)

    @classmethod
    def of(cls, records: list[Received]) -> "Outputs":
        outputs = cls()
        for r in records:
            if r.topic.endswith(".dlq"):
                letter = r.headers["dlq-id"]  # a relay crash may publish a dead letter twice, under one id
                outputs.copies[letter] += 1
                if outputs.copies[letter] == 1:
                    outputs.dead_letters[(r.topic, r.value)] += 1
            elif r.envelope is not None:
                outputs.decisions[str(r.envelope.id)] = r.value
                outputs.copies[str(r.envelope.id)] += 1
        return outputs


class FaultStack:
    """Broker + services on one data directory; everything can be restarted in place."""

    def __init__(self, root: Path, environment: dict[str, str] | None = None) -> None:
        self.root = root
        self.environment = environment or {}  # settings of every service
        self.kafka = LocalKafka(data_dir=root / "kafka")
        self.processes: dict[str, ServiceProcess] = {}
        self._armed: dict[str, dict[str, str]] = {}

    async def start(self) -> str:
        self.kafka.start()
        await create_topics(self.bootstrap)
        started = start_services(self.bootstrap, self.root / "services", environment=self.environment)
        self.processes = {p.name: p for p in started}
        return self.bootstrap

    @property
    def bootstrap(self) -> str:
        return self.kafka.bootstrap_servers

    def restart_broker(self) -> None:
        self.kafka.stop()
        self.kafka.start()

    def kill_service(self, name: str, crash_after_publish: int = 0) -> None:
        """SIGKILL and restart; with `crash_after_publish`, the restarted relay dies after that many publishes
        (before marking) — armed until it fires, even across further kills."""
        if crash_after_publish:
            self._armed[name] = {f"{name.upper()}_FAULT_CRASH_AFTER_PUBLISH": str(crash_after_publish)}
        process = self.processes[name]
        process.kill()
        process.start(self._armed.get(name))

    def revive(self) -> list[str]:
        """Restart services that died of an injected relay crash, disarmed; returns their names."""
        dead = [name for name, p in self.processes.items() if not p.running]
        for name in dead:
            self._armed.pop(name, None)
            self.processes[name].start()
        return dead

    async def outputs(self) -> Outputs:
        names = topics.OUTBOUND + tuple(dead_letter_topic(s) for s in SERVICES)
        return Outputs.of(await read_until_idle(self.bootstrap, names, idle_seconds=2))

    def state(self) -> dict[str, dict[str, Any]]:
        """Every service's case table: participant id -> case document."""
        result = {}
        for name in SERVICES:
            with sqlite3.connect(self.root / "services" / f"{name}.db") as db:
                rows = db.execute("select participant_id, state from case_state").fetchall()
            result[name] = {pid: json.loads(state) for pid, state in rows}
        return result

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()
        self.kafka.stop()
