"""Applies events to one projection: a whole batch in one transaction with set-based SQL when it
can; when the batch fails, one event at a time with retries, and an event that keeps failing is
parked (dead-lettered) so it never blocks the others. A database or network outage is not the
events' fault: it is raised, and the caller reads the batch again later."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from opentelemetry import trace
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contracts.envelope import EventEnvelope, EventIdentity
from contracts.personal import OPEN, Opener, accounts_of, decode_sealed, sealed_subjects
from infra.consumers import ParkedEvent, describe, is_transient, park
from infra.kafka import DeadLetters, Record
from infra.subject_keys import ring_in
from infra.telemetry import context_from_headers, tracer, tracing_enabled
from projections import tracking
from projections.projection import Applied, Projection

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Pending:
    """A decoded event to apply, and how to get the record it came from (for a dead letter)."""

    applied: Applied[Any]
    source: Callable[[], Record]
    traced: bool = False
    """It came from Kafka and may carry a trace context to continue."""
    partition: str | None = None
    """The Kafka partition (`topic/partition`) it was read from, if it was."""
    sealed: str | bytes | None = None
    """The event as it came, when it holds sealed personal values: they are opened with the
    keys as they are in the applying transaction."""


@dataclass
class Prepared:
    """A decoded batch: what to apply, what could not be decoded (and why), how much was not
    this projection's."""

    pending: list[Pending] = field(default_factory=list)
    undecodable: list[tuple[Record, str]] = field(default_factory=list)
    skipped: int = 0


@dataclass
class Outcome:
    applied: int = 0
    duplicates: int = 0
    skipped: int = 0
    parked: list[ParkedEvent] = field(default_factory=list)


