"""Projectors on real Kafka and PostgreSQL: batches apply in order, duplicates change nothing, a
poison event is parked without stopping the others, and a rebuild equals the live read model
without ever taking the live one away."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.envelope import EventEnvelope
from contracts.events import DEAD_LETTER_TOPIC
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun
from contracts.training.events import RunRecorded
from infra.database import create_engine
from infra.kafka import KafkaDeadLetters, ensure_topics, kafka_producer
from infra.settings import Settings
from pacer.bootstrap import contexts
from projections import consumer as consumer_module
from projections.consumer import consume
from projections.rebuild import rebuild
from projections.runner import Outcome, Prepared, ProjectionRunner
from projections.shadows import schema_of
from projections.training.runs import RunsProjection
from projections.training.shoes import ShoesProjection
from tests.conftest import unique
from tests.helpers import (
    NoDeadLetters,
    eventually,
    header,
    positions,
    published_relay,
    read_topic,
    run_body,
    runs_view,
    write_runs,
)

pytestmark = pytest.mark.integration
TRAINING = RunRecorded.topic()


@asynccontextmanager
async def dead_letter_sink(settings: Settings) -> AsyncIterator[KafkaDeadLetters]:
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    try:
        topic = settings.kafka_topic_prefix + DEAD_LETTER_TOPIC
        yield KafkaDeadLetters(producer, topic, "projection")
    finally:
        await producer.stop()


async def topics_made(settings: Settings) -> tuple[str, str]:
    """Every context's topics exist; the topic prefix and the bootstrap servers."""
    prefix, bootstrap = settings.kafka_topic_prefix, settings.kafka_bootstrap
    await ensure_topics(bootstrap, [prefix + topic for topic in contexts().topics()])
    return prefix, bootstrap


async def insert_poison(engine: AsyncEngine, data: dict[str, Any]) -> uuid.UUID:
    """An event in the store (and outbox) that no projection can apply: what older code or a
    manual repair could have left behind."""
    return await append_raw(engine, str(uuid.uuid4()), 1, data)


async def append_raw(
    engine: AsyncEngine, stream: str, version: int, data: dict[str, Any]
) -> uuid.UUID:
    """Append a RunRecorded-typed event with this payload, as it is, to a stream (created when
    new) in the store and the outbox."""
    event_id = uuid.uuid4()
    envelope = EventEnvelope(
        id=event_id, source="/pacer/training", type=RunRecorded.event_type(),
        time="2026-11-01T00:00:00Z", subject=stream, aggregateid=stream,
        aggregateversion=version, correlationid="poison",
    )  # fmt: skip
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO event_streams (stream_id, stream_type, version) "
                "VALUES (:s, 'run', :v) "
                "ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version"
            ),
            {"s": stream, "v": version},
        )
        await conn.execute(
            text(
                "INSERT INTO events (event_id, stream_id, version, event_type, data, metadata, "
                "recorded_at) VALUES (:id, :s, :v, :t, CAST(:d AS jsonb), CAST(:m AS jsonb), "
                "now())"
            ),
            {"id": event_id, "s": stream, "v": version, "t": envelope.type,
             "d": json.dumps(data), "m": envelope.model_dump_json(exclude_none=True)},
        )  # fmt: skip
        await conn.execute(
            text(
                "INSERT INTO outbox (event_id, topic, message_key, headers, payload) VALUES "
                "(:id, :topic, :key, CAST(:h AS jsonb), CAST(:p AS jsonb))"
            ),
            {"id": event_id, "topic": TRAINING, "key": stream, "p": json.dumps(data),
             "h": json.dumps({k: v.decode() for k, v in envelope.to_headers()})},
        )  # fmt: skip
    return event_id


async def project_all(settings: Settings, engine: AsyncEngine, expected: int) -> None:
    """Publish the outbox and apply every training record to the runs projection."""
    await published_relay(settings, engine)
    records = await read_topic(settings, TRAINING, expected=expected)
    async with dead_letter_sink(settings) as sink:
        runner = ProjectionRunner(RunsProjection(), engine, sink, max_attempts=2, retry_delay_s=0)
        await runner.process(records)


