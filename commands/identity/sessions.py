"""Refresh tokens of login sessions. Only SHA-256 digests are stored, so a database leak does not
hand out live tokens. Tokens of one login form a family: rotating a token adds one to it, and
revoking the family ends the login."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

import asyncpg


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RefreshToken:
    token_hash: str
    family_id: UUID
    account_id: UUID
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None
    spent_by: str | None = None


class RefreshTokens(Protocol):
    async def add(self, token: RefreshToken) -> None: ...

    async def locked(self, token_hash: str) -> RefreshToken | None:
        """The token, locked until the transaction ends (two refreshes cannot both spend it)."""

    async def spend(self, token_hash: str, at: datetime, client: str) -> None: ...

    async def revoke_family(self, family_id: UUID, at: datetime) -> None: ...

    async def revoke_others(self, account_id: UUID, keep: UUID, at: datetime) -> list[UUID]:
        """Revoke every live login of the account but `keep`; the logins ended."""


class PostgresRefreshTokens:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def add(self, token: RefreshToken) -> None:
        await self.connection.execute(
            "INSERT INTO refresh_tokens (token_hash, family_id, account_id, issued_at, "
            "expires_at) VALUES ($1, $2, $3, $4, $5)",
            token.token_hash, token.family_id, token.account_id, token.issued_at,
            token.expires_at,
        )  # fmt: skip

    async def locked(self, token_hash: str) -> RefreshToken | None:
        row = await self.connection.fetchrow(
            "SELECT token_hash, family_id, account_id, issued_at, expires_at, used_at, "
            "revoked_at, spent_by FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
            token_hash,
        )
        return RefreshToken(*row) if row else None

    async def spend(self, token_hash: str, at: datetime, client: str) -> None:
        await self.connection.execute(
            "UPDATE refresh_tokens SET used_at = $2, spent_by = $3 WHERE token_hash = $1",
            token_hash, at, client,
        )  # fmt: skip

    async def revoke_family(self, family_id: UUID, at: datetime) -> None:
        await self.connection.execute(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
            family_id, at,
        )  # fmt: skip

    async def revoke_others(self, account_id: UUID, keep: UUID, at: datetime) -> list[UUID]:
        rows = await self.connection.fetch(
            "WITH revoked AS (UPDATE refresh_tokens SET revoked_at = $3 WHERE account_id = $1 "
            "AND family_id <> $2 AND revoked_at IS NULL AND expires_at > $3 RETURNING family_id) "
            "SELECT DISTINCT family_id FROM revoked",
            account_id, keep, at,
        )  # fmt: skip
        return [row["family_id"] for row in rows]
