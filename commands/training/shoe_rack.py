"""The athlete's default shoe, for runs that name none: the shoe made default last, unless it
has been retired since. Read from the shoes read model inside the command's transaction."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

import asyncpg

DEFAULT_SHOE = (
    "SELECT shoe_id, retired FROM shoes_view WHERE athlete_id = $1 "
    "AND default_at IS NOT NULL ORDER BY default_at DESC, shoe_id LIMIT 1"
)


class DefaultShoes(Protocol):
    async def default_of(self, athlete_id: UUID) -> UUID | None: ...


class PostgresDefaultShoes:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def default_of(self, athlete_id: UUID) -> UUID | None:
        row = await self.connection.fetchrow(DEFAULT_SHOE, athlete_id)
        return None if row is None or row["retired"] else row["shoe_id"]
