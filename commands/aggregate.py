"""Event-sourced aggregates: state is rebuilt from events; decisions record new events."""

from __future__ import annotations

from typing import ClassVar, Self

from contracts.events import DomainEvent


class Aggregate:
    stream_type: ClassVar[str]

    def __init__(self, aggregate_id: str) -> None:
        self.id = aggregate_id
        self.version = 0
        self.pending: list[DomainEvent] = []

    @classmethod
    def rehydrate(cls, aggregate_id: str, history: list[DomainEvent]) -> Self:
        aggregate = cls(aggregate_id)
        for event in history:
            aggregate.apply(event)
            aggregate.version += 1
        return aggregate

    def record(self, event: DomainEvent) -> None:
        """Apply a new event and keep it for the unit of work to append."""
        self.apply(event)
        self.version += 1
        self.pending.append(event)

    @property
    def loaded_version(self) -> int:
        """The version this aggregate had when loaded: the append's expected version."""
        return self.version - len(self.pending)

    def apply(self, event: DomainEvent) -> None:
        raise NotImplementedError
