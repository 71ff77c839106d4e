"""What each projection has applied, written in the same transaction as the read-model change:
a unique (projection, event id) row makes a redelivered event a no-op, and the highest version
applied per stream answers consistency-token waits."""

from __future__ import annotations

import zlib
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


def lock_key(projection: str) -> int:
    """Advisory-lock key of a projection: live batches share it, a rebuild takes it alone."""
    return zlib.crc32(f"pacer.projection.{projection}".encode())


async def claim(
    connection: AsyncConnection, projection: str, event_id: UUID, *, dead: bool = False
) -> bool:
    """Record the event as handled; False when it already was (a duplicate delivery)."""
    claimed = await connection.execute(
        text(
            "INSERT INTO projection_tracking (projection, event_id, dead_lettered) "
            "VALUES (:p, :e, :d) ON CONFLICT DO NOTHING RETURNING 1"
        ),
        {"p": projection, "e": event_id, "d": dead},
    )
    return claimed.first() is not None


async def advance(
    connection: AsyncConnection, projection: str, stream_id: str, version: int
) -> None:
    await connection.execute(
        text(
            "INSERT INTO projection_positions (projection, stream_id, version) "
            "VALUES (:p, :s, :v) ON CONFLICT (projection, stream_id) "
            "DO UPDATE SET version = GREATEST(projection_positions.version, EXCLUDED.version)"
        ),
        {"p": projection, "s": stream_id, "v": version},
    )


async def forget(connection: AsyncConnection, projection: str) -> None:
    for table in ("projection_tracking", "projection_positions"):
        await connection.execute(
            text(f"DELETE FROM {table} WHERE projection = :p"),  # noqa: S608 - fixed names
            {"p": projection},
        )
