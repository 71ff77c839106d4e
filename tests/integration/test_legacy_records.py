"""Records written in clear before sealing (v1) are sealed in place by migration 0017, on the
real PostgreSQL: in the event store and the outbox alike, as their v2, readable with the
subject's key and the contracts' opener, `[erased]` for an account already erased, a record that
does not fit left as it was; a second run changes nothing. And the migration's pinned list of
personal fields is what the contracts mark."""

from __future__ import annotations

import importlib.util
import json
import uuid
from datetime import UTC, date, datetime
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.events import DomainEvent
from contracts.identity.events import AccountRegistered
from contracts.nutrition.events.days import TrainingDayMarked
from contracts.personal import (
    ERASED,
    OPEN,
    PERSONAL_SCHEMA_KEY,
    SEALED_PREFIX,
    Opener,
    subject_field_of,
)
from contracts.training.events import RunDeleted, RunRecorded
from infra.migrate import PROJECT_ROOT
from pacer import bootstrap

pytestmark = pytest.mark.integration


def _migration() -> ModuleType:
    path = PROJECT_ROOT / "migrations" / "versions" / "0017_seal_legacy_records.py"
    spec = importlib.util.spec_from_file_location("seal_legacy_records", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _migration()


async def _record_v1(
    engine: AsyncEngine,
    stream: str,
    version: int,
    event: DomainEvent,
    data: Any = None,
    event_type: str | None = None,
) -> str:
    """The event as a release before sealing wrote it: its v1 type, its values in clear."""
    event_type = event_type or event.event_type().replace(f".v{event.version}", ".v1")
    event_id = uuid.uuid4()
    data = json.dumps(data or event.model_dump(mode="json"))
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
        sealed: int = await sql.run_sync(lambda sync: MIGRATION.seal_legacy_records(sync, 2))
        return sealed


async def test_clear_records_of_before_sealing_are_sealed_in_place(engine: AsyncEngine) -> None:
    ada, bob = uuid.uuid4(), uuid.uuid4()
    email = f"{ada}@example.org"
    registered = AccountRegistered(account_id=ada, email=email, display_name="Ada Lovelace",
                                   role="athlete")  # fmt: skip
    run = RunRecorded(run_id=uuid.uuid4(), athlete_id=bob, distance_km=5, duration_s=1500,
                      started_at=datetime.now(UTC), notes="knee sore after the hills")  # fmt: skip
    deleted = RunDeleted(run_id=run.run_id, athlete_id=bob)
    broken = {"account_id": "not an account", "email": "who@example.org"}
    odd = await _record_v1(engine, f"odd-{ada}", 1, registered, data=broken)
    ada_event = await _record_v1(engine, str(ada), 1, registered)
    bob_event = await _record_v1(engine, str(run.run_id), 1, run)
    untouched = await _record_v1(engine, str(run.run_id), 2, deleted)
    async with engine.begin() as sql:  # Bob's account was erased before the upgrade
        await sql.execute(text("INSERT INTO subject_keys (subject_id, erased_at) "
                               "VALUES (:b, now())"), {"b": bob})  # fmt: skip

    assert await _sealing_run(engine) >= 2  # two a batch here: batches follow each other

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

    left = await _stored(engine, odd)  # names no account: left as it was, not guessed at
    assert left["event_type"] == "pacer.identity.AccountRegistered.v1"
    assert left["data"] == broken

    assert await _sealing_run(engine) == 0  # done once: only what does not fit is left
    assert await _stored(engine, ada_event) == stored


def test_the_migrations_pinned_personal_fields_are_those_the_contracts_mark() -> None:
    marked: dict[str, tuple[str | None, tuple[str, ...], str]] = {}
    for cls in bootstrap.contexts().event_types():
        schema = cls.model_json_schema()
        paths: set[tuple[str, ...]] = set()
        _personal_paths(schema, schema.get("$defs", {}), (), paths)
        for old in cls.type_names()[1:]:
            personal = tuple(sorted(".".join(p) for p in paths))
            marked[old] = (subject_field_of(cls), personal, cls.event_type())
    assert marked == MIGRATION.PERSONAL


def _personal_paths(node: Any, defs: dict[str, Any], path: tuple[str, ...],
                    found: set[tuple[str, ...]]) -> None:  # fmt: skip
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        _personal_paths(defs[node["$ref"].split("/")[-1]], defs, path, found)
    elif node.get(PERSONAL_SCHEMA_KEY):
        found.add(path)
    for option in (*node.get("anyOf", ()), *node.get("allOf", ())):
        _personal_paths(option, defs, path, found)
    for name, child in node.get("properties", {}).items():
        _personal_paths(child, defs, (*path, name), found)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            _personal_paths(node[key], defs, (*path, "*"), found)


async def test_workout_titles_copied_into_day_reasons_are_replaced_by_the_kind(
    engine: AsyncEngine,
) -> None:
    athlete = uuid.uuid4()
    title = "Ada's birthday long run scheduled"  # a workout's title, as a release copied it
    marked = TrainingDayMarked(athlete_id=athlete, source_id=uuid.uuid4(), day=date(2026, 5, 3),
                               kind="long_run", reason=title)  # fmt: skip
    kept = TrainingDayMarked(athlete_id=athlete, source_id=uuid.uuid4(), day=date(2026, 5, 5),
                             kind="hard_session", reason="12.0 km run recorded")  # fmt: skip
    copied = await _record_v1(engine, f"days-{athlete}", 1, marked)
    given = await _record_v1(engine, f"days-{athlete}", 2, kept)
    asked = {"plan_id": str(uuid.uuid4()), "athlete_id": str(athlete), "request": {"days": [
        {"kind": "long_run", "reason": title},
        {"kind": "normal", "reason": ""}, {"kind": "rest", "reason": "set by hand"},
    ]}}  # fmt: skip
    plan = await _record_v1(engine, f"plan-{athlete}", 1, marked, data=asked,
                            event_type="pacer.nutrition.MealPlanRequested.v2")  # fmt: skip

    async with engine.begin() as sql:
        changed: int = await sql.run_sync(lambda sync: MIGRATION.drop_copied_titles(sync, 2))
    assert changed >= 2

    for event_id in (copied, plan):
        stored = await _stored(engine, event_id)
        assert "birthday" not in json.dumps(stored)
        assert stored["payload"] == stored["data"]
    assert (await _stored(engine, copied))["data"]["reason"] == "long run planned"
    days = (await _stored(engine, plan))["data"]["request"]["days"]
    assert [day["reason"] for day in days] == ["long run planned", "", "set by hand"]
    assert (await _stored(engine, given))["data"]["reason"] == "12.0 km run recorded"
