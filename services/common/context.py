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

# Events a handling holds before they are written out (`Context.write_out`): a clock tick of a lagging service
# emits thousands, about 4 KiB each as envelope and outbox row; held until the batch commits, they would make its
# peak grow with the cases due.
EMITTED_HELD = 500


@dataclass
class Context:
    service: str
    output_topic: str | None  # None: a read model, which publishes nothing
    cases: CaseStore
    event: Envelope[Any]
    emitted: list[Envelope[Any]] = field(default_factory=list)  # emitted and not yet written out
    # Turns emitted events into the transaction's outbox rows, in order (None: they stay in `emitted`).
    write_out: Callable[[list[Envelope[Any]]], None] | None = None
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
        if self.write_out is not None and len(self.emitted) >= EMITTED_HELD:
            self.write_out(self.emitted)
            self.emitted = []


Handler = Callable[[Context, Any], None]
