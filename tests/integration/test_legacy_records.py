"""Records written in clear before sealing (v1) are sealed in place by migration 0017's step, on
the real PostgreSQL: in the event store and the outbox alike, as their v2, readable with the
subject's key and `[erased]` for an account already erased; a second run changes nothing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.legacy_records import seal_legacy_records
from contracts.events import DomainEvent
from contracts.identity.events import AccountRegistered
from contracts.personal import ERASED, OPEN, SEALED_PREFIX, Opener
from contracts.training.events import RunDeleted, RunRecorded
from pacer import bootstrap

pytestmark = pytest.mark.integration


async def _record_v1(engine: AsyncEngine, stream: str, version: int, event: DomainEvent) -> str:
    """The event as a release before sealing wrote it: its v1 type, its values in clear."""
    event_type = event.event_type().replace(f".v{event.version}", ".v1")
    event_id = uuid.uuid4()
    data = json.dumps(event.model_dump(mode="json"))
    metadata = json.dumps({"id": str(event_id), "type": event_type})
    headers = json.dumps({"ce_id": str(event_id), "ce_type": event_type})
    async with engine.begin() as sql:
        await sql.execute(
            text(
                "INSERT INTO event_streams (stream_id, stream_type, version) "
                "VALUES (:s, 'test', :v) ON CONFLICT (stream_id) DO UPDATE SET version = :v"
            ),
            {"s": stream, "v": version},
        )
        await sql.execute(
            text(
                "INSERT INTO events (event_id, stream_id, version, event_type, data, metadata, "
                "recorded_at) VALUES (:id, :s, :v, :t, CAST(:d AS jsonb), CAST(:m AS jsonb), now())"
            ),
            {"id": event_id, "s": stream, "v": version, "t": event_type, "d": data, "m": metadata},
        )
        await sql.execute(text(
            "INSERT INTO outbox (event_id, topic, message_key, headers, payload, published_at) "
            "VALUES (:id, 'pacer.test', :s, CAST(:h AS jsonb), CAST(:d AS jsonb), now())"
        ), {"id": event_id, "s": stream, "h": headers, "d": data})  # fmt: skip
    return str(event_id)


async def _stored(engine: AsyncEngine, event_id: str) -> dict[str, Any]:
    async with engine.connect() as sql:
        found = await sql.execute(
            text("SELECT e.event_type, e.data, e.metadata, o.payload, o.headers FROM events e "
                 "JOIN outbox o USING (event_id) WHERE e.event_id = :id"),
            {"id": event_id},
        )  # fmt: skip
        row = found.one()
    return dict(row._mapping)


async def _sealing_run(engine: AsyncEngine) -> int:
    async with engine.begin() as sql:
        types = bootstrap.contexts().event_types()
        return await sql.run_sync(lambda sync: seal_legacy_records(sync, types))


async def test_clear_records_of_before_sealing_are_sealed_in_place(engine: AsyncEngine) -> None:
    ada, bob = uuid.uuid4(), uuid.uuid4()
    email = f"{ada}@example.org"
    registered = AccountRegistered(account_id=ada, email=email, display_name="Ada Lovelace",
                                   role="athlete")  # fmt: skip
    run = RunRecorded(run_id=uuid.uuid4(), athlete_id=bob, distance_km=5, duration_s=1500,
                      started_at=datetime.now(UTC), notes="knee sore after the hills")  # fmt: skip
    deleted = RunDeleted(run_id=run.run_id, athlete_id=bob)
    ada_event = await _record_v1(engine, str(ada), 1, registered)
    bob_event = await _record_v1(engine, str(run.run_id), 1, run)
    untouched = await _record_v1(engine, str(run.run_id), 2, deleted)
    async with engine.begin() as sql:  # Bob's account was erased before the upgrade
        await sql.execute(text("INSERT INTO subject_keys (subject_id, erased_at) "
                               "VALUES (:b, now())"), {"b": bob})  # fmt: skip

    assert await _sealing_run(engine) >= 2

    stored = await _stored(engine, ada_event)
    assert stored["event_type"] == AccountRegistered.event_type()  # now its v2
    assert stored["metadata"]["type"] == AccountRegistered.event_type()
    assert stored["metadata"]["datasubject"] == str(ada)
    assert stored["headers"]["ce_type"] == AccountRegistered.event_type()
    assert stored["headers"]["ce_datasubject"] == str(ada)
    assert stored["payload"] == stored["data"]  # the outbox row holds the same sealed values
    assert email not in json.dumps(stored)
    assert "Lovelace" not in json.dumps(stored)
    assert stored["data"]["email"].startswith(SEALED_PREFIX)
    async with engine.connect() as sql:
        key = await sql.scalar(text("SELECT data_key FROM subject_keys WHERE subject_id = :a"),
                               {"a": ada})  # fmt: skip
    opened = AccountRegistered.model_validate(stored["data"], context={OPEN: Opener({ada: key})})
    assert opened == registered

    erased = await _stored(engine, bob_event)
    assert erased["data"]["notes"] == ERASED
    assert erased["payload"]["notes"] == ERASED
    assert erased["event_type"] == RunRecorded.event_type()

    before = await _stored(engine, untouched)  # nothing personal, no later version: as it was
    assert before["event_type"] == RunDeleted.event_type()
    assert "datasubject" not in before["metadata"]

    assert await _sealing_run(engine) == 0  # done once: nothing of v1 is left
    assert await _stored(engine, ada_event) == stored
