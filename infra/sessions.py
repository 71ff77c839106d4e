"""Live login sessions, in Redis: the check that makes revocation bite.

Every access token names its login session (`sid`). A session is live from log-in until logout,
refresh-token reuse, expiry of its refresh tokens or (later) the account's deactivation; the
identity handlers open, extend and close it. Both APIs refuse a token whose session is not live,
on every request: one Redis `GET`. A token of an account that never logged in here, or whose
session ended, stops working at once instead of at its expiry.

When Redis loses its data, access tokens are refused until their clients refresh them (the
refresh is checked against PostgreSQL and opens the session again): failing closed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol
from uuid import UUID

import redis.asyncio as aioredis


class Sessions(Protocol):
    async def open(self, session_id: UUID, account_id: UUID, lifetime: timedelta) -> None:
        """The session is live for `lifetime` from now (opening it again extends it)."""

    async def close(self, session_id: UUID) -> None: ...

    async def is_live(self, session_id: UUID, account_id: UUID) -> bool: ...


class LiveSessions:
    def __init__(self, client: aioredis.Redis, namespace: str) -> None:
        self.client = client
        self.prefix = f"{namespace}session:"

    async def open(self, session_id: UUID, account_id: UUID, lifetime: timedelta) -> None:
        await self.client.set(self._key(session_id), str(account_id), ex=lifetime)

    async def close(self, session_id: UUID) -> None:
        await self.client.delete(self._key(session_id))

    async def is_live(self, session_id: UUID, account_id: UUID) -> bool:
        owner = await self.client.get(self._key(session_id))
        return owner is not None and owner == str(account_id).encode()

    def _key(self, session_id: UUID) -> str:
        return f"{self.prefix}{session_id}"
