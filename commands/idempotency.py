"""Idempotency keys: the same key with the same command gets the stored reply and causes nothing
new; the same key with another command is refused. The key is claimed in the command's own
transaction, so it commits (or rolls back) with the command's effects."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Protocol

import asyncpg
from pydantic import BaseModel

from commands.actors import Actor
from commands.errors import IdempotencyKeyReusedError, InvalidIdempotencyKeyError
from contracts.commands import Command
from contracts.types import HEADER_TEXT

MAX_KEY_LENGTH = 255
KEY_PATTERN = HEADER_TEXT


def check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not re.fullmatch(KEY_PATTERN, key):
        raise InvalidIdempotencyKeyError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters"
        )


def check_replayable(command: Command[Any], actor: Actor) -> None:
    """Keys are per account; a reply that hands out secrets (tokens) is never stored."""
    if actor.kind == "anonymous":
        raise InvalidIdempotencyKeyError("an Idempotency-Key needs a signed-in caller")
    if not type(command).replayable:
        raise InvalidIdempotencyKeyError(
            f"{type(command).__name__} cannot be made idempotent: its reply is not stored"
        )


def fingerprint(command: BaseModel) -> str:
    kind = f"{type(command).__module__}.{type(command).__qualname__}"
    return hashlib.sha256(f"{kind}\n{command.model_dump_json()}".encode()).hexdigest()


class IdempotencyKeys(Protocol):
    async def claim(self, principal: str, key: str, fingerprint: str) -> bool:
        """Reserve the key; False when it was used before (its reply is then `recall`ed).

        A concurrent claim of the same key waits until the first transaction ends: if that one
        committed, this one finds the key used; if it rolled back, this one goes ahead.
        """

    async def recall(self, principal: str, key: str, fingerprint: str) -> dict[str, Any]:
        """The stored reply; IdempotencyKeyReusedError if the key came with another command."""

    async def complete(self, principal: str, key: str, reply: dict[str, Any]) -> None:
        """Store the reply with the claimed key."""

    async def release(self, principal: str, key: str) -> None:
        """Give the claimed key up (the command was refused; a retry runs it again)."""


class PostgresIdempotencyKeys:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def claim(self, principal: str, key: str, fingerprint: str) -> bool:
        claimed = await self.connection.fetchval(
            "INSERT INTO idempotency_keys (principal, key, request_hash, response) "
            "VALUES ($1, $2, $3, '{}'::jsonb) ON CONFLICT DO NOTHING RETURNING 1",
            principal, key, fingerprint,
        )  # fmt: skip
        return claimed is not None

    async def recall(self, principal: str, key: str, fingerprint: str) -> dict[str, Any]:
        row = await self.connection.fetchrow(
            "SELECT request_hash, response FROM idempotency_keys "
            "WHERE principal = $1 AND key = $2",
            principal, key,
        )  # fmt: skip
        assert row is not None, "recalled in the transaction that found the key claimed"
        if row["request_hash"] != fingerprint:
            raise IdempotencyKeyReusedError(
                "This Idempotency-Key was used with a different request; use a new key."
            )
        reply: dict[str, Any] = row["response"]
        return reply

    async def complete(self, principal: str, key: str, reply: dict[str, Any]) -> None:
        await self.connection.execute(
            "UPDATE idempotency_keys SET response = $3::jsonb WHERE principal = $1 AND key = $2",
            principal, key, json.dumps(reply),
        )  # fmt: skip

    async def release(self, principal: str, key: str) -> None:
        await self.connection.execute(
            "DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2", principal, key
        )
