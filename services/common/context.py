"""What a handler gets besides the payload: its batch's transaction and cases, the event, and a way to emit."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from contracts import Envelope, EventData, derive_id, new_envelope
from services.common.cases import CaseStore


@dataclass(frozen=True)
class Distinct:
    """An event to emit, told apart from other events of its type that one input emits by `key` (e.g. an offer id)."""

    data: EventData
    key: str


Emitted = EventData | Distinct


@dataclass
class Context:
    service: str
    output_topic: str | None  # None: a read model, which publishes nothing
    cases: CaseStore
    event: Envelope[Any]
    emitted: list[Envelope[Any]] = field(default_factory=list)
    _emitted_per_key: dict[tuple[str, str, str], int] = field(default_factory=dict)

    @property
    def session(self) -> Session:
        return self.cases.session

    def emit(self, out: Emitted, *, subject: str | None = None) -> None:
        """Emit with an id derived from the input event, so reprocessing emits the identical event. Several events of
        one type from one input are told apart by their `Distinct` key and then by their order."""
        if self.output_topic is None:
            raise RuntimeError(f"{self.service} has no output topic: it publishes nothing")
        data, discriminator = (out.data, out.key) if isinstance(out, Distinct) else (out, "")
        subject = subject or str(getattr(data, "participant_id", self.event.subject))
        key = (data.event_type, subject, discriminator)
        self._emitted_per_key[key] = order = self._emitted_per_key.get(key, -1) + 1
        parts = (self.service, data.event_type, subject, discriminator, str(order))
        self.emitted.append(
            new_envelope(
                data,
                id=derive_id(self.event.id, *parts),
                source=f"service/{self.service}",
                subject=subject,
                time=self.event.time,
                cause=self.event,
            )
        )


Handler = Callable[[Context, Any], None]
