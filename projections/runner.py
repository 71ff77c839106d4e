"""Applies Kafka records to one projection: a batch in one transaction when it can, one event at a
time with retries when the batch fails, and a dead letter for an event that keeps failing."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from opentelemetry import trace
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contracts.envelope import EventEnvelope
from contracts.events import DomainEvent, event_class
from infra.telemetry import context_from_headers, tracer
from projections import tracking
from projections.projection import Projection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """The parts of a Kafka record a projection needs."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


class DeadLetters(Protocol):
    async def send(self, record: Record, projection: str, error: str) -> None: ...


@dataclass
class Outcome:
    applied: int = 0
    duplicates: int = 0
    skipped: int = 0
    dead_lettered: list[str] = field(default_factory=list)


def event_type_of(record: Record) -> str | None:
    for name, value in record.headers:
        if name == "ce_type":
            return value.decode(errors="replace")
    return None


def decode(record: Record) -> tuple[EventEnvelope, DomainEvent]:
    envelope = EventEnvelope.from_headers(record.headers)
    event = event_class(envelope.type).model_validate(json.loads(record.value or b"null"))
    return envelope, event


def is_transient(error: BaseException) -> bool:
    """The database or network failed, not the event: retrying later can succeed."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OperationalError | InterfaceError | OSError | TimeoutError)


class ProjectionRunner:
    def __init__(
        self,
        projection: Projection,
        engine: AsyncEngine,
        dead_letters: DeadLetters,
        *,
        max_attempts: int = 3,
        retry_delay_s: float = 0.2,
    ) -> None:
        self.projection = projection
        self.engine = engine
        self.dead_letters = dead_letters
        self.max_attempts = max_attempts
        self.retry_delay_s = retry_delay_s

    async def process(self, records: Sequence[Record]) -> Outcome:
        outcome = Outcome()
        relevant = [r for r in records if event_type_of(r) in self.projection.handles]
        outcome.skipped = len(records) - len(relevant)
        if not relevant:
            return outcome
        try:
            async with self.engine.begin() as connection:
                await self._share_lock(connection)
                for record in relevant:
                    await self._apply(connection, record, outcome)
            return outcome
        except Exception as failure:  # one bad event must not hold back the others
            if is_transient(failure):
                raise
            log.warning("batch of %s failed; retrying event by event", self.projection.name)
        outcome = Outcome(skipped=outcome.skipped)
        for record in relevant:
            await self._process_alone(record, outcome)
        return outcome

    async def _process_alone(self, record: Record, outcome: Outcome) -> None:
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with self.engine.begin() as connection:
                    await self._share_lock(connection)
                    await self._apply(connection, record, outcome)
                return
            except Exception as failure:  # the worker's edge: log with the event, retry, park
                if is_transient(failure):
                    # Not the event's fault: the consumer reads the batch again later.
                    raise
                error = f"{type(failure).__name__}: {failure}"
                log.warning(
                    "projection %s: attempt %d at %s@%d failed: %s",
                    self.projection.name, attempt, record.topic, record.offset, error,
                )  # fmt: skip
                await asyncio.sleep(self.retry_delay_s * attempt)
        await self._park(record, error, outcome)

    async def _apply(self, connection: AsyncConnection, record: Record, outcome: Outcome) -> None:
        envelope, event = decode(record)
        with tracer().start_as_current_span(
            f"project {self.projection.name} {envelope.type}",
            context=context_from_headers(dict(record.headers)),
            kind=trace.SpanKind.CONSUMER,
        ) as span:
            span.set_attribute("messaging.message.id", str(envelope.id))
            if not await tracking.claim(connection, self.projection.name, envelope.id):
                outcome.duplicates += 1
                return
            await self.projection.apply(connection, envelope, event)
            await tracking.advance(
                connection, self.projection.name, envelope.aggregateid, envelope.aggregateversion
            )
            outcome.applied += 1

    async def _park(self, record: Record, error: str, outcome: Outcome) -> None:
        await self.dead_letters.send(record, self.projection.name, error)
        try:
            envelope = EventEnvelope.from_headers(record.headers)
        except ValueError:
            envelope = None
        if envelope is not None:
            async with self.engine.begin() as connection:
                await tracking.claim(connection, self.projection.name, envelope.id, dead=True)
                # Parked counts as handled: a consistency wait for it must not hang.
                await tracking.advance(
                    connection,
                    self.projection.name,
                    envelope.aggregateid,
                    envelope.aggregateversion,
                )
        outcome.dead_lettered.append(f"{record.topic}@{record.partition}:{record.offset}")
        log.error("projection %s dead-lettered %s: %s", self.projection.name, record.offset, error)

    async def _share_lock(self, connection: AsyncConnection) -> None:
        # Live batches share the lock; a rebuild holds it exclusively and they wait for it.
        await connection.execute(
            text("SELECT pg_advisory_xact_lock_shared(:k)"),
            {"k": tracking.lock_key(self.projection.name)},
        )
