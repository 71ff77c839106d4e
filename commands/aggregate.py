"""Event-sourced aggregates: state is rebuilt from events; decisions record new events."""

from __future__ import annotations

from typing import ClassVar, Self
from uuid import UUID

from commands.errors import ConcurrencyError, ConflictError, NotFoundError
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


class Owned(Aggregate):
    """An aggregate that one athlete owns, changes at an expected version and may delete."""

    noun: ClassVar[str]
    athlete_id: UUID
    deleted: bool = False

    def check_owned_by(self, account_id: UUID) -> None:
        # Someone else's is reported as missing, so ids cannot be probed.
        if account_id != self.athlete_id:
            raise NotFoundError(f"{self.noun} {self.id} does not exist")

    def check_version(self, expected_version: int) -> None:
        if expected_version != self.version:
            raise ConcurrencyError(
                f"{self.noun} {self.id} is at version {self.version}, not {expected_version}"
            )

    def check_not_deleted(self) -> None:
        if self.deleted:
            raise ConflictError(f"{self.noun} {self.id} was deleted")
