"""Reactors: the one way a worker reacts to events.

A reactor is a named set of event handlers. The reactors of a process share one Kafka consumer
group, declared as one FastStream subscriber on a `KafkaRouter`, which hands each batch to every
reactor (each record is fetched once, each batch committed once):

    pinger = Reactor("pinger")

    @pinger.on(Pinged)
    async def answer(event: Pinged, reaction: Reaction) -> None:
        await reaction.send(AcknowledgePing(ping_id=event.ping_id))

A handler's effects are commands sent through the bus (`reaction.send`) and heavy jobs handed to
Dramatiq (`reaction.enqueue`), never writes to a read model. Each command goes out under the
idempotency key `<event id>:<n>` of the reactor's own actor, in the command's transaction: that
row is the reactor's tracking row, so a redelivered event (after a crash between the effect and
the ack, or a rebalance) replays the stored answers and causes nothing twice. A handler must
therefore build the same commands for the same event.

A command that reads a read model sees what its projector has applied, which may be less than
the event store holds: projectors and reactors read the topics side by side. A handler declared
`@reactor.on(RunRecorded, applied_by=RUNS)` runs once that read model has applied the event
(its stream's version, from the projections' positions); without it, two events that should
meet in read models (a run, and the plan workout it completes) can each be handled before the
other's projection and never meet.

Records are read in batches of what has arrived and committed explicitly once every effect of
the batch is done, by every reactor: a reactor waiting for its read model holds the next batch
back for all of them (the projectors feed every read model from one consumer too, so one behind
is all behind). A handler that keeps failing is parked (dead-letter topic and
`parked_events`) after `max_attempts`, and the reactor goes on; an outage of the database, Redis
or Kafka is retried, forever, without parking.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast
from uuid import NAMESPACE_URL, UUID, uuid5

import asyncpg
from faststream import AckPolicy
from faststream.kafka import KafkaMessage, KafkaRouter
from opentelemetry import trace
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus, Reply
from contracts.commands import Command
from contracts.consistency import positions_table
from contracts.envelope import EventEnvelope
from contracts.events import DomainEvent
from contracts.personal import (
    OPEN,
    Opener,
    Sealer,
    accounts_of,
    decode_sealed,
    sealed_subjects,
    sealing_subject,
)
from infra.consumers import ParkedEvent, describe, event_type_of, is_transient, park
from infra.kafka import DeadLetters, Record, as_record
from infra.positions import PositionSignals, wait_until_applied
from infra.subject_keys import SubjectErasedError, SubjectKeys, ring_now
from infra.telemetry import context_from_headers, tracer
from workers.jobs import Job, JobQueue

log = logging.getLogger(__name__)
E = TypeVar("E", bound=DomainEvent)
R = TypeVar("R", bound=BaseModel)
P = TypeVar("P", bound=BaseModel)
HandlerFn = Callable[[Any, "Reaction"], Awaitable[None]]
BATCH = 100  # records a reactor reads and commits at once


class ReactorDefinitionError(TypeError):
    """A reactor with two handlers for one event type, or none at all."""


@dataclass(frozen=True)
class _Handler(Generic[E]):
    event_class: type[E]
    handle: Callable[[E, Reaction], Awaitable[None]]
    applied_by: str | None = None


class Reactor:
    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: dict[str, _Handler[Any]] = {}

    def on(
        self, event_class: type[E], *, applied_by: str | None = None
    ) -> Callable[[Callable[[E, Reaction], Awaitable[None]]], Any]:
        """Declare the handler of one event type; with `applied_by`, it runs once that read
        model has applied the event (the handler's commands read it)."""

        def register(handle: Callable[[E, Reaction], Awaitable[None]]) -> Any:
            if event_class.event_type() in self._handlers:
                raise ReactorDefinitionError(f"{self.name} handles {event_class.__name__} twice")
            for event_type in event_class.type_names():
                self._handlers[event_type] = _Handler(event_class, handle, applied_by)
            return handle

        return register

    @property
    def event_classes(self) -> tuple[type[DomainEvent], ...]:
        return tuple(dict.fromkeys(handler.event_class for handler in self._handlers.values()))

    @property
    def topics(self) -> tuple[str, ...]:
        if not self._handlers:
            raise ReactorDefinitionError(f"reactor {self.name} declares no handlers")
        return tuple(sorted({handler.event_class.topic() for handler in self._handlers.values()}))

    @property
    def read_models(self) -> dict[type[DomainEvent], str]:
        """The read model each event must be applied by before its handler runs."""
        return {h.event_class: h.applied_by for h in self._handlers.values() if h.applied_by}

    @property
    def actor(self) -> Actor:
        return Actor.system(f"reactor:{self.name}")

    def handler_for(self, event_type: str | None) -> _Handler[Any] | None:
        return self._handlers.get(event_type or "")


def group_id(reactors: Sequence[str]) -> str:
    """The consumer group of a set of reactors: the reactors' one group, or a single
    reactor's own (a test's)."""
    if len(reactors) == 1:
        return f"pacer.reactor.{reactors[0]}"
    return "pacer.reactors"


class Reaction:
    """What a handler may do about one event: send commands and enqueue jobs, all of them
    caused by the event (causation id), in its correlation and trace."""

    def __init__(self, runtime: ReactorRuntime, reactor: Reactor, envelope: EventEnvelope) -> None:
        self._runtime = runtime
        self._reactor = reactor
        self.envelope = envelope
        self._effects = 0

    def _next_key(self) -> str:
        self._effects += 1
        return f"{self.envelope.id}:{self._effects}"

    async def send(self, command: Command[R]) -> Reply[R]:
        """Send a command caused by the event. A handler must build the same commands for the
        same event (ids derived from the event): if it does not, the command's key was used
        before with another command, that error parks the event, and the park says why."""
        return await self._runtime.bus.dispatch(
            command,
            self._reactor.actor,
            self._next_key(),
            correlation_id=self.envelope.correlationid,
            causation_id=str(self.envelope.id),
        )

    async def enqueue(self, job: Job[P], payload: P, *, delay_s: float | None = None) -> UUID:
        """Hand heavy work to a Dramatiq worker (no sooner than `delay_s` from now, if given);
        its outcome comes back as a command. The job's id is derived from the event, so a
        redelivered event names the same job."""
        job_id = uuid5(NAMESPACE_URL, f"pacer:{self._reactor.name}:{self._next_key()}")
        seal = None
        if (subject := sealing_subject(payload)) is not None:  # it waits in Redis sealed
            try:
                async with self._runtime.engine.begin() as connection:
                    raw = await connection.get_raw_connection()
                    keys = SubjectKeys(cast(asyncpg.Connection, raw.driver_connection))
                    seal = Sealer(subject, await keys.key(subject))
            except SubjectErasedError:
                log.info("job %s not enqueued: account %s was erased", job.name, subject)
                return job_id
        await self._runtime.jobs.enqueue(
            job, job_id, payload,
            correlation_id=self.envelope.correlationid, causation_id=str(self.envelope.id),
            delay_s=delay_s, seal=seal,
        )  # fmt: skip
        return job_id


class ReactorRuntime:
    def __init__(
        self,
        bus: CommandBus,
        jobs: JobQueue,
        engine: AsyncEngine,
        dead_letters: DeadLetters,
        *,
        topic_prefix: str = "",
        signals: PositionSignals | None = None,
        max_attempts: int = 3,
        retry_delay_s: float = 0.2,
        outage_backoff_s: float = 1.0,
        applied_within_s: float = 30.0,
    ) -> None:
        self.bus = bus
        self.jobs = jobs
        self.engine = engine
        self.dead_letters = dead_letters
        self.topic_prefix = topic_prefix
        self.max_attempts = max_attempts
        self.retry_delay_s = retry_delay_s
        self.outage_backoff_s = outage_backoff_s
        self.signals = signals
        self.applied_within_s = applied_within_s

    def router(self, reactors: Sequence[Reactor]) -> KafkaRouter:
        """One subscriber for all `reactors`: one consumer group, reading what has arrived (up
        to `BATCH` records) at once and committing it by hand after every reactor's effects:
        one fetch per record and one offset commit per batch, however many reactors there are."""
        for reactor in reactors:
            if reactor.read_models and self.signals is None:
                raise ReactorDefinitionError(
                    f"reactor {reactor.name} waits for read models: its runtime needs `signals`"
                )
        router = KafkaRouter(prefix=self.topic_prefix)
        if not reactors:
            return router
        names = [reactor.name for reactor in reactors]

        @router.subscriber(
            *sorted({topic for reactor in reactors for topic in reactor.topics}),
            group_id=self.topic_prefix + group_id(names),
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.MANUAL,
            batch=True,
            max_records=BATCH,
            # An idle poll waits this long, then the subscriber sleeps as long again: the most
            # a first record after a quiet spell waits.
            batch_timeout_ms=100,
            title=f"reactors {', '.join(names)}",
        )
        async def deliver(message: KafkaMessage) -> None:
            await self.deliver(reactors, message)

        return router

    async def deliver(self, reactors: Sequence[Reactor], message: KafkaMessage) -> None:
        """Each reactor handles the batch's records of its event types in order (each
        partition's order is Kafka's), side by side with the others; the batch is committed
        once every one is done. An outage rewinds every partition to the batch's start: the
        records handled before it come again, to every reactor, and their effects, keyed,
        replay their stored answers."""
        raw = message.raw_message
        records = [as_record(consumed) for consumed in (raw if isinstance(raw, tuple) else (raw,))]
        done = await asyncio.gather(*(self._handle(reactor, records) for reactor in reactors))
        if all(done):
            await message.ack()
            return
        await message.nack()
        await asyncio.sleep(self.outage_backoff_s)

    async def _handle(self, reactor: Reactor, records: Sequence[Record]) -> bool:
        """The reactor's share of a batch, in order; False at the first record an outage keeps
        it from finishing."""
        for record in records:
            try:
                if not await self.react(reactor, record):
                    return False
            except Exception:  # an outage: the batch is read again after a pause
                log.exception("reactor %s could not handle %s; retrying", reactor.name,
                              record.where)  # fmt: skip
                return False
        return True

    async def react(self, reactor: Reactor, record: Record) -> bool:
        """Handle one record; True once it is done with (handled, not ours, or parked), False
        when an outage means it must be read again. Effects are idempotent by their keys."""
        handler = reactor.handler_for(event_type_of(record))
        if handler is None:
            return True
        try:
            envelope = EventEnvelope.from_headers(record.headers)
            event, sealed = decode_sealed(handler.event_class, record.value or b"null")
            named = accounts_of(event)
            if named or sealed is not None:
                ring = await ring_now(self.engine, named | sealed_subjects(sealed or b""))
                opener = Opener(ring.keys)
                if named & ring.erased and not event.erases_subject:
                    return True  # an erased account's: nothing is done for it any more
                if sealed is not None:
                    event = handler.event_class.model_validate_json(sealed, context={OPEN: opener})
        except ValueError as undecodable:
            await self._park(reactor, record, None, describe(undecodable))
            return True
        if handler.applied_by is not None and not await self._applied(handler, envelope):
            return False
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                with tracer().start_as_current_span(
                    f"react {reactor.name} {envelope.type}",
                    context=context_from_headers(dict(record.headers)),
                    kind=trace.SpanKind.CONSUMER,
                ) as span:
                    span.set_attribute("messaging.message.id", str(envelope.id))
                    await handler.handle(event, Reaction(self, reactor, envelope))
                return True
            except Exception as failure:  # the reactor's edge: log with the event, retry, park
                if is_transient(failure):
                    raise
                error = describe(failure)
                log.warning("reactor %s: attempt %d at event %s failed: %s",
                            reactor.name, attempt, envelope.id, error)  # fmt: skip
                await asyncio.sleep(self.retry_delay_s * attempt)
        await self._park(reactor, record, envelope, error)
        return True

    async def _applied(self, handler: _Handler[Any], envelope: EventEnvelope) -> bool:
        """Whether the handler's read model has applied the event, waiting a while for it; a
        projector that stays behind is waited for like an outage (the batch is read again)."""
        assert self.signals is not None
        assert handler.applied_by is not None
        stream, version = envelope.aggregateid, envelope.aggregateversion
        table = positions_table(handler.applied_by)
        if await wait_until_applied(self.engine, self.signals, [table], stream, version,
                                    self.applied_within_s):  # fmt: skip
            return True
        log.warning("reactor waited %.0f s for %s to apply %s v%d; reading it again",
                    self.applied_within_s, handler.applied_by, stream, version)  # fmt: skip
        return False

    async def _park(
        self, reactor: Reactor, record: Record, envelope: EventEnvelope | None, error: str
    ) -> None:
        """Record the event as parked and, the first time, send it to the dead-letter topic
        before that record commits (a failed send is retried with the event)."""
        if envelope is None:
            try:
                envelope = EventEnvelope.from_headers(record.headers)
            except ValueError:  # not even a Pacer event: nothing to record it by
                await self.dead_letters.send(record, reactor.name, error)
                log.error("reactor %s dead-lettered %s: %s", reactor.name, record.where, error)
                return
        parked = ParkedEvent(
            f"reactor:{reactor.name}", envelope.id, envelope.type, envelope.aggregateid,
            envelope.aggregateversion, error,
        )  # fmt: skip
        async with self.engine.begin() as connection:
            if await park(connection, parked):
                await self.dead_letters.send(record, reactor.name, error)
        log.error("reactor %s parked %s: %s", reactor.name, record.where, error)
