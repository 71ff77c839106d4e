"""The integrations context's stores, written in the command's transaction: each connected
athlete's link and encrypted tokens (`strava_connections`, which the jobs' token vault
refreshes), and which run each imported Strava activity became (`strava_imports`), so a
disconnection can remove every one of them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

import asyncpg

OWNER = "SELECT account_id, connection_id FROM strava_connections WHERE strava_athlete_id = $1"
SEALED = "SELECT access_token FROM strava_connections WHERE account_id = $1"
SAVE = (
    "INSERT INTO strava_connections (account_id, strava_athlete_id, connection_id, scopes, "
    "access_token, refresh_token, expires_at, refreshed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "now()) ON CONFLICT (account_id) DO "
    "UPDATE SET strava_athlete_id = EXCLUDED.strava_athlete_id, connection_id = "
    "EXCLUDED.connection_id, scopes = EXCLUDED.scopes, access_token = EXCLUDED.access_token, "
    "refresh_token = EXCLUDED.refresh_token, expires_at = EXCLUDED.expires_at, refreshed_at = now()"
)
FORGET = "DELETE FROM strava_connections WHERE account_id = $1"
REMEMBER = (
    "INSERT INTO strava_imports (connection_id, activity_id, account_id, run_id) VALUES "
    "($1, $2, $3, $4) ON CONFLICT DO NOTHING"
)
RUNS = "SELECT run_id FROM strava_imports WHERE connection_id = $1"
DROP = "DELETE FROM strava_imports WHERE connection_id = $1"


class StravaLinks(Protocol):
    async def owner_of(self, athlete_id: int) -> UUID | None: ...
    async def sealed_access_token(self, account_id: UUID) -> str | None: ...
    async def save(
        self, account_id: UUID, athlete_id: int, connection_id: UUID, scopes: list[str],
        sealed: tuple[str, str], expires_at: datetime,
    ) -> None: ...  # fmt: skip
    async def forget(self, account_id: UUID) -> None: ...
    async def connection_of(self, athlete_id: int) -> tuple[UUID, UUID] | None: ...


class PostgresStravaLinks:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def owner_of(self, athlete_id: int) -> UUID | None:
        found = await self.connection_of(athlete_id)
        return found[0] if found else None

    async def connection_of(self, athlete_id: int) -> tuple[UUID, UUID] | None:
        row = await self.connection.fetchrow(OWNER, athlete_id)
        return (row["account_id"], row["connection_id"]) if row else None

    async def sealed_access_token(self, account_id: UUID) -> str | None:
        sealed = await self.connection.fetchval(SEALED, account_id)
        return str(sealed) if sealed is not None else None

    async def save(
        self, account_id: UUID, athlete_id: int, connection_id: UUID, scopes: list[str],
        sealed: tuple[str, str], expires_at: datetime,
    ) -> None:  # fmt: skip
        scopes_text = ",".join(scopes)
        await self.connection.execute(
            SAVE, account_id, athlete_id, connection_id, scopes_text, *sealed, expires_at
        )

    async def forget(self, account_id: UUID) -> None:
        await self.connection.execute(FORGET, account_id)


class StravaImports(Protocol):
    async def remember(
        self, connection_id: UUID, activity_id: int, account_id: UUID, run_id: UUID
    ) -> None: ...
    async def runs_of(self, connection_id: UUID) -> list[UUID]: ...
    async def drop(self, connection_id: UUID) -> None: ...


class PostgresStravaImports:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def remember(
        self, connection_id: UUID, activity_id: int, account_id: UUID, run_id: UUID
    ) -> None:
        await self.connection.execute(REMEMBER, connection_id, activity_id, account_id, run_id)

    async def runs_of(self, connection_id: UUID) -> list[UUID]:
        return [row["run_id"] for row in await self.connection.fetch(RUNS, connection_id)]

    async def drop(self, connection_id: UUID) -> None:
        await self.connection.execute(DROP, connection_id)
