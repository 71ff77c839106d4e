"""Idempotency-Key: the same key and body get the stored response and cause nothing new; the same
key with another body is refused. The record is written in the command's own transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from infra.problems import ProblemError

MAX_KEY_LENGTH = 255


class IdempotencyKeyReusedError(ProblemError):
    status = 422
    problem_type = "idempotency-key-reused"
    title = "Idempotency key reused"


class InvalidIdempotencyKeyError(ProblemError):
    status = 400
    problem_type = "invalid-idempotency-key"
    title = "Invalid idempotency key"


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidIdempotencyKeyError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters"
        )


async def claim(connection: AsyncConnection, principal: str, key: str, fingerprint: str) -> bool:
    """Reserve the key in this transaction; False when it was already used.

    A concurrent request with the same key waits here until the first one's transaction ends:
    if that one committed, this one finds the key used and replays its answer; if it rolled
    back (the command failed), this one goes ahead.
    """
    claimed = await connection.execute(
        text(
            "INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response) "
            "VALUES (:p, :k, :h, 0, '{}'::jsonb) ON CONFLICT DO NOTHING RETURNING 1"
        ),
        {"p": principal, "k": key, "h": fingerprint},
    )
    return claimed.first() is not None


async def recall(
    connection: AsyncConnection, principal: str, key: str, fingerprint: str
) -> StoredResponse:
    row = (
        await connection.execute(
            text(
                "SELECT request_hash, status_code, response FROM idempotency_keys "
                "WHERE principal = :p AND key = :k"
            ),
            {"p": principal, "k": key},
        )
    ).one()
    if row.request_hash != fingerprint:
        raise IdempotencyKeyReusedError(
            "This Idempotency-Key was used with a different request; use a new key."
        )
    return StoredResponse(row.status_code, row.response)


async def complete(
    connection: AsyncConnection, principal: str, key: str, response: StoredResponse
) -> None:
    """Store the answer with the claimed key; both commit with the command's effects."""
    await connection.execute(
        text(
            "UPDATE idempotency_keys SET status_code = :s, response = CAST(:r AS jsonb) "
            "WHERE principal = :p AND key = :k"
        ),
        {"p": principal, "k": key, "s": response.status_code, "r": json.dumps(response.body)},
    )
