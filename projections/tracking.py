"""What a projection has applied, written in the same transaction as the read-model change: the
last version applied of each stream (`<read model>_positions`). An event at or below its
stream's position is a duplicate delivery and changes nothing; the positions also answer the
query API's consistency-token waits, which a notification on `POSITIONS_CHANNEL` (sent when the
transaction commits) wakes."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.consistency import POSITIONS_CHANNEL


def lock_key(name: str) -> int:
    """Advisory-lock key of a projection (live batches share it, a rebuild's swap takes it
    alone), of a rebuild, or of a partition of a projection's input."""
    return zlib.crc32(f"pacer.projection.{name}".encode())


async def share_lock(connection: AsyncConnection, consumer: str) -> None:
    await connection.execute(
        text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": lock_key(consumer)}
    )


async def exclusive_lock(connection: AsyncConnection, consumer: str) -> None:
    """The projection's lock alone, for the rest of the transaction (its other batches wait)."""
    await connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(consumer)})


async def read_positions(
    connection: AsyncConnection, table: str, streams: Iterable[str]
) -> dict[str, int]:
    """Each stream's applied version (0 when none)."""
    wanted = sorted(set(streams))
    rows = await connection.execute(
        text(f"SELECT stream_id, version FROM {table} WHERE stream_id = ANY(:s)"),  # noqa: S608
        {"s": wanted},
    )
    found = {row.stream_id: row.version for row in rows}
    return {stream: found.get(stream, 0) for stream in wanted}


async def save_positions(
    connection: AsyncConnection, table: str, versions: Mapping[str, int]
) -> None:
    """Write each stream's applied version, creating the rows that are new, and notify the
    waiters (delivered when the transaction commits): one statement."""
    if not versions:
        return
    await connection.execute(
        text(
            f"WITH saved AS (INSERT INTO {table} (stream_id, version) "  # noqa: S608 - derived
            "SELECT * FROM unnest(CAST(:streams AS text[]), CAST(:versions AS integer[])) "
            f"ON CONFLICT (stream_id) DO UPDATE SET version = GREATEST({table}.version, "
            "EXCLUDED.version)) SELECT pg_notify(:channel, :table)"
        ),
        {
            "streams": list(versions),
            "versions": list(versions.values()),
            "channel": POSITIONS_CHANNEL,
            "table": table,
        },
    )


class Positions(Protocol):
    async def claim(
        self,
        connection: AsyncConnection,
        table: str,
        streams: Iterable[str],
        partitions: Iterable[str] = (),
    ) -> dict[str, int]:
        """The version applied so far of each stream (0 when none); `partitions` are the Kafka
        partitions (`topic/partition`) the events came from."""

    async def record(
        self, connection: AsyncConnection, table: str, versions: Mapping[str, int]
    ) -> None:
        """The versions a batch reached, in the batch's transaction."""

    def settle(self, *, committed: bool) -> None:
        """The transaction ended."""


class OwnPositions:
    async def claim(
        self,
        connection: AsyncConnection,
        table: str,
        streams: Iterable[str],
        partitions: Iterable[str] = (),
    ) -> dict[str, int]:
        return await read_positions(connection, table, streams)

    async def record(
        self, connection: AsyncConnection, table: str, versions: Mapping[str, int]
    ) -> None:
        await save_positions(connection, table, versions)

    def settle(self, *, committed: bool) -> None:
        """Nothing to do: the database kept or dropped the rows with the transaction."""


class LivePositions(OwnPositions):
    async def claim(
        self,
        connection: AsyncConnection,
        table: str,
        streams: Iterable[str],
        partitions: Iterable[str] = (),
    ) -> dict[str, int]:
        keys = sorted({lock_key(f"{table}:{partition}") for partition in partitions})
        if keys:
            # In a fixed order, so two batches that share partitions cannot deadlock.
            await connection.execute(
                text(
                    "SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k "
                    "ORDER BY k"
                ),
                {"keys": keys},
            )
        return await read_positions(connection, table, streams)


class ReplayPositions:
    def __init__(self) -> None:
        self.reached: dict[str, int] = {}
        self._staged: dict[str, int] = {}

    async def claim(
        self,
        connection: AsyncConnection,
        table: str,
        streams: Iterable[str],
        partitions: Iterable[str] = (),
    ) -> dict[str, int]:
        return {stream: self.reached.get(stream, 0) for stream in streams}

    async def record(
        self, connection: AsyncConnection, table: str, versions: Mapping[str, int]
    ) -> None:
        self._staged.update(versions)

    def settle(self, *, committed: bool) -> None:
        if committed:
            for stream, version in self._staged.items():
                self.reached[stream] = max(version, self.reached.get(stream, 0))
        self._staged = {}

    async def copy_into(self, connection: AsyncConnection, schema: str, table: str) -> None:
        """Write every position reached into the (empty) positions table in one COPY."""
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.copy_records_to_table(
            table, schema_name=schema, records=list(self.reached.items()),
            columns=["stream_id", "version"],
        )  # fmt: skip
