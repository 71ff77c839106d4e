"""SQLAlchemy async engines. Built by each process's composition root, never at import."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from infra.settings import Settings


def create_engine(
    settings: Settings, *, read_only: bool = False, pool_size: int = 10
) -> AsyncEngine:
    engine = create_async_engine(
        settings.database_dsn, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
    )
    if read_only:
        # Every transaction of this engine is READ ONLY: PostgreSQL rejects any write.
        return engine.execution_options(postgresql_readonly=True)
    return engine


def driver_dsn(settings: Settings) -> str:
    """The database URL as asyncpg and libpq take it (for a connection of its own: LISTEN)."""
    return settings.database_dsn.replace("postgresql+asyncpg://", "postgresql://", 1)
