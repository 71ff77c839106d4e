"""SQLAlchemy async engines. Built by each process's composition root, never at import."""

from __future__ import annotations

from contextlib import AsyncExitStack

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from infra.settings import Settings


def create_engine(
    settings: Settings, *, read_only: bool = False, pool_size: int = 10, pre_ping: bool = True
) -> AsyncEngine:
    """`pre_ping=False` for an engine whose users prove a connection alive themselves (the
    command bus's unit of work does, in the round trip that begins its transaction)."""
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


def driver_dsn(settings: Settings) -> str:
    """The database URL as asyncpg and libpq take it (for a connection of its own: LISTEN)."""
    return settings.database_dsn.replace("postgresql+asyncpg://", "postgresql://", 1)


AS_CALLER = text(
    "SELECT set_config('role', 'pacer_reader', true), set_config('pacer.caller', :caller, true)"
)
"""Row-level security (migration 0013): the rest of the transaction reads as `pacer_reader`,
for the caller; the read models' policies then show the caller's rows, those a live grant
opens to them and public profiles, whatever a query's `WHERE` says. The query API reads so,
and so does a job that reads on an account's behalf (the data export)."""
