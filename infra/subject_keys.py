"""Per-account data keys for crypto-shredding (`contracts/personal.py` says what is sealed).

Each account that has personal data in events gets a random 256-bit key, kept in PostgreSQL
(`subject_keys`); its personal values are sealed with AES-256-GCM (the `cryptography` package),
the account id bound as associated data. Erasing the account deletes the key and keeps the row
(`erased_at`): from then on its sealed values open nowhere — event store, outbox, Kafka, backups
of the events taken without this table — and nothing new can be sealed for it.

Whoever applies events (the unit of work loading an aggregate, projectors, reactors) fetches the
keys of the events at hand in its own transaction, never from a cache: a key erased a moment ago
is not used again. Keys to seal with are remembered by each process that runs commands
(`RememberedKeys`), and the event store's append writes nothing if one of the accounts it sealed
for is erased by then: the statement that writes the events checks it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg
from cachetools import LRUCache
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from infra.database import read_once

KEY_BYTES = 32

_KEYS = (
    "SELECT subject_id, data_key, erased_at IS NOT NULL AS erased FROM subject_keys "
    "WHERE subject_id = ANY($1::uuid[])"
)
_KEYS_BY_NAME = text(_KEYS.replace("$1::uuid[]", "CAST(:s AS uuid[])"))
_KEY = "SELECT data_key, erased_at IS NOT NULL AS erased FROM subject_keys WHERE subject_id = $1"
_NEW_KEY = (
    "INSERT INTO subject_keys (subject_id, data_key) VALUES ($1, $2) "
    "ON CONFLICT (subject_id) DO NOTHING"
)
_ERASE = (
    "INSERT INTO subject_keys (subject_id, data_key, erased_at) VALUES ($1, NULL, now()) "
    "ON CONFLICT (subject_id) DO UPDATE SET data_key = NULL, "
    "erased_at = coalesce(subject_keys.erased_at, now())"
)


class SubjectErasedError(LookupError):
    """Personal data cannot be sealed for an account that was erased."""


@dataclass(frozen=True)
class KeyRing:
    """The keys of some accounts, and which of them were erased (one that never had a key was
    not); `contracts.personal.Opener` opens sealed values with them."""

    keys: dict[UUID, bytes] = field(default_factory=dict)
    erased: frozenset[UUID] = frozenset()

    @classmethod
    def of_rows(cls, rows: Iterable[Mapping[str, Any]]) -> KeyRing:
        found = list(rows)
        keys = {row["subject_id"]: bytes(row["data_key"]) for row in found if row["data_key"]}
        return cls(keys, frozenset(row["subject_id"] for row in found if row["erased"]))


class RememberedKeys:
    """Keys to seal with that a process has fetched, the most recently used few thousand (a key
    never changes; an erasure destroys it, which whoever seals with a remembered key must check
    where it writes: `EventStore.append` does)."""

    def __init__(self, size: int = 10_000) -> None:
        self._keys: LRUCache[UUID, bytes] = LRUCache(maxsize=size)

    def get(self, subject: UUID) -> bytes | None:
        return self._keys.get(subject)

    def remember(self, subject: UUID, key: bytes) -> None:
        self._keys[subject] = key

    def forget(self, subject: UUID) -> None:
        self._keys.pop(subject, None)


class SubjectKeys:
    """The key store on a command's connection (asyncpg): keys to seal with, erasure.

    With `remembered`, a key to seal with comes from the process's memory when it is there; the
    caller then re-checks that the account is not erased where it writes (`EventStore.append`
    does, in the statement that writes the events)."""

    def __init__(
        self, connection: asyncpg.Connection, remembered: RememberedKeys | None = None
    ) -> None:
        self.connection = connection
        self._keys: dict[UUID, bytes] = {}
        self._remembered = remembered

    async def key(self, subject: UUID) -> bytes:
        """The subject's key to seal with, made on first use; SubjectErasedError once erased."""
        if subject in self._keys:
            return self._keys[subject]
        if self._remembered is not None and (known := self._remembered.get(subject)):
            self._keys[subject] = known
            return known
        row = await self.connection.fetchrow(_KEY, subject)
        if row is None:
            await self.connection.execute(_NEW_KEY, subject, os.urandom(KEY_BYTES))
            row = await self.connection.fetchrow(_KEY, subject)
        if row is None or row["erased"] or row["data_key"] is None:
            raise SubjectErasedError(f"account {subject} was erased")
        self._keys[subject] = bytes(row["data_key"])
        if self._remembered is not None:
            self._remembered.remember(subject, self._keys[subject])
        return self._keys[subject]

    def forget(self, subject: UUID) -> None:
        """`subject` was found erased where a write checked it: its key is used no more."""
        self._keys.pop(subject, None)
        if self._remembered is not None:
            self._remembered.forget(subject)

    async def ring(self, subjects: Iterable[UUID]) -> KeyRing:
        wanted = sorted(set(subjects))
        if not wanted:
            return KeyRing()
        return KeyRing.of_rows(await self.connection.fetch(_KEYS, wanted))

    async def erase(self, subject: UUID) -> None:
        """Destroy the subject's key (and refuse it a new one)."""
        self.forget(subject)
        await self.connection.execute(_ERASE, subject)


async def ring_now(engine: AsyncEngine, subjects: Iterable[UUID]) -> KeyRing:
    """The keys of `subjects` as they are now, read outside any transaction in one round trip
    (a reactor's, before it handles an event; a job worker's)."""
    wanted = sorted(set(subjects))
    if not wanted:
        return KeyRing()
    rows = await read_once(engine, _KEYS_BY_NAME, {"s": wanted})
    return KeyRing.of_rows(dict(row._mapping) for row in rows)


async def ring_in(connection: AsyncConnection, subjects: Iterable[UUID]) -> KeyRing:
    """The keys of `subjects` as they are in this transaction (a projector's, a reactor's)."""
    wanted = sorted(set(subjects))
    if not wanted:
        return KeyRing()
    rows = await connection.execute(_KEYS_BY_NAME, {"s": wanted})
    return KeyRing.of_rows(dict(row._mapping) for row in rows)
