"""Credentials: the login e-mail (unique), password hash, role and whether an admin disabled it,
of each account. They never travel in events; the unique e-mail is enforced here, in the
registering command's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

import asyncpg

from contracts.identity.profile import Role


@dataclass(frozen=True)
class Credential:
    account_id: UUID
    email: str
    password_hash: str
    role: Role
    disabled: bool = False


class Credentials(Protocol):
    async def add(self, credential: Credential) -> bool:
        """Store a new account's credential; False when its e-mail is taken."""

    async def by_email(self, email: str) -> Credential | None: ...

    async def by_account(self, account_id: UUID) -> Credential | None: ...

    async def change_email(self, account_id: UUID, email: str) -> bool:
        """False when another account has `email`."""

    async def change_password(self, account_id: UUID, password_hash: str) -> None: ...

    async def set_role(self, account_id: UUID, role: Role) -> None: ...

    async def set_disabled(self, account_id: UUID, disabled: bool) -> None: ...

    async def remove(self, account_id: UUID) -> None:
        """Forget the account's login and its refresh tokens (its e-mail is free again)."""


class PostgresCredentials:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def add(self, credential: Credential) -> bool:
        inserted = await self.connection.fetchval(
            "INSERT INTO credentials (account_id, email, password_hash, role) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING 1",
            credential.account_id, credential.email, credential.password_hash, credential.role,
        )  # fmt: skip
        return inserted is not None

    async def by_email(self, email: str) -> Credential | None:
        return await self._one("email = $1", email)

    async def change_email(self, account_id: UUID, email: str) -> bool:
        # Taken e-mails are seen first; the unique index settles a race, aborting the command.
        changed = await self.connection.fetchval(
            "UPDATE credentials SET email = $2 WHERE account_id = $1 AND NOT EXISTS "
            "(SELECT 1 FROM credentials WHERE email = $2) RETURNING 1",
            account_id, email,
        )  # fmt: skip
        return changed is not None

    async def change_password(self, account_id: UUID, password_hash: str) -> None:
        await self.connection.execute(
            "UPDATE credentials SET password_hash = $2 WHERE account_id = $1",
            account_id, password_hash,
        )  # fmt: skip

    async def set_role(self, account_id: UUID, role: Role) -> None:
        await self.connection.execute(
            "UPDATE credentials SET role = $2 WHERE account_id = $1", account_id, role
        )

    async def set_disabled(self, account_id: UUID, disabled: bool) -> None:
        await self.connection.execute(
            "UPDATE credentials SET disabled = $2 WHERE account_id = $1", account_id, disabled
        )

    async def by_account(self, account_id: UUID) -> Credential | None:
        return await self._one("account_id = $1", account_id)

    async def _one(self, condition: str, key: object) -> Credential | None:
        row = await self.connection.fetchrow(
            "SELECT account_id, email, password_hash, role, disabled FROM credentials "  # noqa: S608
            f"WHERE {condition}",
            key,
        )
        if row is None:
            return None
        return Credential(
            row["account_id"], row["email"], row["password_hash"], row["role"], row["disabled"]
        )

    async def remove(self, account_id: UUID) -> None:
        # Its refresh tokens (revoked by then) go with it: they name the account's devices.
        await self.connection.execute(
            "DELETE FROM refresh_tokens WHERE account_id = $1", account_id
        )
        await self.connection.execute("DELETE FROM credentials WHERE account_id = $1", account_id)
