"""The outbox relay: publishes committed outbox rows to Kafka, in order, at least once.

- Idempotent producer with `acks=all`; the record key is the aggregate id, so one aggregate's
  events share a partition and keep their order.
- A row is marked published only after the broker acknowledged it. A crash in between sends the
  row again on restart (consumers deduplicate by event id); a crash before publishing loses
  nothing, because the row is still unpublished.
- Batches are pipelined: the next is read and handed to the producer while the last awaits its
  acknowledgement, and a batch is marked by the statement that reads the batch after next (so a
  crash may send up to two batches again).
- One active relay at a time: the leader holds a PostgreSQL advisory lock on its own connection;
  standbys poll for it and take over when the leader's connection ends.
- The leader listens on the outbox's notification channel, which every append names on commit:
  it publishes as soon as a command commits, and looks on its own only every `IDLE_POLL_S`
  (rows written some other way, such as a repair).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any, cast

import asyncpg
from aiokafka import AIOKafkaProducer
from opentelemetry import trace
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.eventstore import OUTBOX_CHANNEL
from contracts.envelope import TRACEPARENT_HEADER
from infra.telemetry import context_from, traceparent_of, tracer

log = logging.getLogger(__name__)

LEADER_LOCK_KEY = 0x7061636572  # "pacer"
IDLE_POLL_S = 1.0
STANDBY_POLL_S = 1.0
RETRY_S = 2.0


MARK_AND_READ = (
    "WITH marked AS (UPDATE outbox SET published_at = now() WHERE id = ANY($2::bigint[])) "
    "SELECT id, topic, message_key, headers::text, payload::text FROM outbox "
    "WHERE published_at IS NULL AND NOT id = ANY($2::bigint[]) AND NOT id = ANY($3::bigint[]) "
    "ORDER BY id LIMIT $1"
)
"""Mark the rows Kafka acknowledged ($2) published, and read the next batch: the oldest rows
still unpublished, but for those marked here (the statement's snapshot still shows them
unpublished) and those in flight ($3). One round trip a batch."""
MARK = "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])"


@dataclass
class _InFlight:
    """A batch handed to the producer: its rows' ids and the producer's delivery futures."""

    ids: list[int]
    deliveries: list[asyncio.Future[Any]]

    async def settled_whole(self) -> bool:
        """Wait out what was sent, whatever the outcome; True if every row was sent and
        acknowledged. Otherwise its rows stay unpublished and are sent again (consumers
        deduplicate by event id)."""
        outcomes = await asyncio.gather(*self.deliveries, return_exceptions=True)
        sent_all = len(self.deliveries) == len(self.ids)
        return sent_all and not any(isinstance(outcome, BaseException) for outcome in outcomes)


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        producer: AIOKafkaProducer,
        *,
        batch_size: int = 500,
        topic_prefix: str = "",
    ) -> None:
        self.engine = engine
        self.producer = producer
        self.batch_size = batch_size
        self.topic_prefix = topic_prefix
        self.published = 0

    async def _publish(self, session: asyncpg.Connection, stop: asyncio.Event | None = None) -> int:
        """Publish the oldest unpublished rows until none is left or `stop` is set (on a session
        in autocommit: each statement its own); return how many were published.

        Each batch is read and handed to the producer while the one before is still awaiting
        the broker's acknowledgement; a batch is marked published once all of it was
        acknowledged, by the statement that reads the batch after next. The producer keeps the
        order of sends per partition, so pipelining keeps each aggregate's order.
        """
        total = 0
        flights: list[_InFlight] = []  # at most two: the one awaited, the one just sent
        acknowledged: list[int] = []  # their rows are marked by the next statement
        try:
            while True:
                if stop is not None and stop.is_set():
                    rows = []
                    if acknowledged:
                        await session.execute(MARK, acknowledged)
                else:
                    waiting = flights[0].ids if flights else []
                    rows = await session.fetch(
                        MARK_AND_READ, self.batch_size, acknowledged, waiting
                    )
                total += len(acknowledged)
                self.published += len(acknowledged)
                acknowledged = []
                if rows:
                    flight = _InFlight([row[0] for row in rows], [])
                    flights.append(flight)
                    publishing = tracer()  # once a batch: looking the provider up is not free
                    for row in rows:
                        flight.deliveries.append(await self._send(row, publishing))
                if len(flights) == 2 or (flights and not rows):
                    for delivery in flights[0].deliveries:
                        # One by one, not gathered: most are done by the time the one before
                        # is, and awaiting a done future schedules nothing (gathering added a
                        # callback to each, a fifth of the relay's CPU).
                        await delivery
                    acknowledged = flights.pop(0).ids
                elif not flights:
                    return total
        except BaseException:
            # Whatever Kafka acknowledged whole is still marked (a poison row must not make
            # each retry send the batch before it again); the rest stays unpublished.
            delivered = list(acknowledged)
            for flight in flights:
                if await flight.settled_whole():
                    delivered += flight.ids
            if delivered:
                with contextlib.suppress(Exception):  # the session itself may be what failed
                    await session.execute(MARK, delivered)
                    self.published += len(delivered)
            raise

    async def _send(self, row: asyncpg.Record, publishing: trace.Tracer) -> asyncio.Future[Any]:
        _, topic, key, stored_headers, payload = row
        headers: dict[str, str] = json.loads(stored_headers)
        # The row's `traceparent` is the command's; the publish span continues that trace and
        # the record carries the publish span's own onwards, as its one trace header. The span
        # is not made current (attaching and detaching a context per record cost a tenth of
        # the relay's CPU).
        span = publishing.start_span(
            f"publish {topic}",
            context=context_from(headers.pop(TRACEPARENT_HEADER, None)),
            kind=trace.SpanKind.PRODUCER,
        )
        try:
            traceparent = traceparent_of(span)
            if traceparent:
                headers[TRACEPARENT_HEADER] = traceparent
            future: asyncio.Future[Any] = await self.producer.send(
                self.topic_prefix + topic,
                value=payload.encode(),
                key=key.encode(),
                headers=[(name, value.encode()) for name, value in headers.items()],
            )
        except Exception as error:
            span.record_exception(error)
            span.set_status(trace.StatusCode.ERROR, type(error).__name__)
            raise
        finally:
            span.end()
        return future

    async def drain(self) -> int:
        """Publish until nothing is pending, as the leader does (without taking the lock);
        return the number published."""
        async with self.engine.connect() as connection:
            # The driver's connection, used alone: asyncpg runs each statement in autocommit.
            raw = await connection.get_raw_connection()
            return await self._publish(cast(asyncpg.Connection, raw.driver_connection))

    async def run(self, stop: asyncio.Event) -> None:
        """Wait to become leader, then publish until `stop` is set.

        An outage of PostgreSQL or Kafka does not end the relay: it gives up leadership (its
        lock goes with its connection), waits, and competes for leadership again.
        """
        while not stop.is_set():
            try:
                await self._lead(stop)
            except Exception:  # the relay's edge: an outage must not end the process
                log.exception("relay lost its connection; retrying in %.0f s", RETRY_S)
                await _sleep_unless(stop, RETRY_S)

    async def _lead(self, stop: asyncio.Event) -> None:
        async with self.engine.connect() as connection:
            # Autocommit: the lock is held by the session, not by a transaction left open.
            leadership = await connection.execution_options(isolation_level="AUTOCOMMIT")
            key = {"k": LEADER_LOCK_KEY}
            while not await leadership.scalar(text("SELECT pg_try_advisory_lock(:k)"), key):
                if await _sleep_unless(stop, STANDBY_POLL_S):
                    return
            log.info("relay is the leader")
            appended = asyncio.Event()

            def notified(*_: object) -> None:  # an append committed, or the session ended
                appended.set()

            session: asyncpg.Connection | None = None
            released = False
            try:
                raw = await leadership.get_raw_connection()
                session = cast(asyncpg.Connection, raw.driver_connection)
                session.add_termination_listener(notified)
                await session.add_listener(OUTBOX_CHANNEL, notified)
                while not stop.is_set():
                    # Cleared before the look: an append committed during it wakes the wait.
                    appended.clear()
                    # On the session that holds the lock, so each batch's read proves it still
                    # holds it (it fails once the session is gone, before a standby could be
                    # publishing too); in autocommit, a batch's rows are marked published by
                    # the statement that reads the batch after next. One round trip per batch
                    # (and one to end a drain), one per idle look.
                    await self._publish(session, stop)
                    await _wait_for(appended, stop, IDLE_POLL_S)
            finally:
                with contextlib.suppress(Exception):
                    await leadership.scalar(text("SELECT pg_advisory_unlock(:k)"), key)
                    released = True
                if not released:
                    # Never back into the pool holding the lock: closed, its session ends, and
                    # the lock with it.
                    with contextlib.suppress(Exception):
                        await leadership.invalidate()
                elif session is not None:
                    session.remove_termination_listener(notified)
                    with contextlib.suppress(Exception):
                        await session.remove_listener(OUTBOX_CHANNEL, notified)


async def _wait_for(appended: asyncio.Event, stop: asyncio.Event, seconds: float) -> None:
    """Until an append was notified, `stop` is set, or `seconds` passed."""
    waits = [asyncio.ensure_future(appended.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep, waking early when `stop` is set; True if it was."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def backlog(engine: AsyncEngine) -> tuple[int, float]:
    """How many outbox rows are unpublished, and the age in seconds of the oldest (0 when none
    is): what the relay's metrics report. Both read the partial index of unpublished rows."""
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL), "
                    "coalesce(extract(epoch FROM now() - (SELECT created_at FROM outbox "
                    "WHERE published_at IS NULL ORDER BY id LIMIT 1)), 0)"
                )
            )
        ).one()
    return int(row[0]), float(row[1])
