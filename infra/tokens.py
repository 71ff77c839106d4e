"""Access tokens (JWT, HS256) shared by both APIs: issued by the command side, checked by both."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal
from uuid import UUID, uuid4

import jwt

ALGORITHM = "HS256"
ISSUER = "pacer"
ACCESS_TOKEN_TTL = timedelta(minutes=15)
# Tokens whose signature was checked, remembered per process (a few hundred bytes each).
VERIFIED_TOKENS = 4096
Role = Literal["athlete", "coach", "admin"]


class InvalidTokenError(Exception):
    """Expired, tampered, wrongly signed or malformed access token."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: the account behind a valid access token, and its login session."""

    account_id: UUID
    role: Role
    session_id: UUID


def issue_access_token(principal: Principal, key: str, *, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "iss": ISSUER,
        "sub": str(principal.account_id),
        "role": principal.role,
        "iat": issued,
        "exp": issued + ACCESS_TOKEN_TTL,
        "sid": str(principal.session_id),
        "jti": uuid4().hex,
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_access_token(token: str, key: str) -> Principal:
    principal, expires = _verified(token, key)
    # A verified token is remembered (its signature is checked once), its expiry every time.
    if time.time() >= expires:
        raise InvalidTokenError("Signature has expired")
    return principal


@lru_cache(maxsize=VERIFIED_TOKENS)
def _verified(token: str, key: str) -> tuple[Principal, float]:
    """The principal of a token whose signature and claims hold, and when it expires (only a
    valid token is remembered: a failure raises and is not cached)."""
    try:
        # Only HS256 is accepted: a token declaring `alg: none` or any other algorithm fails.
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss", "sid"]},
        )
        role = claims.get("role")
        if role not in ("athlete", "coach", "admin"):
            raise InvalidTokenError("unknown role")
        principal = Principal(account_id=UUID(claims["sub"]), role=role,
                              session_id=UUID(claims["sid"]))  # fmt: skip
        return principal, float(claims["exp"])
    except (jwt.PyJWTError, ValueError, TypeError, AttributeError) as error:
        raise InvalidTokenError(str(error)) from None
