"""Strava's rate limits, per application: an overall bucket counting every API request and a read
("non-upload") bucket counting all but `POST /activities`, each with a limit per window (15
minutes, aligned to :00/:15/:30/:45) and per UTC day. A request over a limit is answered 429 and
still counted. Not thread-safe on its own: the local Strava calls it under its lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

DAY_S = 86_400


@dataclass(frozen=True)
class RateLimits:
    overall: tuple[int, int] = (200, 2000)
    read: tuple[int, int] = (100, 1000)
    window_s: int = 900


class RequestLog(NamedTuple):
    """One request the local Strava answered (its control endpoints aside)."""

    monotonic: float
    wall: float
    method: str
    path: str
    status: int
    athlete_id: int | None
    counted_in_window: int  # overall use of this window, this request included; 0 if unmetered
    window_start: int


class Charge(NamedTuple):
    allowed: bool
    headers: dict[str, str]
    used_in_window: int
    window_start: int


@dataclass
class _Bucket:
    limits: tuple[int, int]
    window: tuple[int, int] = (0, 0)  # (start, requests counted)
    day: tuple[int, int] = (0, 0)

    def count(self, window_start: int, day_start: int) -> bool:
        in_window, in_day = self.used(window_start, day_start)
        self.window, self.day = (window_start, in_window + 1), (day_start, in_day + 1)
        return self.window[1] <= self.limits[0] and self.day[1] <= self.limits[1]

    def used(self, window_start: int, day_start: int) -> tuple[int, int]:
        in_window = self.window[1] if self.window[0] == window_start else 0
        return in_window, self.day[1] if self.day[0] == day_start else 0


@dataclass
class RateMeter:
    limits: RateLimits
    too_many: int = 0
    _overall: _Bucket = field(init=False)
    _read: _Bucket = field(init=False)

    def __post_init__(self) -> None:
        self._overall = _Bucket(self.limits.overall)
        self._read = _Bucket(self.limits.read)

    def window_start(self, now: float) -> int:
        return int(now // self.limits.window_s) * self.limits.window_s

    def charge(self, now: float, *, read: bool) -> Charge:
        """Counts one request in its buckets; `allowed` is False when it went over a limit."""
        window, day = self.window_start(now), int(now // DAY_S) * DAY_S
        allowed = self._overall.count(window, day)
        if read:
            allowed = self._read.count(window, day) and allowed
        self.too_many += not allowed
        headers = {
            "X-RateLimit-Limit": _pair(self._overall.limits),
            "X-RateLimit-Usage": _pair(self._overall.used(window, day)),
            "X-ReadRateLimit-Limit": _pair(self._read.limits),
            "X-ReadRateLimit-Usage": _pair(self._read.used(window, day)),
        }
        return Charge(allowed, headers, self._overall.used(window, day)[0], window)


def _pair(values: tuple[int, int]) -> str:
    return f"{values[0]},{values[1]}"
