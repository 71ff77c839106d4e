"""Strava's rate limits, shared by every process through Redis.

Strava counts per application, in two buckets (overall; read = every request but uploads), each
over a short window (15 minutes, starting at :00, :15, :30 and :45) and a UTC day. Before a
request, `acquire` counts it in the current windows of its buckets, or says how long to wait
when a window is full; after it, `observe` takes the usage and limits Strava reports in its
`X-RateLimit-*` and `X-ReadRateLimit-*` headers (Strava's count wins when it is higher). A
request of lower priority (the backfill) may use only `share` of each window, so webhook
imports always find room. Close to a window's end nothing is sent, so no request meant for
one window lands in the next one over its limit."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import redis.asyncio as aioredis

Bucket = Literal["overall", "read"]
DAY_S = 86_400

# KEYS: per bucket, its window key, day key and limits hash. ARGV: bucket count, share, then
# per bucket its default window and day limits, then the window and day lifetimes.
_ACQUIRE = """
local n = tonumber(ARGV[1])
local share = tonumber(ARGV[2])
for i = 0, n - 1 do
  local limits = redis.call('HMGET', KEYS[i * 3 + 3], 'window', 'day')
  local window_limit = tonumber(limits[1]) or tonumber(ARGV[3 + i * 2])
  local day_limit = tonumber(limits[2]) or tonumber(ARGV[4 + i * 2])
  local used_window = tonumber(redis.call('GET', KEYS[i * 3 + 1])) or 0
  local used_day = tonumber(redis.call('GET', KEYS[i * 3 + 2])) or 0
  if used_day >= math.floor(day_limit * share) then return 2 end
  if used_window >= math.floor(window_limit * share) then return 1 end
end
local window_ttl = tonumber(ARGV[3 + n * 2])
local day_ttl = tonumber(ARGV[4 + n * 2])
for i = 0, n - 1 do
  redis.call('INCR', KEYS[i * 3 + 1])
  redis.call('EXPIRE', KEYS[i * 3 + 1], window_ttl)
  redis.call('INCR', KEYS[i * 3 + 2])
  redis.call('EXPIRE', KEYS[i * 3 + 2], day_ttl)
end
return 0
"""

# KEYS: window key, day key, limits hash. ARGV: window usage, day usage, window limit, day
# limit, window and day lifetimes. Usage only ever rises to what Strava reports.
_OBSERVE = """
redis.call('HSET', KEYS[3], 'window', ARGV[3], 'day', ARGV[4])
local pairs_ = {{KEYS[1], tonumber(ARGV[1]), ARGV[5]}, {KEYS[2], tonumber(ARGV[2]), ARGV[6]}}
for _, item in ipairs(pairs_) do
  local current = tonumber(redis.call('GET', item[1])) or 0
  if item[2] > current then
    redis.call('SET', item[1], item[2], 'EX', item[3])
  end
end
return 0
"""


@dataclass(frozen=True)
class Windows:
    """The short window and the day a moment falls in."""

    window_s: int
    at: float

    @property
    def window(self) -> int:
        return int(self.at // self.window_s) * self.window_s

    @property
    def day(self) -> int:
        return int(self.at // DAY_S) * DAY_S

    @property
    def window_end(self) -> float:
        return float(self.window + self.window_s)

    @property
    def day_end(self) -> float:
        return float(self.day + DAY_S)


@dataclass(frozen=True)
class Permit:
    """Leave to send one request, counted in the windows of `at`."""

    at: Windows
    buckets: tuple[Bucket, ...]


class StravaRateLimiter:
    def __init__(
        self,
        redis: aioredis.Redis,
        namespace: str,
        *,
        window_s: int = 900,
        limits: tuple[int, int] = (200, 2000),
        read_limits: tuple[int, int] = (100, 1000),
        guard_s: float | None = None,
    ) -> None:
        self.redis = redis
        self.prefix = f"{namespace}strava:rate:"
        self.window_s = window_s
        self.defaults: dict[Bucket, tuple[int, int]] = {"overall": limits, "read": read_limits}
        self.guard_s = guard_s if guard_s is not None else min(1.0, window_s / 20)
        self._acquire = redis.register_script(_ACQUIRE)
        self._observe = redis.register_script(_OBSERVE)

    def _keys(self, bucket: Bucket, at: Windows) -> list[str]:
        return [f"{self.prefix}{bucket}:w:{at.window}", f"{self.prefix}{bucket}:d:{at.day}",
                f"{self.prefix}{bucket}:limits"]  # fmt: skip

    async def acquire(self, *, read: bool, share: float = 1.0) -> Permit | float:
        """A permit, or the moment (epoch seconds) a full window opens again."""
        at = Windows(self.window_s, time.time())
        if at.window_end - at.at < self.guard_s:
            return at.window_end  # too close to the edge: Strava may count it in the next one
        buckets: tuple[Bucket, ...] = ("overall", "read") if read else ("overall",)
        keys = [key for bucket in buckets for key in self._keys(bucket, at)]
        defaults = [limit for bucket in buckets for limit in self.defaults[bucket]]
        args = [len(buckets), share, *defaults, self.window_s + 60, DAY_S + 3600]
        full = int(await self._acquire(keys=keys, args=args))
        if full == 0:
            return Permit(at, buckets)
        return at.window_end if full == 1 else at.day_end

    async def observe(self, permit: Permit, headers: dict[str, str]) -> None:
        """Take Strava's count of the permit's windows from a response's headers (skipped when
        the answer came after the window ended: it would be another window's count)."""
        if Windows(self.window_s, time.time()).window != permit.at.window:
            return
        for bucket, prefix in (("overall", "x-ratelimit"), ("read", "x-readratelimit")):
            limit = _pair(headers.get(f"{prefix}-limit"))
            usage = _pair(headers.get(f"{prefix}-usage"))
            if limit is None or usage is None:
                continue
            keys = self._keys(bucket, permit.at)  # type: ignore[arg-type]
            args = [*usage, *limit, self.window_s + 60, DAY_S + 3600]
            await self._observe(keys=keys, args=args)

    async def usage(self, bucket: Bucket) -> tuple[int, int]:
        """This window's and today's count of `bucket` (for status and tests)."""
        at = Windows(self.window_s, time.time())
        window, day, _ = self._keys(bucket, at)
        values = await self.redis.mget([window, day])
        return int(values[0] or 0), int(values[1] or 0)

    @staticmethod
    def reopens(headers: dict[str, str], permit: Permit) -> float:
        """After a 429: when to try again (the day's end if the daily count is spent)."""
        for prefix in ("x-ratelimit", "x-readratelimit"):
            limit, usage = (
                _pair(headers.get(f"{prefix}-limit")),
                _pair(headers.get(f"{prefix}-usage")),
            )
            if limit and usage and usage[1] >= limit[1]:
                return permit.at.day_end
        return permit.at.window_end


def _pair(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        window, day = (int(part.strip()) for part in value.split(",")[:2])
    except ValueError:
        return None
    return window, day
