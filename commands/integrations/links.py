"""The integrations context's stores, written in the command's transaction: each connected
athlete's link and encrypted tokens (`strava_connections`, which the jobs' token vault
refreshes), and which run each imported Strava activity became (`strava_imports`), so a
disconnection can remove every one of them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

OWNER = text("SELECT account_id, connection_id FROM strava_connections "
             "WHERE strava_athlete_id = :athlete")  # fmt: skip
SEALED = text("SELECT access_token FROM strava_connections WHERE account_id = :account")
SAVE = text(
    "INSERT INTO strava_connections (account_id, strava_athlete_id, connection_id, scopes, "
    "access_token, refresh_token, expires_at, refreshed_at) VALUES (:account, :athlete, "
    ":connection, :scopes, :access, :refresh, :expires, now()) ON CONFLICT (account_id) DO "
    "UPDATE SET strava_athlete_id = EXCLUDED.strava_athlete_id, connection_id = "
    "EXCLUDED.connection_id, scopes = EXCLUDED.scopes, access_token = EXCLUDED.access_token, "
    "refresh_token = EXCLUDED.refresh_token, expires_at = EXCLUDED.expires_at, refreshed_at = now()"
)
FORGET = text("DELETE FROM strava_connections WHERE account_id = :account")
REMEMBER = text(
    "INSERT INTO strava_imports (connection_id, activity_id, account_id, run_id) VALUES "
    "(:connection, :activity, :account, :run) ON CONFLICT DO NOTHING"
)
RUNS = text("SELECT run_id FROM strava_imports WHERE connection_id = :connection")
DROP = text("DELETE FROM strava_imports WHERE connection_id = :connection")


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
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def owner_of(self, athlete_id: int) -> UUID | None:
        found = await self.connection_of(athlete_id)
        return found[0] if found else None

    async def connection_of(self, athlete_id: int) -> tuple[UUID, UUID] | None:
        row = (await self.connection.execute(OWNER, {"athlete": athlete_id})).first()
        return (row.account_id, row.connection_id) if row else None

    async def sealed_access_token(self, account_id: UUID) -> str | None:
        row = (await self.connection.execute(SEALED, {"account": account_id})).first()
        return str(row.access_token) if row else None

    async def save(
        self, account_id: UUID, athlete_id: int, connection_id: UUID, scopes: list[str],
        sealed: tuple[str, str], expires_at: datetime,
    ) -> None:  # fmt: skip
        await self.connection.execute(SAVE, {
            "account": account_id, "athlete": athlete_id, "connection": connection_id,
            "scopes": ",".join(scopes), "access": sealed[0], "refresh": sealed[1],
            "expires": expires_at,
        })  # fmt: skip

    async def forget(self, account_id: UUID) -> None:
        await self.connection.execute(FORGET, {"account": account_id})


class StravaImports(Protocol):
    async def remember(
        self, connection_id: UUID, activity_id: int, account_id: UUID, run_id: UUID
    ) -> None: ...
    async def runs_of(self, connection_id: UUID) -> list[UUID]: ...
    async def drop(self, connection_id: UUID) -> None: ...


class PostgresStravaImports:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def remember(
        self, connection_id: UUID, activity_id: int, account_id: UUID, run_id: UUID
    ) -> None:
        await self.connection.execute(REMEMBER, {"connection": connection_id,
                                                 "activity": activity_id,
                                                 "account": account_id, "run": run_id})  # fmt: skip

    async def runs_of(self, connection_id: UUID) -> list[UUID]:
        rows = await self.connection.execute(RUNS, {"connection": connection_id})
        return [row.run_id for row in rows]

    async def drop(self, connection_id: UUID) -> None:
        await self.connection.execute(DROP, {"connection": connection_id})
