"""Strava's errors: raised anywhere in the local Strava, answered by one exception handler with
the swagger's `Fault` body, `{"message": str, "errors": [{"resource", "field", "code"}]}`."""

from __future__ import annotations

from typing import Any


class StravaError(Exception):
    """An error Strava would answer with this status and Fault body."""

    def __init__(self, status: int, message: str, resource: str, field: str, code: str) -> None:
        super().__init__(f"{status} {message}: {resource}.{field} {code}")
        self.status = status
        self.message = message
        self.error = {"resource": resource, "field": field, "code": code}

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "errors": [self.error]}


def bad_request(resource: str, field: str, code: str = "invalid") -> StravaError:
    return StravaError(400, "Bad Request", resource, field, code)


def not_found(resource: str, field: str = "id") -> StravaError:
    return StravaError(404, "Resource Not Found", resource, field, "not found")


def unauthorized(resource: str, field: str, code: str = "invalid") -> StravaError:
    return StravaError(401, "Authorization Error", resource, field, code)


def invalid_token() -> StravaError:
    return unauthorized("Athlete", "access_token")


def missing_permission(scope: str) -> StravaError:
    return unauthorized("AccessToken", f"{scope}_permission", "missing")


def rate_limited() -> StravaError:
    return StravaError(429, "Rate Limit Exceeded", "Application", "rate limit", "exceeded")
