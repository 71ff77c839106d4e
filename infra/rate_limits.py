"""Abuse limits, counted in Redis by the `limits` library (moving windows, shared by every API
process). A policy is a `limits` expression such as "5/minute;20/hour": each part is a window, so
a caller who keeps failing waits longer and longer (a minute, then up to an hour).

`check` raises a 429 problem with `Retry-After` when any window is full, without counting;
`hit` counts. Routes check first and count what they limit (every request, or only failures)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import redis.asyncio as aioredis
from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from infra.problems import TooManyRequestsError


class RateLimit:
    """One named policy, e.g. `RateLimit(limiter, "login-account", "5/minute;20/hour")`."""

    def __init__(self, limiter: SlidingWindowCounterRateLimiter, name: str, policy: str) -> None:
        self.limiter = limiter
        self.name = name
        self.windows: Sequence[RateLimitItem] = parse_many(policy)

    async def check(self, key: str, what: str) -> None:
        """Raise TooManyRequestsError when `key` used up any window of this policy."""
        full = [
            window for window in self.windows if not await self.limiter.test(window, *self._at(key))
        ]
        if full:
            await self._refuse(full, key, what)

    async def hit(self, key: str) -> None:
        """Count one use of `key` (after the fact: a failed login)."""
        for window in self.windows:
            await self.limiter.hit(window, *self._at(key))

    async def take(self, key: str, what: str) -> None:
        """Count this request, or raise TooManyRequestsError when a window is full."""
        full = [
            window for window in self.windows if not await self.limiter.hit(window, *self._at(key))
        ]
        if full:
            await self._refuse(full, key, what)

    async def _refuse(self, full: Sequence[RateLimitItem], key: str, what: str) -> None:
        wait = 1.0
        for window in full:
            stats = await self.limiter.get_window_stats(window, *self._at(key))
            wait = max(wait, stats.reset_time - time.time())
        raise TooManyRequestsError(
            f"Too many {what}; try again in {math.ceil(wait)} s.", math.ceil(wait)
        )

    def _at(self, key: str) -> tuple[str, str]:
        return self.name, key

    async def clear(self, key: str) -> None:
        for window in self.windows:
            await self.limiter.clear(window, *self._at(key))


def sliding_windows(client: aioredis.Redis, namespace: str) -> SlidingWindowCounterRateLimiter:
    """A limiter on the process's Redis client (no second connection pool)."""
    storage = RedisStorage(
        "async+redis://",
        implementation="redispy",
        key_prefix=f"{namespace}limits",
        connection_pool=client.connection_pool,  # type: ignore[arg-type] # options typed narrowly
    )
    return SlidingWindowCounterRateLimiter(storage)
