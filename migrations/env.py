"""Alembic environment: runs migrations over an asyncpg connection.

The URL comes from `sqlalchemy.url` when the caller sets it (infra.migrate does), otherwise from
Pacer's settings.
"""

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from infra.settings import Settings

# No ORM metadata: Pacer's migrations are written by hand, table by table.
target_metadata = None


def _url() -> str:
    return context.config.get_main_option("sqlalchemy.url") or Settings().database_dsn


def _run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)  # type: ignore[arg-type]
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_async_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
