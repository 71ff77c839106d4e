"""The athletes' Strava tokens, as the jobs use them: read from `strava_connections` (written
by the integrations context when an athlete connects), decrypted, and refreshed when they are
about to expire — or when Strava refused one early — by one process at a time: the refresh
holds the connection's row lock, and whoever waited on it finds the new token. Strava
invalidates a refresh token as soon as it issues the next one, so two refreshes would lose the
connection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.strava.cipher import TokenCipher
from infra.strava.client import StravaClient, StravaRejectedError, StravaUnauthorizedError

MARGIN = timedelta(minutes=5)
READ = text(
    "SELECT connection_id, strava_athlete_id, access_token, refresh_token, expires_at "
    "FROM strava_connections WHERE account_id = :account"
)
LOCK = text(READ.text + " FOR UPDATE")
UPDATE = text(
    "UPDATE strava_connections SET access_token = :access, refresh_token = :refresh, "
    "expires_at = :expires, refreshed_at = now() WHERE account_id = :account"
)


class StravaNotConnectedError(LookupError):
    """The athlete has no Strava connection (any more)."""


@dataclass(frozen=True)
class Access:
    connection_id: UUID
    athlete_id: int
    token: str


class TokenVault:
    def __init__(self, engine: AsyncEngine, cipher: TokenCipher, client: StravaClient) -> None:
        self.engine, self.cipher, self.client = engine, cipher, client

    async def access(self, account_id: UUID, *, refused: str | None = None) -> Access:
        """A token of `account_id` good for a few minutes more; `refused` is one Strava has just
        refused (401), which is replaced even though it has not expired."""
        async with self.engine.connect() as connection:
            row = (await connection.execute(READ, {"account": account_id})).first()
        if row is None:
            raise StravaNotConnectedError(f"account {account_id} is not connected to Strava")
        token = self.cipher.open(row.access_token)
        if token != refused and row.expires_at > datetime.now(UTC) + MARGIN:
            return Access(row.connection_id, row.strava_athlete_id, token)
        return await self._refresh(account_id, refused)

    async def _refresh(self, account_id: UUID, refused: str | None) -> Access:
        async with self.engine.begin() as connection:
            row = (await connection.execute(LOCK, {"account": account_id})).first()
            if row is None:
                raise StravaNotConnectedError(f"account {account_id} is not connected to Strava")
            token = self.cipher.open(row.access_token)
            if token != refused and row.expires_at > datetime.now(UTC) + MARGIN:
                return Access(
                    row.connection_id, row.strava_athlete_id, token
                )  # refreshed meanwhile
            try:
                grant = await self.client.refresh(self.cipher.open(row.refresh_token))
            except StravaRejectedError as rejected:
                raise StravaUnauthorizedError(
                    f"Strava refused to refresh the tokens: {rejected}"
                ) from rejected
            await connection.execute(UPDATE, {
                "account": account_id, "access": self.cipher.seal(grant.access_token),
                "refresh": self.cipher.seal(grant.refresh_token),
                "expires": datetime.fromtimestamp(grant.expires_at, UTC),
            })  # fmt: skip
        return Access(row.connection_id, row.strava_athlete_id, grant.access_token)
