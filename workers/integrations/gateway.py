"""The Strava tool of a job worker: one client (shared rate limits in Redis), the token vault
on the database, and a call with the athlete's token that, when Strava refuses a token before
its time, refreshes it once and tries again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from infra.database import create_engine
from infra.redis import redis_client
from infra.settings import Settings
from infra.strava.cipher import TokenCipher
from infra.strava.client import StravaClient, StravaUnauthorizedError, rate_limiter, strava_client
from infra.strava.vault import TokenVault

T = TypeVar("T")


class StravaGateway:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limiter = rate_limiter(settings, redis_client(settings))
        self.client: StravaClient = strava_client(settings, self.limiter)
        cipher = TokenCipher(settings.strava_token_keys)
        self.vault = TokenVault(create_engine(settings), cipher, self.client)

    async def as_athlete(self, account_id: UUID, call: Callable[[str], Awaitable[T]]) -> T:
        access = await self.vault.access(account_id)
        try:
            return await call(access.token)
        except StravaUnauthorizedError:
            renewed = await self.vault.access(account_id, refused=access.token)
            return await call(renewed.token)
