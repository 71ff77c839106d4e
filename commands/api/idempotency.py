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


async def recall(
    connection: AsyncConnection, principal: str, key: str, fingerprint: str
) -> StoredResponse | None:
    row = (
        await connection.execute(
            text(
                "SELECT request_hash, status_code, response FROM idempotency_keys "
                "WHERE principal = :p AND key = :k"
            ),
            {"p": principal, "k": key},
        )
    ).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise IdempotencyKeyReusedError(
            "This Idempotency-Key was used with a different request; use a new key."
        )
    return StoredResponse(row.status_code, row.response)


async def remember(
    connection: AsyncConnection,
    principal: str,
    key: str,
    fingerprint: str,
    response: StoredResponse,
) -> None:
    # A concurrent request with the same key blocks here until this one commits, then fails on
    # the primary key: the caller answers it with the stored response.
    await connection.execute(
        text(
            "INSERT INTO idempotency_keys (principal, key, request_hash, status_code, response) "
            "VALUES (:p, :k, :h, :s, CAST(:r AS jsonb))"
        ),
        {
            "p": principal,
            "k": key,
            "h": fingerprint,
            "s": response.status_code,
            "r": json.dumps(response.body),
        },
    )
