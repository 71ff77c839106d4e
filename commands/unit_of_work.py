"""The unit of work owns one database transaction: events, outbox rows, idempotency records and
credentials written by a command commit together or not at all."""

from __future__ import annotations

from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from commands.aggregate import Aggregate
from commands.errors import NotFoundError
from commands.eventstore import EventStore, MessageContext, RecordedEvent

A = TypeVar("A", bound=Aggregate)


class UnitOfWork:
    def __init__(self, engine: AsyncEngine, context: MessageContext) -> None:
        self._engine = engine
        self.context = context
        self.recorded: list[RecordedEvent] = []
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    async def __aenter__(self) -> Self:
        self._connection = await self._engine.connect()
        self._transaction = await self._connection.begin()
        self.events = EventStore(self._connection, self.context)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        assert self._transaction is not None
        if self._transaction.is_active:
            await self._transaction.rollback()
        await self._connection.close()

    @property
    def connection(self) -> AsyncConnection:
        assert self._connection is not None, "use the unit of work inside `async with`"
        return self._connection

    async def commit(self) -> None:
        assert self._transaction is not None
        await self._transaction.commit()

    async def load(self, kind: type[A], aggregate_id: str) -> A:
        stream_type = await self.events.stream_type(aggregate_id)
        if stream_type != kind.stream_type:
            # Missing, or another kind of aggregate (an account id passed as a run id).
            raise NotFoundError(f"{kind.stream_type} {aggregate_id} does not exist")
        history = await self.events.load(aggregate_id)
        return kind.rehydrate(aggregate_id, history)

    async def save(self, aggregate: Aggregate) -> None:
        """Append the aggregate's new events, expecting the version it was loaded at."""
        recorded = await self.events.append(
            aggregate.id, aggregate.stream_type, aggregate.loaded_version, aggregate.pending
        )
        aggregate.pending.clear()
        self.recorded.extend(recorded)
