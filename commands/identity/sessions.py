"""Login sessions: access tokens live 15 minutes; refresh tokens live 7 days, rotate on every
use, and the reuse of a spent refresh token revokes every token of its login (its family)."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from commands.errors import AuthenticationError
from commands.identity.passwords import verify_password
from infra.tokens import ACCESS_TOKEN_TTL, Principal, issue_access_token

REFRESH_TOKEN_TTL = timedelta(days=7)
SessionWork = Callable[[AsyncConnection, str], Awaitable["IssuedTokens"]]


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int


def _digest(token: str) -> str:
    # Only a digest is stored: a database leak does not hand out live refresh tokens.
    return hashlib.sha256(token.encode()).hexdigest()


async def _issue(
    connection: AsyncConnection, principal: Principal, family_id: UUID, key: str
) -> IssuedTokens:
    refresh = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    await connection.execute(
        text(
            "INSERT INTO refresh_tokens (token_hash, family_id, account_id, issued_at, expires_at)"
            " VALUES (:h, :f, :a, :now, :exp)"
        ),
        {
            "h": _digest(refresh),
            "f": family_id,
            "a": principal.account_id,
            "now": now,
            "exp": now + REFRESH_TOKEN_TTL,
        },
    )
    return IssuedTokens(
        access_token=issue_access_token(principal, key, now=now),
        refresh_token=refresh,
        expires_in=int(ACCESS_TOKEN_TTL.total_seconds()),
    )


async def log_in(connection: AsyncConnection, email: str, password: str, key: str) -> IssuedTokens:
    row = (
        await connection.execute(
            text("SELECT account_id, password_hash, role FROM credentials WHERE email = :e"),
            {"e": email.strip().lower()},
        )
    ).first()
    valid = await asyncio.to_thread(verify_password, row.password_hash if row else None, password)
    if row is None or not valid:
        raise AuthenticationError("wrong e-mail or password")
    return await _issue(connection, Principal(row.account_id, row.role), uuid4(), key)


async def refresh(connection: AsyncConnection, token: str, key: str) -> IssuedTokens:
    row = (
        await connection.execute(
            text(
                "SELECT t.family_id, t.account_id, t.expires_at, t.used_at, t.revoked_at, c.role "
                "FROM refresh_tokens t JOIN credentials c USING (account_id) "
                "WHERE t.token_hash = :h FOR UPDATE OF t"
            ),
            {"h": _digest(token)},
        )
    ).first()
    if row is None or row.revoked_at is not None:
        raise AuthenticationError("refresh token is not valid")
    if row.used_at is not None:
        # A spent token came back: someone holds a copy. End the whole login.
        await _revoke_family(connection, row.family_id)
        raise AuthenticationError("refresh token was already used; the session is revoked")
    if row.expires_at <= datetime.now(UTC):
        raise AuthenticationError("refresh token has expired")
    await connection.execute(
        text("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = :h"),
        {"h": _digest(token)},
    )
    return await _issue(connection, Principal(row.account_id, row.role), row.family_id, key)


async def log_out(connection: AsyncConnection, token: str) -> None:
    family = await connection.scalar(
        text("SELECT family_id FROM refresh_tokens WHERE token_hash = :h"), {"h": _digest(token)}
    )
    if family is not None:
        await _revoke_family(connection, family)


async def _revoke_family(connection: AsyncConnection, family_id: UUID) -> None:
    await connection.execute(
        text(
            "UPDATE refresh_tokens SET revoked_at = now() "
            "WHERE family_id = :f AND revoked_at IS NULL"
        ),
        {"f": family_id},
    )
