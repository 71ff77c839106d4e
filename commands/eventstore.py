"""The event store in PostgreSQL: streams with a version, events with a global position, and the
outbox row of every event written in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from commands.actors import Actor
from commands.errors import ConcurrencyError
from contracts.envelope import EventEnvelope, source_of
from contracts.events import DomainEvent, EventTypes


@dataclass(frozen=True)
class MessageContext:
    """Who and what caused the events being written."""

    correlation_id: str
    # Every event names who caused it (`ce_actor`); the bus always says who, and a write
    # without a sender (a test, a repair) is nobody's.
    actor: str = Actor.anonymous().id
    causation_id: str | None = None
    traceparent: str | None = None


class EventStore:
    def __init__(
        self, connection: AsyncConnection, context: MessageContext, event_types: EventTypes
    ) -> None:
        self.connection = connection
        self.context = context
        self.event_types = event_types

    async def stream_type(self, stream_id: str) -> str | None:
        found = await self.connection.scalar(
            text("SELECT stream_type FROM event_streams WHERE stream_id = :s"), {"s": stream_id}
        )
        return str(found) if found is not None else None

    async def load(self, stream_id: str) -> list[DomainEvent]:
        rows = await self.connection.execute(
            text("SELECT event_type, data FROM events WHERE stream_id = :s ORDER BY version"),
            {"s": stream_id},
        )
        return [self.event_types.of(row.event_type).model_validate(row.data) for row in rows]

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        expected_version: int,
        events: Sequence[DomainEvent],
    ) -> None:
        """Append `events` after `expected_version`; raise ConcurrencyError if the stream moved.

        The version check takes the stream row's lock, so a concurrent append waits for this
        transaction and then finds the version changed: a conflict, never a lost update.
        """
        new_version = expected_version + len(events)
        if expected_version == 0:
            moved = await self.connection.execute(
                text(
                    "INSERT INTO event_streams (stream_id, stream_type, version) "
                    "VALUES (:s, :t, :v) ON CONFLICT DO NOTHING RETURNING 1"
                ),
                {"s": stream_id, "t": stream_type, "v": new_version},
            )
        else:
            moved = await self.connection.execute(
                text(
                    "UPDATE event_streams SET version = :v, updated_at = now() "
                    "WHERE stream_id = :s AND version = :expected RETURNING 1"
                ),
                {"s": stream_id, "v": new_version, "expected": expected_version},
            )
        if moved.first() is None:
            raise ConcurrencyError(f"stream {stream_id} is no longer at version {expected_version}")
        now = datetime.now(UTC)
        for offset, event in enumerate(events, start=1):
            await self._insert(stream_id, expected_version + offset, event, now)

    async def _insert(
        self, stream_id: str, version: int, event: DomainEvent, now: datetime
    ) -> None:
        envelope = self._envelope(stream_id, version, event, now)
        payload = event.model_dump(mode="json")
        metadata = envelope.model_dump(mode="json", exclude_none=True)
        await self.connection.execute(
            text(
                "INSERT INTO events (event_id, stream_id, version, event_type, data, metadata, "
                "recorded_at) VALUES (:id, :s, :v, :t, CAST(:data AS jsonb), "
                "CAST(:meta AS jsonb), :at)"
            ),
            {
                "id": envelope.id,
                "s": stream_id,
                "v": version,
                "t": envelope.type,
                "data": json.dumps(payload),
                "meta": json.dumps(metadata),
                "at": now,
            },
        )
        await self.connection.execute(
            text(
                "INSERT INTO outbox (event_id, topic, message_key, headers, payload) "
                "VALUES (:id, :topic, :key, CAST(:headers AS jsonb), CAST(:payload AS jsonb))"
            ),
            {
                "id": envelope.id,
                "topic": event.topic(),
                "key": stream_id,
                "headers": json.dumps({k: v.decode() for k, v in envelope.to_headers()}),
                "payload": json.dumps(payload),
            },
        )

    def _envelope(
        self, stream_id: str, version: int, event: DomainEvent, now: datetime
    ) -> EventEnvelope:
        return EventEnvelope(
            id=uuid4(),
            source=source_of(event.context),
            type=event.event_type(),
            time=now,
            subject=stream_id,
            aggregateid=stream_id,
            aggregateversion=version,
            correlationid=self.context.correlation_id,
            causationid=self.context.causation_id,
            actor=self.context.actor,
            traceparent=self.context.traceparent,
        )
