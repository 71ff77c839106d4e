"""What a projection has applied, written in the same transaction as the read-model change: the
last version applied of each stream (`<read model>_positions`). An event at or below its
stream's position is a duplicate delivery and changes nothing; the positions also answer the
query API's consistency-token waits."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


def lock_key(consumer: str) -> int:
    """Advisory-lock key of a projection: live batches share it, a rebuild's swap takes it alone."""
    return zlib.crc32(f"pacer.projection.{consumer}".encode())


async def share_lock(connection: AsyncConnection, consumer: str) -> None:
    await connection.execute(
        text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": lock_key(consumer)}
    )


async def lock_positions(
    connection: AsyncConnection, table: str, streams: Iterable[str]
) -> dict[str, int]:
    """Each stream's applied version, its row locked until the transaction ends.

    A stream seen for the first time gets a row at version 0, so that two consumers that
    briefly share a partition (during a rebalance) wait for each other instead of both applying.
    Rows are locked in stream order, so two such transactions cannot deadlock.
    """
    rows = await connection.execute(
        text(
            f"INSERT INTO {table} (stream_id, version) "  # noqa: S608 - a derived identifier
            "SELECT s, 0 FROM unnest(CAST(:streams AS text[])) AS s ORDER BY s "
            f"ON CONFLICT (stream_id) DO UPDATE SET version = {table}.version "
            "RETURNING stream_id, version"
        ),
        {"streams": sorted(set(streams))},
    )
    return {row.stream_id: row.version for row in rows}


async def advance(connection: AsyncConnection, table: str, versions: Mapping[str, int]) -> None:
    if not versions:
        return
    await connection.execute(
        text(
            f"UPDATE {table} AS p SET version = GREATEST(p.version, u.version) "  # noqa: S608
            "FROM unnest(CAST(:streams AS text[]), CAST(:versions AS integer[])) "
            "AS u(stream_id, version) WHERE p.stream_id = u.stream_id"
        ),
        {"streams": list(versions), "versions": list(versions.values())},
    )
