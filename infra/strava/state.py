"""The `state` of a Strava authorisation: which Pacer account asked, signed (a JWT on the
deployment's key) and short-lived; the callback spends it once (Redis), so a link sniffed or
replayed connects nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import jwt

AUDIENCE = "pacer:strava-connect"
LIFETIME = timedelta(minutes=10)


class InvalidStateError(ValueError):
    """The state is not one Pacer signed, or it expired."""


def sign_state(account_id: UUID, key: str, *, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims = {"sub": str(account_id), "jti": uuid4().hex, "aud": AUDIENCE,
              "iat": issued, "exp": issued + LIFETIME}  # fmt: skip
    return jwt.encode(claims, key, algorithm="HS256")


def read_state(state: str, key: str) -> tuple[UUID, str]:
    """The account and the state's single-use id."""
    try:
        claims = jwt.decode(state, key, algorithms=["HS256"], audience=AUDIENCE,
                            options={"require": ["sub", "jti", "exp"]})  # fmt: skip
        return UUID(claims["sub"]), str(claims["jti"])
    except (jwt.PyJWTError, ValueError) as invalid:
        raise InvalidStateError("the authorisation state is invalid or expired") from invalid
