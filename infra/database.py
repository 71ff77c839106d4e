"""SQLAlchemy async engines. Built by each process's composition root, never at import."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from sqlalchemy import CursorResult, Executable, Row, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from infra.settings import Settings


def create_engine(
    settings: Settings, *, read_only: bool = False, pool_size: int = 10, pre_ping: bool = True
) -> AsyncEngine:
    """`pre_ping=False` for an engine whose users prove a connection alive themselves (the
    command bus's unit of work does, in the round trip that begins its transaction; the query
    API in its first statement, `first_statement`)."""
    # A fixed pool: connections stay open, and a request beyond them waits for one. (Overflow
    # connections would be opened and closed per request under load: a PostgreSQL backend
    # started for every command, which cost more than the command itself.)
    engine = create_async_engine(
        settings.database_dsn, pool_size=pool_size, max_overflow=0, pool_pre_ping=pre_ping
    )
    if read_only:
        # Every transaction of this engine is READ ONLY: PostgreSQL rejects any write.
        return engine.execution_options(postgresql_readonly=True)
    return engine


async def open_pool(engine: AsyncEngine) -> None:
    """Open every connection of the engine's pool now, before the process takes requests: a
    burst right after start-up would otherwise wait for PostgreSQL to start a backend per
    connection, one after another."""
    async with AsyncExitStack() as held:
        for _ in range(engine.pool.size()):  # type: ignore[attr-defined]
            await held.enter_async_context(engine.connect())


@asynccontextmanager
async def first_statement(
    engine: AsyncEngine,
    statement: Executable,
    parameters: Mapping[str, Any] | None = None,
    *,
    autocommit: bool = False,
) -> AsyncIterator[tuple[AsyncConnection, CursorResult[Any]]]:
    """A pooled connection of an engine that does not ping, and the result of `statement` run
    first on it (in autocommit if asked: no BEGIN before it, no ROLLBACK after). A connection
    found dead by that statement (PostgreSQL restarted: the pool drops every connection opened
    before) is replaced, and the statement runs once more: nothing ran yet, so nothing is
    repeated."""
    for attempt in (1, 2):
        async with engine.connect() as connection:
            if autocommit:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
            try:
                result = await connection.execute(statement, parameters)
            except DBAPIError as error:
                if attempt == 2 or not error.connection_invalidated:
                    raise
                continue
            yield connection, result
            return


async def read_once(
    engine: AsyncEngine, query: Executable, parameters: Mapping[str, Any] | None = None
) -> list[Row[Any]]:
    """The rows of one read (`query` a SELECT) in autocommit: one round trip, where a
    transaction adds BEGIN before it and ROLLBACK after."""
    async with first_statement(engine, query, parameters, autocommit=True) as (_, result):
        return list(result.all())


def driver_dsn(settings: Settings) -> str:
    """The database URL as asyncpg and libpq take it (for a connection of its own: LISTEN)."""
    return settings.database_dsn.replace("postgresql+asyncpg://", "postgresql://", 1)


ALIVE = text("SELECT 1")
AS_CALLER = text(
    "SELECT set_config('role', 'pacer_reader', true), set_config('pacer.caller', :caller, true)"
)
"""Row-level security (migration 0013): the rest of the transaction reads as `pacer_reader`,
for the caller; the read models' policies then show the caller's rows, those a live grant
opens to them and public profiles, whatever a query's `WHERE` says. The query API reads so,
and so does a job that reads on an account's behalf (the data export)."""
