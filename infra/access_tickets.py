"""Access tickets (JWT, HS256): issued by the command side when a coach opens an athlete's data
for one scope (the access is recorded as an event), checked by the query API beside the live
grant. A ticket is not an access token: its issuer and audience differ, so neither passes for
the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import jwt

ALGORITHM = "HS256"
ISSUER = "pacer-access"
AUDIENCE = "pacer-query"


class InvalidTicketError(Exception):
    """Expired, tampered, wrongly signed or malformed access ticket."""


@dataclass(frozen=True)
class AccessClaims:
    ticket_id: UUID
    coach_id: UUID
    athlete_ids: tuple[UUID, ...]
    scope: str
    expires_at: datetime


def issue_ticket(claims: AccessClaims, key: str, *, now: datetime | None = None) -> str:
    return jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": str(claims.coach_id),
            "ath": [str(athlete) for athlete in claims.athlete_ids],
            "scp": claims.scope,
            "jti": str(claims.ticket_id),
            "iat": now or datetime.now(UTC),
            "exp": claims.expires_at,
        },
        key,
        algorithm=ALGORITHM,
    )


def read_ticket(ticket: str, key: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            ticket,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "iss", "aud", "ath", "scp", "jti"]},
        )
        if not isinstance(claims["scp"], str) or not isinstance(claims["ath"], list):
            raise InvalidTicketError("malformed scope or athletes")
        return AccessClaims(
            ticket_id=UUID(claims["jti"]),
            coach_id=UUID(claims["sub"]),
            athlete_ids=tuple(UUID(athlete) for athlete in claims["ath"]),
            scope=claims["scp"],
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except (jwt.PyJWTError, ValueError, TypeError, AttributeError) as error:
        raise InvalidTicketError(str(error)) from None
