"""Strava's HTTP API (OAuth and API v3) over httpx, within the shared rate limits.

Errors are typed: `StravaUnauthorizedError` (401: a token revoked or expired early),
`StravaRejectedError` (another 4xx; Strava's Fault message), `StravaRateLimitedError` (a window
is full; `until` says when it reopens) and `StravaUnavailableError` (network or 5xx — an
outage, which callers retry)."""

from __future__ import annotations

import time
from typing import Any, Literal, Self

import httpx
import redis.asyncio as aioredis
from pydantic import BaseModel, ConfigDict

from infra.redis import namespace
from infra.settings import Settings
from infra.strava.rate_limits import Permit, StravaRateLimiter

Priority = Literal["live", "backfill"]
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class StravaError(Exception):
    """Strava answered with an error."""


class StravaUnauthorizedError(StravaError):
    pass


class StravaRejectedError(StravaError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Strava answered {status}: {message}")
        self.status = status


class StravaRateLimitedError(StravaError):
    def __init__(self, until: float) -> None:
        reopens = time.strftime("%H:%M:%S", time.gmtime(until))
        super().__init__(f"Strava's rate limit is reached until {reopens} UTC")
        self.until = until

    @property
    def wait_s(self) -> float:
        return max(0.0, self.until - time.time())


class StravaUnavailableError(ConnectionError):
    """Strava cannot be reached or failed (5xx): an outage, retried."""


class TokenGrant(BaseModel):
    """Strava's answer to a token exchange or refresh."""

    model_config = ConfigDict(extra="ignore")

    access_token: str
    refresh_token: str
    expires_at: int
    scope: str | None = None
    athlete: dict[str, Any] | None = None


class StravaClient:
    def __init__(
        self,
        *,
        api_url: str,
        oauth_url: str,
        client_id: int,
        client_secret: str,
        limiter: StravaRateLimiter | None,
        backfill_share: float = 0.75,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.api_url, self.oauth_url = api_url.rstrip("/"), oauth_url.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret
        self.limiter = limiter
        self.backfill_share = backfill_share
        self.http = http or httpx.AsyncClient(timeout=TIMEOUT)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.http.aclose()

    # OAuth: the application's credentials, no rate limit.
    async def exchange(self, code: str) -> TokenGrant:
        return await self._grant({"grant_type": "authorization_code", "code": code})

    async def refresh(self, refresh_token: str) -> TokenGrant:
        return await self._grant({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def deauthorize(self, access_token: str) -> None:
        response = await self._send("POST", f"{self.oauth_url}/deauthorize",
                                    data={"access_token": access_token})  # fmt: skip
        _check(response)

    async def _grant(self, fields: dict[str, str]) -> TokenGrant:
        data = {"client_id": str(self.client_id), "client_secret": self.client_secret, **fields}
        response = await self._send("POST", f"{self.oauth_url}/token", data=data)
        _check(response)
        return TokenGrant.model_validate(response.json())

    # API v3: an athlete's token, within the rate limits.
    async def activity(
        self, token: str, activity_id: int, priority: Priority
    ) -> dict[str, Any] | None:
        """The detailed activity, or None when Strava has no such activity for this athlete."""
        try:
            found = await self._api("GET", f"/activities/{activity_id}", token, priority)
        except StravaRejectedError as rejected:
            if rejected.status == 404:
                return None
            raise
        return dict(found)

    async def activities(
        self, token: str, *, after: int, page: int, per_page: int, priority: Priority
    ) -> list[dict[str, Any]]:
        params = {"after": after, "page": page, "per_page": per_page}
        found = await self._api("GET", "/athlete/activities", token, priority, params=params)
        return [dict(item) for item in found]

    async def create_activity(self, token: str, form: dict[str, str]) -> dict[str, Any]:
        created = await self._api("POST", "/activities", token, "live", data=form)
        return dict(created)

    async def _api(
        self, method: str, path: str, token: str, priority: Priority, **kwargs: Any
    ) -> Any:
        read = not (method == "POST" and path == "/activities")
        permit = await self._permit(read, priority)
        bearer = {"Authorization": f"Bearer {token}"}
        response = await self._send(method, f"{self.api_url}{path}", headers=bearer, **kwargs)
        headers = {name.lower(): value for name, value in response.headers.items()}
        if self.limiter is not None and permit is not None:
            await self.limiter.observe(permit, headers)
            if response.status_code == 429:
                raise StravaRateLimitedError(StravaRateLimiter.reopens(headers, permit))
        _check(response)
        return response.json()

    async def _permit(self, read: bool, priority: Priority) -> Permit | None:
        if self.limiter is None:
            return None
        share = 1.0 if priority == "live" else self.backfill_share
        granted = await self.limiter.acquire(read=read, share=share)
        if isinstance(granted, Permit):
            return granted
        raise StravaRateLimitedError(granted)

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self.http.request(method, url, **kwargs)
        except httpx.TransportError as lost:
            raise StravaUnavailableError(
                f"Strava cannot be reached: {type(lost).__name__}"
            ) from lost


def _check(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status >= 500:
        raise StravaUnavailableError(f"Strava answered {status}")
    if status == 401:
        raise StravaUnauthorizedError("Strava refused the athlete's token")
    if status == 429:
        raise StravaRateLimitedError(time.time() + 60)
    try:
        message = str(response.json().get("message", ""))[:200]
    except ValueError:
        message = response.text[:200]
    raise StravaRejectedError(status, message or "no reason given")


def strava_client(settings: Settings, limiter: StravaRateLimiter | None = None) -> StravaClient:
    """The deployment's Strava client (`limiter` for API calls; OAuth calls need none)."""
    return StravaClient(
        api_url=settings.strava_api, oauth_url=settings.strava_oauth,
        client_id=settings.strava_client_id,
        client_secret=settings.strava_client_secret.get_secret_value(),
        limiter=limiter, backfill_share=settings.strava_backfill_share,
    )  # fmt: skip


def _limits(value: str) -> tuple[int, int]:
    window, day = value.split(",")
    return int(window), int(day)


def rate_limiter(settings: Settings, redis: aioredis.Redis) -> StravaRateLimiter:
    """The limiter every process shares through the deployment's Redis."""
    return StravaRateLimiter(
        redis, namespace(settings), window_s=settings.strava_rate_window_s,
        limits=_limits(settings.strava_limits), read_limits=_limits(settings.strava_read_limits),
    )  # fmt: skip
