"""The unit of work owns one database transaction: a command's events, their outbox rows, its
idempotency key and whatever its context's stores write commit together or not at all.

`UnitOfWork` is the interface handlers see; `PostgresUnitOfWork` is the real one and
`tests/fakes.py` has an in-memory one for handler tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar, cast
from uuid import UUID

import asyncpg
from asyncpg.transaction import Transaction
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from commands.aggregate import Aggregate
from commands.errors import NotFoundError
from commands.eventstore import EventStore, MessageContext
from commands.idempotency import IdempotencyKeys, PostgresIdempotencyKeys
from contracts.commands import CommandAccepted
from contracts.consistency import StreamPosition
from contracts.events import EventTypes
from infra.subject_keys import RememberedKeys

A = TypeVar("A", bound=Aggregate)
S = TypeVar("S")
StoreFactories = Mapping[type[Any], Callable[[asyncpg.Connection], Any]]
"""For each store interface a context declares, how to build it on a transaction's connection
(asyncpg's own: the write path talks to PostgreSQL without a layer in between)."""
CONNECTION_LOST = (
    OSError,
    asyncpg.InterfaceError,  # ConnectionDoesNotExistError among them
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # the server shutting down
)


class StaleConnectionError(Exception):
    """The pooled connection was found dead as the transaction began, before anything ran (a
    PostgreSQL restart, say): the bus runs the command again on a new connection."""


def accepted(aggregate: Aggregate) -> CommandAccepted:
    return CommandAccepted(
        aggregate_id=aggregate.id,
        version=aggregate.version,
        consistency_token=StreamPosition(aggregate.id, aggregate.version).encode(),
    )


class UnitOfWork(Protocol):
    @property
    def context(self) -> MessageContext: ...

    @property
    def idempotency(self) -> IdempotencyKeys: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""

    async def load(self, kind: type[A], aggregate_id: str) -> A:
        """The aggregate rebuilt from its events; NotFoundError if missing or of another kind."""

    async def save(self, aggregate: Aggregate) -> CommandAccepted:
        """Append the aggregate's new events, expecting the version it was loaded at."""

    def store(self, kind: type[S]) -> S:
        """The store of a context (credentials, sessions…) inside this transaction."""

    async def erase_subject(self, subject: UUID) -> None:
        """Destroy the account's key: its sealed personal data opens nowhere from the commit
        on, and nothing personal can be recorded for it any more."""

    async def commit(self) -> None: ...


async def load_or_start(uow: UnitOfWork, kind: type[A], aggregate_id: str) -> A:
    """The aggregate, or a new one when it has no events yet."""
    try:
        return await uow.load(kind, aggregate_id)
    except NotFoundError:
        return kind(aggregate_id)


class PostgresUnitOfWork:
    def __init__(
        self,
        engine: AsyncEngine,
        context: MessageContext,
        event_types: EventTypes,
        stores: StoreFactories,
        remembered: RememberedKeys | None = None,
    ) -> None:
        self._engine = engine
        self._remembered = remembered
        self.context = context
        self._event_types = event_types
        self._store_factories = stores
        self._stores: dict[type[Any], Any] = {}
        self._pooled: AsyncConnection | None = None
        self._connection: asyncpg.Connection | None = None
        self._transaction: Transaction | None = None
        self._open = False

    async def __aenter__(self) -> Self:
        # A connection of the engine's pool, used through its driver: SQLAlchemy keeps the pool
        # (sizes, recycling) and the transaction is asyncpg's own.
        self._pooled = await self._engine.connect()
        raw = await self._pooled.get_raw_connection()
        self._connection = cast(asyncpg.Connection, raw.driver_connection)
        self._transaction = self._connection.transaction()
        try:
            # BEGIN, the first round trip, proves the pooled connection alive before any handler
            # runs (the pool does not ping on checkout): a dead one is replaced, nothing done.
            await self._transaction.start()
        except CONNECTION_LOST as error:
            await self._pooled.invalidate()
            await self._pooled.close()
            raise StaleConnectionError(str(error)) from error
        self._open = True
        self.events = EventStore(
            self._connection, self.context, self._event_types, self._remembered
        )
        self.idempotency = PostgresIdempotencyKeys(self._connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._pooled is not None
        assert self._transaction is not None
        try:
            if isinstance(exc, CONNECTION_LOST):
                await self._pooled.invalidate()  # not back into the pool
            elif self._open:
                self._open = False
                await self._transaction.rollback()
        except CONNECTION_LOST:
            await self._pooled.invalidate()
        finally:
            await self._pooled.close()

    async def commit(self) -> None:
        assert self._transaction is not None
        self._open = False
        await self._transaction.commit()

    async def load(self, kind: type[A], aggregate_id: str) -> A:
        stream_type, events = await self.events.read(aggregate_id)
        if stream_type != kind.stream_type:
            # Missing, or another kind of aggregate (an account id passed as a run id).
            raise NotFoundError(f"{kind.stream_type} {aggregate_id} does not exist")
        return kind.rehydrate(aggregate_id, events)

    async def save(self, aggregate: Aggregate) -> CommandAccepted:
        if not aggregate.pending:  # a decision that changes nothing records nothing
            return accepted(aggregate)
        await self.events.append(
            aggregate.id, aggregate.stream_type, aggregate.loaded_version, aggregate.pending
        )
        aggregate.pending.clear()
        return accepted(aggregate)

    async def erase_subject(self, subject: UUID) -> None:
        await self.events.keys.erase(subject)

    def store(self, kind: type[S]) -> S:
        if kind not in self._stores:
            assert self._connection is not None, "use the unit of work inside `async with`"
            self._stores[kind] = self._store_factories[kind](self._connection)
        return cast(S, self._stores[kind])
