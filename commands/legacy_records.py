"""Records written before personal values were sealed: sealed in place, once.

Event types whose personal fields are sealed were published anew as v2; records of their v1,
written before, hold those values in clear in the event store and in the outbox (published rows
are kept there). `seal_legacy_records` rewrites each such record as its v2: the personal values
sealed with the subject's key (made if the account has none yet), the type and envelope naming
v2 and the subject, in the events table and in the record's outbox row alike. A record of an
account already erased keeps `ERASED` where its personal values were.

It runs once, as a migration (`0017`), in the migration's transaction. Kafka cannot be
rewritten: v1 records already published stay on their topics until retention removes them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, text

from contracts.events import DomainEvent
from contracts.personal import ERASED, SEAL, Sealer, sealing_subject, subject_of
from infra.subject_keys import KEY_BYTES

BATCH = 500

_LEGACY = text(
    "SELECT e.global_position, e.event_id, e.event_type, e.data, e.metadata FROM events e "
    "WHERE e.event_type = ANY(:types) AND e.global_position > :after "
    "ORDER BY e.global_position LIMIT :limit"
)
_KEY = text("SELECT data_key FROM subject_keys WHERE subject_id = :s")
_NEW_KEY = text(
    "INSERT INTO subject_keys (subject_id, data_key) VALUES (:s, :k) "
    "ON CONFLICT (subject_id) DO NOTHING"
)
_EVENT = text(
    "UPDATE events SET event_type = :type, data = CAST(:data AS jsonb), "
    "metadata = CAST(:metadata AS jsonb) WHERE global_position = :position"
)
_OUTBOX = text(
    "UPDATE outbox SET payload = CAST(:data AS jsonb), headers = headers "
    "|| CAST(:headers AS jsonb) WHERE event_id = :event"
)


class _Erasing:
    """What a value of an erased account becomes: it can no longer be sealed for it."""

    def seal(self, plaintext: str) -> str:
        return ERASED


def seal_legacy_records(connection: Connection, classes: Iterable[type[DomainEvent]]) -> int:
    """Rewrite every clear record of an earlier version of the sealing `classes` as their
    current version; returns how many were rewritten."""
    legacy = {
        old: cls for cls in classes if cls.earlier_versions for old in cls.type_names()[1:]
    }  # fmt: skip
    if not legacy:
        return 0
    keys: dict[UUID, bytes | None] = {}
    rewritten, after = 0, 0
    while rows := connection.execute(
        _LEGACY, {"types": sorted(legacy), "after": after, "limit": BATCH}
    ).all():
        for row in rows:
            after = row.global_position
            cls = legacy[row.event_type]
            event = cls.model_validate(row.data)
            data = _sealed(connection, event, keys)
            metadata = {**row.metadata, "type": cls.event_type()}
            headers: dict[str, str] = {"ce_type": cls.event_type()}
            if (subject := subject_of(event)) is not None:
                metadata["datasubject"] = headers["ce_datasubject"] = str(subject)
            payload = json.dumps(data)
            connection.execute(_EVENT, {"type": cls.event_type(), "data": payload,
                                        "metadata": json.dumps(metadata),
                                        "position": row.global_position})  # fmt: skip
            connection.execute(_OUTBOX, {"data": payload, "headers": json.dumps(headers),
                                         "event": row.event_id})  # fmt: skip
            rewritten += 1
    return rewritten


def _sealed(
    connection: Connection, event: DomainEvent, keys: dict[UUID, bytes | None]
) -> dict[str, Any]:
    """The event as its current version stores it."""
    subject = sealing_subject(event)
    if subject is None:
        plain: dict[str, Any] = event.model_dump(mode="json")
        return plain
    if subject not in keys:
        keys[subject] = _key(connection, subject)
    key = keys[subject]
    sealer = Sealer(subject, key) if key is not None else _Erasing()
    sealed: dict[str, Any] = event.model_dump(mode="json", context={SEAL: sealer})
    return sealed


def _key(connection: Connection, subject: UUID) -> bytes | None:
    """The subject's key, made if it has none; None when the account was erased."""
    key = connection.execute(_KEY, {"s": subject}).scalar()
    if key is None and connection.execute(_KEY, {"s": subject}).first() is None:
        connection.execute(_NEW_KEY, {"s": subject, "k": os.urandom(KEY_BYTES)})
        key = connection.execute(_KEY, {"s": subject}).scalar()
    return bytes(key) if key is not None else None


__all__ = ["seal_legacy_records"]