class ProjectionRunner:
    def __init__(
        self,
        projection: Projection,
        engine: AsyncEngine,
        dead_letters: DeadLetters,
        *,
        max_attempts: int = 3,
        retry_delay_s: float = 0.2,
        schema: str | None = None,
        positions: tracking.Positions | None = None,
    ) -> None:
        self.projection = projection
        self.engine = engine
        self.dead_letters = dead_letters
        self.max_attempts = max_attempts
        self.retry_delay_s = retry_delay_s
        self.schema = schema
        """Apply to the tables of this schema instead of the live ones (a rebuild's shadow)."""
        self.positions = positions or tracking.LivePositions()

    async def process(self, records: Sequence[Record]) -> Outcome:
        """Apply Kafka records: those of other event types are skipped, undecodable ones parked."""
        return await self.apply_prepared(self.prepare(records))

    def prepare(self, records: Sequence[Record]) -> Prepared:
        """Decode a batch (no I/O: a consumer decodes the next batch while one is applied)."""
        prepared = Prepared()
        handled = self.projection.event_classes
        for record in records:
            headers = dict(record.headers)
            event_class = handled.get(headers.get("ce_type", b"").decode(errors="replace"))
            if event_class is None:
                prepared.skipped += 1
                continue
            try:
                identity = EventIdentity.from_headers(headers)
                event, sealed = decode_sealed(event_class, record.value or b"null")
            except ValueError as error:  # pydantic's ValidationError included
                prepared.undecodable.append((record, describe(error)))
                continue
            applied = Applied(event, identity.id, identity.aggregateid, identity.aggregateversion)
            partition = f"{record.topic}/{record.partition}"
            prepared.pending.append(
                Pending(applied, partial(_itself, record), True, partition, sealed)
            )
        return prepared

    async def apply_prepared(self, prepared: Prepared) -> Outcome:
        """Apply the decoded events, then park the undecodable ones (parking one counts its
        version as applied, which must not hide its stream's earlier events)."""
        outcome = await self.apply(prepared.pending, Outcome(skipped=prepared.skipped))
        for record, error in prepared.undecodable:
            await self._park_record(record, error, outcome)
        return outcome

    async def apply(self, pending: Sequence[Pending], outcome: Outcome | None = None) -> Outcome:
        outcome = outcome or Outcome()
        if not pending:
            return outcome
        began = time.time_ns()
        try:
            async with self._transaction(alone=_erases(pending)) as connection:
                applied, duplicates = await self.apply_in(connection, pending)
        except Exception as failure:  # one bad event must not hold back the others
            if is_transient(failure):
                raise
            log.warning("batch of %s failed (%s); retrying event by event",
                        self.projection.name, describe(failure))  # fmt: skip
            for one in pending:
                await self._apply_alone(one, outcome)
            return outcome
        outcome.applied += len(applied)
        outcome.duplicates += duplicates
        self._trace(applied, began)
        return outcome

    @asynccontextmanager
    async def _transaction(self, alone: bool = False) -> AsyncIterator[AsyncConnection]:
        """One transaction of this projection: it shares the projection's lock with other live
        batches (a rebuild's swap takes it alone, as a batch holding an erasure does: `alone`),
        on the shadow schema for a rebuild."""
        committed = False
        try:
            async with self.engine.begin() as connection:
                if self.schema is not None:
                    await connection.execute(
                        text(f'SET LOCAL search_path TO "{self.schema}", public')
                    )
                    # A rebuild's shadow is discarded by a crash anyway: no waiting for the disk.
                    await connection.execute(text("SET LOCAL synchronous_commit = off"))
                if alone:  # taken at once: upgrading a shared lock could deadlock
                    await tracking.exclusive_lock(connection, self.projection.name)
                else:
                    await tracking.share_lock(connection, self.projection.name)
                yield connection
            committed = True
        finally:
            self.positions.settle(committed=committed)

    async def apply_in(
        self, connection: AsyncConnection, pending: Sequence[Pending]
    ) -> tuple[list[Pending], int]:
        """Apply what is new and skip what was applied before, in the caller's transaction;
        returns (applied, number of duplicates)."""
        table = self.projection.positions
        if _erases(pending):
            # Wait for this projection's batches in flight (they may have opened the subject's
            # values with its key just before it was destroyed), and hold off the next ones
            # (the caller's transaction took the lock alone already: a no-op then).
            await tracking.exclusive_lock(connection, self.projection.name)
        streams = {one.applied.stream_id for one in pending}
        partitions = {one.partition for one in pending if one.partition is not None}
        positions = await self.positions.claim(connection, table, streams, partitions)
        fresh: list[Pending] = []
        for one in pending:
            stream, version = one.applied.stream_id, one.applied.version
            if version > positions[stream]:
                positions[stream] = version
                fresh.append(one)
        if fresh:
            kept, left_out = await _opened(connection, fresh)
            forgotten = [
                one.applied for one in left_out
                if self.projection.forgets(one.applied.event.event_type())
            ]  # fmt: skip
            if kept or forgotten:
                await self.projection.apply(connection, [one.applied for one in kept], forgotten)
            reached = {one.applied.stream_id: positions[one.applied.stream_id] for one in fresh}
            await self.positions.record(connection, table, reached)
        return fresh, len(pending) - len(fresh)

    async def _apply_alone(self, one: Pending, outcome: Outcome) -> None:
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with self._transaction(alone=_erases([one])) as connection:
                    applied, duplicates = await self.apply_in(connection, [one])
                outcome.applied += len(applied)
                outcome.duplicates += duplicates
                return
            except Exception as failure:  # the consumer's edge: log with the event, retry, park
                if is_transient(failure):
                    raise
                error = describe(failure)
                log.warning("projection %s: attempt %d at event %s failed: %s",
                            self.projection.name, attempt, one.applied.event_id, error)  # fmt: skip
                await asyncio.sleep(self.retry_delay_s * attempt)
        await self._park(one, error, outcome)

    async def _park(self, one: Pending, error: str, outcome: Outcome) -> None:
        applied = one.applied
        parked = ParkedEvent(
            self.projection.name, applied.event_id, applied.event.event_type(),
            applied.stream_id, applied.version, error,
        )  # fmt: skip
        await self.park(parked, one.source(), outcome, one.partition)

    async def _park_record(self, record: Record, error: str, outcome: Outcome) -> None:
        """Park a record that cannot even be decoded: by its envelope's ids if it has one."""
        try:
            envelope = EventEnvelope.from_headers(record.headers)
        except ValueError:
            await self.dead_letters.send(record, self.projection.name, error)
            log.error(
                "projection %s dead-lettered %s: %s", self.projection.name, record.where, error
            )
            return
        parked = ParkedEvent(
            self.projection.name, envelope.id, envelope.type, envelope.aggregateid,
            envelope.aggregateversion, error,
        )  # fmt: skip
        await self.park(parked, record, outcome, f"{record.topic}/{record.partition}")

    async def park(
        self, parked: ParkedEvent, record: Record, outcome: Outcome, partition: str | None = None
    ) -> None:
        """Record the event as parked and count its version as handled (a consistency wait for
        it must not hang); the first time, also send it to the dead-letter topic, before the
        transaction commits (a failed send is retried with the batch)."""
        async with self._transaction() as connection:
            table = self.projection.positions
            await self.positions.claim(
                connection, table, [parked.stream_id], [partition] if partition else []
            )
            await self.positions.record(connection, table, {parked.stream_id: parked.version})
            if await park(connection, parked):
                await self.dead_letters.send(record, self.projection.name, parked.error)
        outcome.parked.append(parked)
        log.error("projection %s parked event %s: %s",
                  self.projection.name, parked.event_id, parked.error)  # fmt: skip

    def _trace(self, applied: Sequence[Pending], began_ns: int) -> None:
        """A span per event that came with a trace, as a child of the span that published it."""
        if not tracing_enabled():
            return
        ended = time.time_ns()
        for one in applied:
            if not one.traced:
                continue
            span = tracer().start_span(
                f"project {self.projection.name} {one.applied.event.event_type()}",
                context=context_from_headers(dict(one.source().headers)),
                kind=trace.SpanKind.CONSUMER,
                start_time=began_ns,
            )
            span.set_attribute("messaging.message.id", str(one.applied.event_id))
            span.end(end_time=ended)


def _erases(pending: Sequence[Pending]) -> bool:
    return any(one.applied.event.erases_subject for one in pending)


async def _opened(
    connection: AsyncConnection, fresh: Sequence[Pending]
) -> tuple[list[Pending], list[Pending]]:
    """The events to apply, personal values opened with the keys of this transaction, and those
    left out: an erased account's events (and those of its relations), but for its erasure, so
    nothing of it comes back."""
    accounts = [accounts_of(one.applied.event) for one in fresh]
    wanted = set().union(*accounts)
    for one in fresh:
        if one.sealed is not None:
            wanted |= sealed_subjects(one.sealed)
    if not wanted:
        return list(fresh), []
    ring = await ring_in(connection, wanted)
    opener = Opener(ring.keys)
    kept, left_out = [], []
    for one, named in zip(fresh, accounts, strict=True):
        event = one.applied.event
        if named & ring.erased and not event.erases_subject:
            left_out.append(one)
            continue
        if one.sealed is not None:
            one.applied.event = type(event).model_validate_json(one.sealed, context={OPEN: opener})
        kept.append(one)
    return kept, left_out


def _itself(record: Record) -> Record:
    return record