async def test_replaying_the_same_records_leaves_the_read_model_unchanged(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    await write_runs(bus, runs=6, corrections=1)
    await published_relay(pipeline_settings, engine)
    records = await read_topic(pipeline_settings, TRAINING, expected=12)
    runner = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())

    first = await runner.process(records)
    after_first = await runs_view(engine)
    replay = await runner.process([*records[:5], *records])

    assert first.applied == 12
    assert replay.applied == 0
    assert replay.duplicates == 17
    assert await runs_view(engine) == after_first
    assert len(after_first) == 6


async def test_a_run_recorded_corrected_and_deleted_in_one_batch_ends_deleted(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    athlete = uuid.uuid4()
    me = Actor.account(athlete, "athlete")
    kept, gone = uuid.uuid4(), uuid.uuid4()
    for run_id in (kept, gone):
        await bus.dispatch(RecordRun(run_id=run_id, athlete_id=athlete, **run_body()), me)
        await bus.dispatch(
            CorrectRun(run_id=run_id, athlete_id=athlete, expected_version=1, **run_body(3, 7.5)),
            me,
        )
    await bus.dispatch(DeleteRun(run_id=gone, athlete_id=athlete), me)

    await project_all(pipeline_settings, engine, expected=5)

    rows = await runs_view(engine)
    assert [(row[0], row[2], row[-1]) for row in rows] == [(kept, 7.5, 2)]
    assert dict(await positions(engine, "runs")) == {str(kept): 2, str(gone): 3}


async def test_a_deletion_in_one_wave_is_not_undone_by_upserts_in_the_next(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    athlete = uuid.uuid4()
    me = Actor.account(athlete, "athlete")
    gone, kept = uuid.uuid4(), uuid.uuid4()
    for command in (
        RecordRun(run_id=gone, athlete_id=athlete, **run_body()),
        RecordRun(run_id=kept, athlete_id=athlete, **run_body()),
        DeleteRun(run_id=gone, athlete_id=athlete),
        CorrectRun(run_id=kept, athlete_id=athlete, expected_version=1, **run_body(2, 9.0)),
    ):
        await bus.dispatch(command, me)

    await project_all(pipeline_settings, engine, expected=4)

    assert [(row[0], row[-1]) for row in await runs_view(engine)] == [(kept, 2)]


async def test_an_undecodable_event_does_not_hide_its_stream_s_earlier_events(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    athlete = uuid.uuid4()
    run_id = uuid.uuid4()
    await bus.dispatch(
        RecordRun(run_id=run_id, athlete_id=athlete, **run_body()),
        Actor.account(athlete, "athlete"),
    )
    await append_raw(engine, str(run_id), 2, {"run_id": str(run_id), "distance_km": -1})

    await project_all(pipeline_settings, engine, expected=2)

    assert [(row[0], row[-1]) for row in await runs_view(engine)] == [(run_id, 1)]
    assert dict(await positions(engine, "runs")) == {str(run_id): 2}


async def test_a_poison_event_is_parked_and_the_projector_keeps_going(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    prefix, bootstrap = await topics_made(pipeline_settings)
    poison_id = await insert_poison(engine, {"run_id": "not-a-uuid", "distance_km": -1})
    run_ids = await write_runs(bus, runs=3, corrections=0)
    await published_relay(pipeline_settings, engine)

    stop = asyncio.Event()
    async with dead_letter_sink(pipeline_settings) as sink:
        runner = ProjectionRunner(RunsProjection(), engine, sink, max_attempts=2, retry_delay_s=0)
        projecting = asyncio.create_task(consume([runner], bootstrap, stop, prefix))
        try:
            await eventually(lambda: _count_is(engine, len(run_ids)))
            dead = await read_topic(pipeline_settings, DEAD_LETTER_TOPIC, expected=1)
        finally:
            stop.set()
            await projecting

    assert [header(record, "ce_id") for record in dead] == [str(poison_id)]
    assert "ValidationError" in header(dead[0], "x-pacer-error")
    assert header(dead[0], "x-pacer-projection") == "runs"
    assert {str(row[0]) for row in await runs_view(engine)} == set(run_ids)
    assert await parked(engine) == [("runs", poison_id)]


async def test_projections_share_one_consumer_and_an_outage_of_one_reads_the_batch_again_for_all(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    prefix, bootstrap = await topics_made(pipeline_settings)
    run_ids = await write_runs(bus, runs=6, corrections=1)
    await published_relay(pipeline_settings, engine)
    runs = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())
    shoes = ProjectionRunner(ShoesProjection(), engine, NoDeadLetters())
    outcomes: list[Outcome] = []
    failed: list[Prepared] = []
    apply_runs, apply_shoes = runs.apply_prepared, shoes.apply_prepared

    async def counted(prepared: Prepared) -> Outcome:
        outcomes.append(await apply_runs(prepared))
        return outcomes[-1]

    async def down_once(prepared: Prepared) -> Outcome:
        if not failed:  # the database went away under the shoes' first batch
            failed.append(prepared)
            raise OSError("connection reset")
        return await apply_shoes(prepared)

    runs.apply_prepared = counted  # type: ignore[method-assign]
    shoes.apply_prepared = down_once  # type: ignore[method-assign]
    stop = asyncio.Event()
    projecting = asyncio.create_task(consume([runs, shoes], bootstrap, stop, prefix))
    try:
        await eventually(lambda: _count_is(engine, len(run_ids)))
        await eventually(lambda: _applied_twice(outcomes))
    finally:
        stop.set()
        await projecting

    # Every event reached the runs read model once, though its batch was read twice.
    assert sum(outcome.applied for outcome in outcomes) == 12
    assert sum(outcome.duplicates for outcome in outcomes) >= outcomes[0].applied > 0
    assert dict(await positions(engine, "runs")) == dict.fromkeys(run_ids, 2)


async def _applied_twice(outcomes: list[Outcome]) -> bool:
    return len(outcomes) >= 2 and sum(outcome.applied for outcome in outcomes) == 12


async def parked(engine: AsyncEngine) -> list[tuple[str, uuid.UUID]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT consumer, event_id FROM parked_events ORDER BY 1"))
        return [(row.consumer, row.event_id) for row in rows]


async def _count_is(engine: AsyncEngine, count: int) -> bool:
    return len(await runs_view(engine)) == count


async def test_a_rebuilt_read_model_equals_the_live_one(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    await write_runs(bus, runs=15, corrections=2)
    await project_all(pipeline_settings, engine, expected=45)
    live, live_positions = await runs_view(engine), await positions(engine, "runs")
    progress: list[tuple[int, int]] = []

    report = await rebuild(
        engine,
        RunsProjection(),
        NoDeadLetters(),
        lambda done, total: progress.append((done, total)),
    )

    assert report.applied == 45
    assert report.parked == []
    assert progress[-1] == (45, 45)
    assert await runs_view(engine) == live
    assert await positions(engine, "runs") == live_positions
    assert len(live) == 15
    assert not await schema_exists(engine, schema_of(RunsProjection()))


async def test_a_rebuild_parks_a_poison_event_as_the_live_projector_did_and_keeps_the_model(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    await write_runs(bus, runs=5, corrections=1)
    poison_id = await insert_poison(engine, {"run_id": str(uuid.uuid4()), "distance_km": -4})
    await write_runs(bus, runs=5, corrections=1)
    await project_all(pipeline_settings, engine, expected=21)
    live = await runs_view(engine)
    assert len(live) == 10

    # A fresh engine, as `pacer projections rebuild` has: no connection has staged rows before.
    fresh = create_engine(pipeline_settings)
    try:
        async with dead_letter_sink(pipeline_settings) as sink:
            report = await rebuild(fresh, RunsProjection(), sink, max_attempts=2)
    finally:
        await fresh.dispose()

    assert await runs_view(engine) == live
    assert [parked.event_id for parked in report.parked] == [poison_id]
    assert "ValidationError" in report.parked[0].error
    assert report.applied == 20
    assert await parked(engine) == [("runs", poison_id)]


async def test_a_rebuild_that_dies_half_way_leaves_the_live_model_and_the_next_one_succeeds(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    await write_runs(bus, runs=12, corrections=0)
    await project_all(pipeline_settings, engine, expected=12)
    live = await runs_view(engine)

    def die_after_the_first_page(done: int, total: int) -> None:
        if done:
            raise CrashError

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("projections.rebuild.PAGE", 5)
        with pytest.raises(CrashError):
            await rebuild(engine, RunsProjection(), NoDeadLetters(), die_after_the_first_page)
    assert await runs_view(engine) == live

    # A process killed outright leaves its shadow schema behind; the next rebuild clears it.
    shadow = schema_of(RunsProjection())
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{shadow}"'))
        await conn.execute(text(f'CREATE TABLE "{shadow}".runs_view (junk int)'))
    report = await rebuild(engine, RunsProjection(), NoDeadLetters())
    assert report.applied == 12
    assert await runs_view(engine) == live


async def test_the_live_projector_keeps_applying_during_a_rebuild_and_after_the_swap(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    prefix, bootstrap = await topics_made(pipeline_settings)
    await write_runs(bus, runs=40, corrections=1)
    stop = asyncio.Event()
    runner = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())
    projecting = asyncio.create_task(consume([runner], bootstrap, stop, prefix))
    try:
        await published_relay(pipeline_settings, engine)
        await eventually(lambda: _count_is(engine, 40))

        async def keep_writing() -> None:
            for _ in range(6):
                await write_runs(bus, runs=5, corrections=1)
                await published_relay(pipeline_settings, engine)

        await asyncio.gather(keep_writing(), rebuild(engine, RunsProjection(), NoDeadLetters()))
        await eventually(lambda: _count_is(engine, 70))
        live = await runs_view(engine)
    finally:
        stop.set()
        await projecting

    await rebuild(engine, RunsProjection(), NoDeadLetters())
    assert await runs_view(engine) == live


async def test_a_reader_holding_the_table_delays_the_swap_but_never_sees_half_a_model(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    await write_runs(bus, runs=8, corrections=1)
    await project_all(pipeline_settings, engine, expected=16)
    live = await runs_view(engine)

    async def long_read() -> int:
        async with engine.begin() as conn:
            count = await conn.scalar(text("SELECT count(*) FROM runs_view"))
            await asyncio.sleep(3)  # holds its lock on runs_view past one swap attempt
            return int(count or 0)

    reading = asyncio.create_task(long_read())
    await asyncio.sleep(0.2)
    report = await rebuild(engine, RunsProjection(), NoDeadLetters())

    assert await reading == 8
    assert report.applied == 16
    assert await runs_view(engine) == live


class CrashError(Exception):
    """Stands for whatever ends a rebuild half way."""


async def schema_exists(engine: AsyncEngine, schema: str) -> bool:
    async with engine.connect() as conn:
        found = await conn.scalar(
            text("SELECT count(*) FROM information_schema.schemata WHERE schema_name = :s"),
            {"s": schema},
        )
        return bool(found)


async def test_a_live_batch_holds_what_was_sent_while_the_consumer_held_a_fetch_unread(
    pipeline_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Generous bounds: the test is about what the batch holds, not how fast the fetch is.
    monkeypatch.setattr(consumer_module, "AT_ONCE_S", 1.0)
    monkeypatch.setattr(consumer_module, "TOP_UP_MS", 10_000)
    bootstrap = pipeline_settings.kafka_bootstrap
    topic = pipeline_settings.kafka_topic_prefix + unique("live")
    await ensure_topics(bootstrap, [topic])
    producer = kafka_producer(bootstrap)
    reader = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await producer.start()
    await reader.start()
    try:
        await producer.send_and_wait(topic, b"first", key=b"one-stream")

        async def fetched() -> bool:  # fetched and held, not read: its high watermark is known
            return any(reader.highwater(partition) for partition in reader.assignment())

        await eventually(fetched)
        # While that fetch is held unread the consumer fetches nothing more from its partition.
        for n in range(5):
            await producer.send_and_wait(topic, f"later {n}".encode(), key=b"one-stream")

        batch = await consumer_module._poll([], reader)

        assert batch is not None
        assert [message.value for messages in batch.polled.values() for message in messages] == [
            b"first",
            *(f"later {n}".encode() for n in range(5)),
        ]
    finally:
        await reader.stop()
        await producer.stop()
