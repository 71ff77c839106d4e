"""The event store in PostgreSQL: streams with a version, events with a global position, and the
outbox row of every event written in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

import asyncpg

from commands.actors import Actor
from commands.errors import ConcurrencyError, NotFoundError
from contracts.envelope import EventEnvelope, source_of
from contracts.events import DomainEvent, EventTypes
from contracts.personal import (
    OPEN,
    SEAL,
    Opener,
    Sealer,
    sealed_strings,
    sealed_subjects,
    sealing_subject,
    subject_of,
)
from infra.subject_keys import RememberedKeys, SubjectErasedError, SubjectKeys

OUTBOX_CHANNEL = "pacer_outbox"
"""PostgreSQL notification channel: an append names it on commit, waking the relay."""


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
        self,
        connection: asyncpg.Connection,
        context: MessageContext,
        event_types: EventTypes,
        remembered: RememberedKeys | None = None,
    ) -> None:
        self.connection = connection
        self.context = context
        self.event_types = event_types
        self.keys = SubjectKeys(connection, remembered)

    async def read(self, stream_id: str) -> tuple[str | None, list[DomainEvent]]:
        """The stream's type (None when there is no such stream) and its events in order, in
        one round trip (two when personal values are sealed: their keys are fetched and the
        values opened, an erased account's as `ERASED`)."""
        rows = await self.connection.fetch(
            "SELECT s.stream_type, e.event_type, e.data FROM event_streams s "
            "LEFT JOIN events e ON e.stream_id = s.stream_id "
            "WHERE s.stream_id = $1 ORDER BY e.version",
            stream_id,
        )
        if not rows:
            return None, []
        found = [row for row in rows if row["event_type"] is not None]
        sealed = {value for row in found for value in sealed_strings(row["data"])}
        context = None
        if sealed:
            subjects = sealed_subjects(" ".join(sealed))
            ring = await self.keys.ring(subjects)
            context = {OPEN: Opener(ring.keys)}
        events = [
            self.event_types.of(row["event_type"]).model_validate(row["data"], context=context)
            for row in found
        ]
        return str(rows[0]["stream_type"]), events

    async def append(
        self,
        stream_id: str,
        stream_type: str,
        expected_version: int,
        events: Sequence[DomainEvent],
    ) -> None:
        """Append `events` after `expected_version`; raise ConcurrencyError if the stream moved.

        One statement, one round trip: the stream row's version moves (or the stream is
        created), and only if it did are the events and their outbox rows inserted. The version
        check takes the stream row's lock, so a concurrent append waits for this transaction and
        then finds the version changed: a conflict, never a lost update. The stream moves only
        if no account whose values were sealed is erased by then (its key may have come from
        the process's memory): NotFoundError, as a fetched key would have said.
        """
        if not events:
            return
        new_version = expected_version + len(events)
        now = datetime.now(UTC)
        envelopes = [
            self._envelope(stream_id, expected_version + offset, event, now)
            for offset, event in enumerate(events, start=1)
        ]
        sealed_for: set[UUID] = set()
        payloads = [json.dumps(await self._payload(event, sealed_for)) for event in events]
        moved, erased, _ = await self.connection.fetchrow(
            _APPEND_NEW if expected_version == 0 else _APPEND_NEXT,
            stream_id,
            stream_type if expected_version == 0 else expected_version,
            new_version,
            now,
            [envelope.id for envelope in envelopes],
            [envelope.aggregateversion for envelope in envelopes],
            [envelope.type for envelope in envelopes],
            [event.topic() for event in events],
            payloads,
            [json.dumps(each.model_dump(mode="json", exclude_none=True)) for each in envelopes],
            [json.dumps({k: v.decode() for k, v in each.to_headers()}) for each in envelopes],
            list(sealed_for),
            OUTBOX_CHANNEL,
        )
        if erased:
            for subject in sealed_for:
                self.keys.forget(subject)
            raise NotFoundError(f"account {' or '.join(map(str, sealed_for))} does not exist")
        if not moved:
            raise ConcurrencyError(f"stream {stream_id} is no longer at version {expected_version}")

    async def _payload(self, event: DomainEvent, sealed_for: set[UUID]) -> dict[str, object]:
        """The event as stored and published: personal values sealed with its subject's key
        (the subject added to `sealed_for`)."""
        subject = sealing_subject(event)
        if subject is None:  # nothing personal, or every personal field empty
            plain: dict[str, object] = event.model_dump(mode="json")
            return plain
        try:
            sealer = Sealer(subject, await self.keys.key(subject))
        except SubjectErasedError as erased:
            raise NotFoundError(f"account {subject} does not exist") from erased
        sealed_for.add(subject)
        sealed: dict[str, object] = event.model_dump(mode="json", context={SEAL: sealer})
        return sealed

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
            datasubject=subject_of(event),
        )


# The events and their outbox rows are written only when `moved` did move the stream; outbox
# ids follow the events' order. $1 stream, $2 its type (new) or the expected version, $3 the new
# version, $4 the time; then one array per column: $5 event ids, $6 versions, $7 types, $8 topics,
# $9 payloads, $10 metadata, $11 headers; $12 the accounts sealed for, none of which may be
# erased (`kept` must find each one's key); $13 the outbox's channel, notified on a move (delivered
# at commit: the relay publishes at once, not at its next look). Answers whether the stream moved,
# and whether one of those accounts was erased.
_KEPT = (
    "WITH kept AS (SELECT count(*) AS n FROM subject_keys "
    "WHERE subject_id = ANY($12::uuid[]) AND data_key IS NOT NULL), "
)
_UNERASED = "(SELECT n FROM kept) = cardinality($12::uuid[])"
_WRITE = """,
written AS (
    INSERT INTO events (event_id, stream_id, version, event_type, data, metadata, recorded_at)
    SELECT e.id, $1, e.version, e.type, CAST(e.payload AS jsonb), CAST(e.meta AS jsonb), $4
    FROM unnest($5::uuid[], $6::integer[], $7::text[],
                $9::text[], $10::text[])
         AS e(id, version, type, payload, meta)
    WHERE EXISTS (SELECT 1 FROM moved)
    RETURNING 1
),
queued AS (
    INSERT INTO outbox (event_id, topic, message_key, headers, payload)
    SELECT o.id, o.topic, $1, CAST(o.headers AS jsonb), CAST(o.payload AS jsonb)
    FROM unnest($5::uuid[], $8::text[], $11::text[],
                $9::text[]) WITH ORDINALITY AS o(id, topic, headers, payload, n)
    WHERE EXISTS (SELECT 1 FROM moved)
    ORDER BY o.n
    RETURNING 1
),
signalled AS (SELECT pg_notify($13, '') FROM moved)
SELECT (SELECT count(*) FROM moved) AS moved,
       (SELECT n FROM kept) <> cardinality($12::uuid[]) AS erased,
       (SELECT count(*) FROM signalled) AS signalled
"""
_APPEND_NEW = (
    _KEPT + "moved AS (INSERT INTO event_streams (stream_id, stream_type, version) "
    f"SELECT $1, $2, $3 WHERE {_UNERASED} ON CONFLICT DO NOTHING RETURNING 1)" + _WRITE
)
_APPEND_NEXT = (
    _KEPT + "moved AS (UPDATE event_streams SET version = $3, updated_at = now() "  # noqa: S608
    f"WHERE stream_id = $1 AND version = $2 AND {_UNERASED} RETURNING 1)" + _WRITE
)
