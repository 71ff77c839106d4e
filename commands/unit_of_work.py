"""The unit of work owns one database transaction: a command's events, their outbox rows, its
idempotency key and whatever its context's stores write commit together or not at all.

`UnitOfWork` is the interface handlers see; `PostgresUnitOfWork` is the real one and
`tests/fakes.py` has an in-memory one for handler tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar, cast

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from commands.aggregate import Aggregate
from commands.errors import NotFoundError
from commands.eventstore import EventStore, MessageContext
from commands.idempotency import IdempotencyKeys, PostgresIdempotencyKeys
from contracts.commands import CommandAccepted
from contracts.consistency import StreamPosition
from contracts.events import EventTypes

A = TypeVar("A", bound=Aggregate)
S = TypeVar("S")
StoreFactories = Mapping[type[Any], Callable[[AsyncConnection], Any]]
"""For each store interface a context declares, how to build it on a transaction's connection."""
_ALIVE = text("SELECT 1")


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
    ) -> None:
        self._engine = engine
        self.context = context
        self._event_types = event_types
        self._store_factories = stores
        self._stores: dict[type[Any], Any] = {}
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    async def __aenter__(self) -> Self:
        self._connection = await self._engine.connect()
        try:
            self._transaction = await self._connection.begin()
            # BEGIN goes out with the first statement: sent now, it proves the pooled connection
            # alive before any handler runs (the pool does not ping it on checkout, which took
            # three round trips of its own), and a dead one is replaced with nothing done.
            await self._connection.execute(_ALIVE)
        except DBAPIError as error:
            await self._connection.close()
            if error.connection_invalidated:
                raise StaleConnectionError(str(error.orig)) from error
            raise
        self.events = EventStore(self._connection, self.context, self._event_types)
        self.idempotency = PostgresIdempotencyKeys(self._connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        assert self._transaction is not None
        try:
            if self._transaction.is_active:
                await self._transaction.rollback()
        finally:
            await self._connection.close()

    async def commit(self) -> None:
        assert self._transaction is not None
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

    def store(self, kind: type[S]) -> S:
        if kind not in self._stores:
            assert self._connection is not None, "use the unit of work inside `async with`"
            self._stores[kind] = self._store_factories[kind](self._connection)
        return cast(S, self._stores[kind])
