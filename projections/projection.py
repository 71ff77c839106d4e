"""What a projection is: a named read model fed by some event types of some topics."""

from __future__ import annotations

from typing import ClassVar, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.envelope import EventEnvelope
from contracts.events import DomainEvent


class Projection(Protocol):
    name: ClassVar[str]
    topics: ClassVar[tuple[str, ...]]
    handles: ClassVar[frozenset[str]]
    """Event types (`pacer.<context>.<Name>.v<n>`) this projection applies; others are skipped."""
    tables: ClassVar[tuple[str, ...]]
    """Read tables it owns: emptied before a rebuild and compared by the rebuild test."""

    async def apply(
        self, connection: AsyncConnection, envelope: EventEnvelope, event: DomainEvent
    ) -> None:
        """Change the read model for one event, inside the caller's transaction."""
