"""Rate limits as routes use them: a named policy from the settings, keyed by the caller's
account or client address. Limits are counted in Redis (see `infra/rate_limits.py`), so every API
process of a deployment counts together."""

from __future__ import annotations

from fastapi import Request

from infra.rate_limits import RateLimit


def rate_limit(request: Request, name: str, policy: str) -> RateLimit:
    """The app's `RateLimit` called `name` (made on first use from `policy`)."""
    limits: dict[str, RateLimit] = request.app.state.rate_limits
    if name not in limits:
        limits[name] = RateLimit(request.app.state.limiter, name, policy)
    return limits[name]


def client_address(request: Request) -> str:
    """The caller's IP address (behind a proxy, as the proxy reports it: see
    `PACER_FORWARDED_ALLOW_IPS`)."""
    return request.client.host if request.client else "unknown"
