"""The outbox relay on real PostgreSQL and Kafka: order per aggregate, nothing lost when it is
killed, one active relay at a time."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

import pytest
from aiokafka.errors import KafkaError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.bus import CommandBus
from contracts.training.events import RunRecorded
from infra.kafka import kafka_producer
from infra.settings import Settings
from pacer.processes import app_processes
from tests.conftest import unique
from tests.helpers import eventually, header, published_relay, read_topic, write_runs
from workers import relay as relay_module
from workers.relay import OutboxRelay

TRAINING = RunRecorded.topic()

pytestmark = pytest.mark.integration


async def unpublished(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(
            await conn.scalar(text("SELECT count(*) FROM outbox WHERE published_at IS NULL")) or 0
        )


async def below(engine: AsyncEngine, count: int) -> bool:
    return await unpublished(engine) < count


async def outbox_ids(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return {str(row[0]) for row in await conn.execute(text("SELECT event_id FROM outbox"))}


async def test_events_reach_kafka_keyed_and_in_version_order(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    run_ids = await write_runs(bus, runs=12, corrections=2)

    assert await published_relay(pipeline_settings, engine) == 36
    records = await read_topic(pipeline_settings, TRAINING, expected=36)

    assert await unpublished(engine) == 0
    versions: dict[str, list[int]] = defaultdict(list)
    for record in records:
        assert record.key is not None
        assert header(record, "ce_specversion") == "1.0"
        assert header(record, "ce_aggregateid") == record.key.decode()
        versions[record.key.decode()].append(int(header(record, "ce_aggregateversion")))
    assert versions == {run_id: [1, 2, 3] for run_id in run_ids}


async def test_a_relay_killed_mid_way_loses_nothing_and_keeps_order(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus, process_folder: Path
) -> None:
    # Committed to the database, not yet published: then the relay dies with SIGKILL.
    # One row per batch: hundreds of round trips, so the kill reliably lands mid-way.
    run_ids = await write_runs(bus, runs=100, corrections=2)
    settings = pipeline_settings.model_copy(
        update={"relay_batch_size": 1, "var_dir": process_folder / unique("relay")}
    )
    [relay] = [process for process in app_processes(settings) if process.name == "relay"]
    total = 300
    try:
        await asyncio.to_thread(relay.up)
        await eventually(lambda: below(engine, total))
        process = relay.proc.process()
        assert process is not None
        process.kill()
        process.wait(10)
        left = await unpublished(engine)
        assert 0 < left < total, "the kill should land while rows are still unpublished"

        await asyncio.to_thread(relay.up)
        await eventually(lambda: below(engine, 1), timeout_s=60)
    finally:
        await asyncio.to_thread(relay.down)

    records = await read_topic(pipeline_settings, TRAINING, expected=total)
    first_seen: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    for record in records:
        event_id = header(record, "ce_id")
        if event_id not in seen:
            seen.add(event_id)
            assert record.key is not None
            first_seen[record.key.decode()].append(int(header(record, "ce_aggregateversion")))
    assert seen == await outbox_ids(engine)
    assert first_seen == {run_id: [1, 2, 3] for run_id in run_ids}
    # Only what Kafka acknowledged but PostgreSQL had not marked yet can come twice: a batch
    # is marked with the read of the batch after next, so at most two batches.
    assert len(records) - total <= 2 * settings.relay_batch_size


async def test_only_one_relay_publishes_and_a_standby_takes_over(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    producers = [kafka_producer(pipeline_settings.kafka_bootstrap) for _ in range(2)]
    for producer in producers:
        await producer.start()
    relays = [
        OutboxRelay(engine, producer, topic_prefix=pipeline_settings.kafka_topic_prefix)
        for producer in producers
    ]
    stops = [asyncio.Event(), asyncio.Event()]
    tasks = [asyncio.create_task(r.run(s)) for r, s in zip(relays, stops, strict=True)]
    try:
        await write_runs(bus, runs=5, corrections=0)
        await eventually(lambda: below(engine, 1))
        leader = next(i for i, relay in enumerate(relays) if relay.published)
        standby = 1 - leader
        assert relays[leader].published == 5
        assert relays[standby].published == 0

        stops[leader].set()
        await tasks[leader]
        await write_runs(bus, runs=4, corrections=0)
        await eventually(lambda: below(engine, 1))
        assert relays[standby].published == 4
    finally:
        for stop in stops:
            stop.set()
        await asyncio.gather(*tasks)
        for producer in producers:
            await producer.stop()


async def test_the_leader_publishes_a_commit_at_once_not_at_its_next_look(
    pipeline_settings: Settings,
    engine: AsyncEngine,
    bus: CommandBus,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Its own looks a minute apart: only the append's notification can wake it in time.
    monkeypatch.setattr(relay_module, "IDLE_POLL_S", 60.0)
    producer = kafka_producer(pipeline_settings.kafka_bootstrap)
    await producer.start()
    relay = OutboxRelay(engine, producer, topic_prefix=pipeline_settings.kafka_topic_prefix)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await write_runs(bus, runs=1, corrections=0)
        await eventually(lambda: below(engine, 1))  # the leader's first look
        for published in (2, 3):  # each wait begins with the relay idle, listening
            await asyncio.sleep(0.5)
            await write_runs(bus, runs=1, corrections=0)
            await eventually(lambda: below(engine, 1), timeout_s=5)
            assert relay.published == published
    finally:
        stop.set()
        await task
        await producer.stop()


async def test_batches_sent_while_the_one_before_is_in_flight_keep_each_aggregates_order(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    run_ids = await write_runs(bus, runs=12, corrections=2)
    producer = kafka_producer(pipeline_settings.kafka_bootstrap)
    await producer.start()
    try:
        # Batches of five: the next is read and sent while the last awaits its acknowledgement.
        relay = OutboxRelay(
            engine, producer, batch_size=5, topic_prefix=pipeline_settings.kafka_topic_prefix
        )
        assert await relay.drain() == 36
    finally:
        await producer.stop()

    records = await read_topic(pipeline_settings, TRAINING, expected=36)
    assert len(records) == 36, "each row published once"
    assert await unpublished(engine) == 0
    versions: dict[str, list[int]] = defaultdict(list)
    for record in records:
        assert record.key is not None
        versions[record.key.decode()].append(int(header(record, "ce_aggregateversion")))
    assert versions == {run_id: [1, 2, 3] for run_id in run_ids}


async def test_a_batch_kafka_refused_stays_unpublished_and_the_batches_around_it_are_marked(
    pipeline_settings: Settings,
    engine: AsyncEngine,
    bus: CommandBus,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await write_runs(bus, runs=20, corrections=0)
    producer = kafka_producer(pipeline_settings.kafka_bootstrap)
    await producer.start()
    real_send = producer.send
    sends = 0

    async def refusing_the_eighth(*args: object, **kwargs: object) -> asyncio.Future[object]:
        nonlocal sends
        sends += 1
        if sends != 8:
            sent: asyncio.Future[object] = await real_send(*args, **kwargs)
            return sent
        refused: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        refused.set_exception(KafkaError("refused"))
        return refused

    try:
        relay = OutboxRelay(
            engine, producer, batch_size=5, topic_prefix=pipeline_settings.kafka_topic_prefix
        )
        monkeypatch.setattr(producer, "send", refusing_the_eighth)
        with pytest.raises(KafkaError):
            await relay.drain()
        # Batches of five: the third was sent while the second (with the eighth row) was in
        # flight. The first and the third were acknowledged whole and are marked; the second
        # stays unpublished with the fourth, never read, and of those sent only it comes again.
        assert sends == 15
        assert relay.published == 10
        assert await unpublished(engine) == 10

        monkeypatch.setattr(producer, "send", real_send)
        assert await relay.drain() == 10
    finally:
        await producer.stop()
    assert await unpublished(engine) == 0
    records = await read_topic(pipeline_settings, TRAINING, expected=24)
    assert len(records) == 24, "rows 6, 7, 9 and 10 twice, every other row once"
    assert {header(record, "ce_id") for record in records} == await outbox_ids(engine)
