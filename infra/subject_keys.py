"""Per-account data keys for crypto-shredding (`contracts/personal.py` says what is sealed).

Each account that has personal data in events gets a random 256-bit key, kept in PostgreSQL
(`subject_keys`); its personal values are sealed with AES-256-GCM (the `cryptography` package),
the account id bound as associated data. Erasing the account deletes the key and keeps the row
(`erased_at`): from then on its sealed values open nowhere — event store, outbox, Kafka, backups
of the events — and nothing new can be sealed for it.

Whoever applies events (the unit of work loading an aggregate, projectors, reactors) fetches the
keys of the events at hand in its own transaction, never from a cache: a key erased a moment ago
is not used again.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

import asyncpg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.personal import ERASED, SEALED_PREFIX

NONCE_BYTES = 12
KEY_BYTES = 32

_KEYS = (
    "SELECT subject_id, data_key, erased_at IS NOT NULL AS erased FROM subject_keys "
    "WHERE subject_id = ANY($1::uuid[])"
)
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


class Sealer:
    """Seals text with one subject's key."""

    def __init__(self, subject: UUID, key: bytes) -> None:
        self.subject = subject
        self._aead = AESGCM(key)

    def seal(self, plaintext: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), self.subject.bytes)
        token = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
        return f"{SEALED_PREFIX}{self.subject}:{token}"


class Opener:
    """Opens sealed values with the keys at hand: a subject without a key (erased, or never
    given one) reads as `ERASED`."""

    def __init__(self, keys: Mapping[UUID, bytes | None], erased: Iterable[UUID] = ()) -> None:
        self._aeads = {subject: AESGCM(bytes(key)) for subject, key in keys.items() if key}
        self._erased = frozenset(erased)

    def erased(self, subject: UUID | None) -> bool:
        """Whether the account was erased (one that never had a key was not)."""
        return subject in self._erased

    @classmethod
    def of_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Opener:
        found = list(rows)
        keys = {row["subject_id"]: row["data_key"] for row in found}
        erased = [row["subject_id"] for row in found if row["erased"]]
        return cls(keys, erased)

    def open(self, sealed: str) -> str:
        try:
            subject_text, token = sealed[len(SEALED_PREFIX) :].split(":", 1)
            subject = UUID(subject_text)
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, binascii.Error):
            raise ValueError("a sealed value is malformed") from None
        aead = self._aeads.get(subject)
        if aead is None:
            return ERASED
        try:
            return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], subject.bytes).decode()
        except InvalidTag:
            raise ValueError("a sealed value does not open with its subject's key") from None


class SubjectKeys:
    """The key store on a command's connection (asyncpg): keys to seal with, erasure."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self._sealers: dict[UUID, Sealer] = {}

    async def sealer(self, subject: UUID) -> Sealer:
        """The subject's sealer, its key made on first use; SubjectErasedError once erased."""
        if subject in self._sealers:
            return self._sealers[subject]
        row = await self.connection.fetchrow(_KEY, subject)
        if row is None:
            await self.connection.execute(_NEW_KEY, subject, os.urandom(KEY_BYTES))
            row = await self.connection.fetchrow(_KEY, subject)
        if row is None or row["erased"] or row["data_key"] is None:
            raise SubjectErasedError(f"account {subject} was erased")
        self._sealers[subject] = Sealer(subject, bytes(row["data_key"]))
        return self._sealers[subject]

    async def opener(self, subjects: Iterable[UUID]) -> Opener:
        wanted = sorted(set(subjects))
        if not wanted:
            return Opener({})
        return Opener.of_rows(await self.connection.fetch(_KEYS, wanted))

    async def erase(self, subject: UUID) -> None:
        """Destroy the subject's key (and refuse it a new one)."""
        self._sealers.pop(subject, None)
        await self.connection.execute(_ERASE, subject)


async def opener_in(connection: AsyncConnection, subjects: Iterable[UUID]) -> Opener:
    """The keys of `subjects` as they are in this transaction (a projector's, a reactor's)."""
    wanted = sorted(set(subjects))
    if not wanted:
        return Opener({})
    rows = await connection.execute(text(_KEYS.replace("$1::uuid[]", ":s")), {"s": wanted})
    return Opener.of_rows(dict(row._mapping) for row in rows)
