"""The reactor runtime over real Kafka, PostgreSQL and Redis, with the test-only `pinger` reactor:
a redelivered event has one effect, a reactor killed between its effect and its ack has one
effect, a poison event is parked while the others go on, and heavy work reaches a Dramatiq
worker whose outcome (after retries, or its failure) comes back as a command."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import partial
from pathlib import Path
from typing import cast

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from dramatiq.asyncio import get_event_loop_thread
from faststream.kafka import KafkaBroker
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.consistency import POSITIONS_CHANNEL, positions_table
from contracts.events import DEAD_LETTER_TOPIC
from contracts.personal import SEALED_PREFIX
from infra.database import create_engine, driver_dsn
from infra.kafka import KafkaDeadLetters, ensure_topics, kafka_producer
from infra.positions import PositionSignals
from infra.runtime.apps import AppProcess
from infra.settings import Settings
from pacer import bootstrap
from pacer.contexts import Contexts
from tests.conftest import unique
from tests.helpers import eventually, header, published_relay, read_topic
from tests.support.testing_context import (
    ATTEMPTS,
    CRASH_MARKER,
    DELIVERIES,
    ECHO,
    PATIENT_TESTING,
    PINGS,
    TESTING,
    Mode,
    PingSent,
    SendPing,
    words_digest,
)
from workers.jobs import JobQueue, bus_sender, declare, engine_keys, job_broker, start_worker
from workers.reactors import ReactorRuntime, group_id

pytestmark = pytest.mark.integration
TOPIC = PingSent.topic()


@pytest.fixture
def contexts() -> Contexts:
    return bootstrap.contexts([TESTING])


@pytest.fixture
def testing_bus(pipeline_settings: Settings, engine: AsyncEngine, contexts: Contexts) -> CommandBus:
    return bootstrap.command_bus(pipeline_settings, engine, contexts)


async def ping(
    bus: CommandBus,
    mode: Mode,
    times: int = 1,
    athlete: uuid.UUID | None = None,
    words: str | None = None,
) -> uuid.UUID:
    ping_id = uuid.uuid4()
    command = SendPing(ping_id=ping_id, mode=mode, times=times, athlete_id=athlete, words=words)
    await bus.dispatch(command, Actor.system("test"))
    return ping_id


async def history(engine: AsyncEngine, ping_id: uuid.UUID) -> list[str]:
    """The ping's events by name, in version order."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT event_type FROM events WHERE stream_id = :s ORDER BY version"),
            {"s": str(ping_id)},
        )
        return [row.event_type.split(".")[2] for row in rows]


async def has(engine: AsyncEngine, ping_id: uuid.UUID, event: str) -> bool:
    return event in await history(engine, ping_id)


@asynccontextmanager
async def reactors(
    settings: Settings, engine: AsyncEngine, bus: CommandBus, contexts: Contexts
) -> AsyncIterator[None]:
    prefix = settings.kafka_topic_prefix
    await ensure_topics(settings.kafka_bootstrap, [prefix + topic for topic in contexts.topics()])
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    broker = KafkaBroker(settings.kafka_bootstrap)
    signals = PositionSignals(driver_dsn(settings), POSITIONS_CHANNEL)
    await signals.start()
    runtime = ReactorRuntime(
        bus,
        JobQueue(job_broker(settings.redis_dsn, prefix + "pacer"), contexts.jobs()),
        engine,
        KafkaDeadLetters(producer, prefix + DEAD_LETTER_TOPIC, "reactor"),
        topic_prefix=prefix,
        signals=signals,
        max_attempts=2,
        retry_delay_s=0.01,
    )
    broker.include_router(runtime.router(contexts.reactors()))
    await broker.start()
    try:
        yield
    finally:
        await broker.stop()
        await signals.stop()
        await producer.stop()


@contextmanager
def job_worker(settings: Settings, contexts: Contexts) -> Iterator[None]:
    """A Dramatiq worker in this process, with a database engine of its own (its commands run
    on the worker's event-loop thread)."""
    engine = create_engine(settings, pool_size=2)
    broker = job_broker(settings.redis_dsn, settings.kafka_topic_prefix + "pacer")
    sender = bus_sender(bootstrap.command_bus(settings, engine, contexts))
    declare(broker, contexts.jobs(), sender, keys=engine_keys(engine))
    worker = start_worker(broker, threads=2)
    try:
        yield
    finally:
        loop_thread = get_event_loop_thread()
        if loop_thread is not None:
            loop_thread.run_coroutine(engine.dispose())
        worker.stop()
        broker.close()


async def lag(settings: Settings, reactors: list[str]) -> int:
    """Records of the testing topic the reactors' group has not committed yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    await admin.start()
    try:
        group = settings.kafka_topic_prefix + group_id(reactors)
        committed = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    records = await read_topic(settings, TOPIC, expected=0, timeout_s=5)
    ends: dict[int, int] = {}
    for record in records:
        ends[record.partition] = max(ends.get(record.partition, 0), record.offset + 1)
    done = {tp.partition: meta.offset for tp, meta in committed.items() if tp.topic.endswith(TOPIC)}
    return sum(end - done.get(partition, 0) for partition, end in ends.items())


async def test_a_redelivered_event_has_one_effect_and_is_acked(
    pipeline_settings: Settings, engine: AsyncEngine, testing_bus: CommandBus, contexts: Contexts
) -> None:
    pings = [await ping(testing_bus, "ack") for _ in range(3)]
    await published_relay(pipeline_settings, engine)
    await resend(pipeline_settings, expected=3)

    async with reactors(pipeline_settings, engine, testing_bus, contexts):
        for ping_id in pings:
            await eventually(partial(has, engine, ping_id, "PingAcknowledged"))
        await eventually(lambda: _no_lag(pipeline_settings))

    for ping_id in pings:
        assert await history(engine, ping_id) == ["PingSent", "PingAcknowledged"]
        sent, answer = await envelopes(engine, ping_id)
        # The effect is caused by the event, in its correlation, by the reactor's own actor.
        assert answer["causationid"] == sent["id"]
        assert answer["correlationid"] == sent["correlationid"]
        assert answer["actor"] == "system:reactor:pinger"


async def envelopes(engine: AsyncEngine, ping_id: uuid.UUID) -> list[dict[str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT metadata FROM events WHERE stream_id = :s ORDER BY version"),
            {"s": str(ping_id)},
        )
        return [row.metadata for row in rows]


async def resend(settings: Settings, expected: int) -> None:
    """The testing records once more, as after a relay crash between Kafka's ack and its mark."""
    records = await read_topic(settings, TOPIC, expected=expected)
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    try:
        for record in records:
            await producer.send_and_wait(
                record.topic, value=record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()


async def test_a_job_asked_for_twice_runs_once(
    pipeline_settings: Settings, engine: AsyncEngine, testing_bus: CommandBus, contexts: Contexts
) -> None:
    echo = await ping(testing_bus, "echo")
    await published_relay(pipeline_settings, engine)
    await resend(pipeline_settings, expected=1)

    with job_worker(pipeline_settings, contexts):
        async with reactors(pipeline_settings, engine, testing_bus, contexts):
            await eventually(partial(has, engine, echo, "EchoRecorded"), timeout_s=60)
            await eventually(lambda: _no_lag(pipeline_settings))

    assert ATTEMPTS[echo] == 1
    assert (await history(engine, echo)).count("EchoRecorded") == 1


async def _no_lag(settings: Settings) -> bool:
    return await lag(settings, ["pinger", "patient"]) == 0


async def test_a_reactor_killed_between_its_effect_and_its_ack_has_one_effect(
    pipeline_settings: Settings,
    engine: AsyncEngine,
    testing_bus: CommandBus,
    process_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = process_folder / unique("reactors")
    folder.mkdir()
    marker, deliveries = folder / "crashed-once", folder / "deliveries"
    monkeypatch.setenv(CRASH_MARKER, str(marker))
    monkeypatch.setenv(DELIVERIES, str(deliveries))
    settings = pipeline_settings.model_copy(update={"var_dir": folder})
    process = AppProcess(
        settings, "test-reactors", [sys.executable, "-m", "tests.support.reactor_process"]
    )
    try:
        await asyncio.to_thread(process.up)
        crashing = await ping(testing_bus, "crash")
        await published_relay(pipeline_settings, engine)
        await eventually(lambda: _exited(process), timeout_s=60)
        assert marker.exists()
        assert await history(engine, crashing) == ["PingSent", "PingAcknowledged"]

        await asyncio.to_thread(process.up)  # the record was not acked: it comes again
        after = await ping(testing_bus, "ack")
        await published_relay(pipeline_settings, engine)
        await eventually(lambda: has(engine, after, "PingAcknowledged"), timeout_s=60)
        await eventually(lambda: _no_lag(pipeline_settings))
    finally:
        await asyncio.to_thread(process.down)

    # Delivered twice (the first delivery was never acked), acknowledged once.
    assert deliveries.read_text().split() == [str(crashing), str(crashing)]
    assert await history(engine, crashing) == ["PingSent", "PingAcknowledged"]


async def _exited(process: AppProcess) -> bool:
    return process.proc.process() is None


async def test_a_poison_event_is_parked_and_the_reactor_goes_on(
    pipeline_settings: Settings, engine: AsyncEngine, testing_bus: CommandBus, contexts: Contexts
) -> None:
    poison = await ping(testing_bus, "poison")
    fine = await ping(testing_bus, "ack")
    await published_relay(pipeline_settings, engine)

    async with reactors(pipeline_settings, engine, testing_bus, contexts):
        await eventually(lambda: has(engine, fine, "PingAcknowledged"))
        dead = await read_topic(pipeline_settings, DEAD_LETTER_TOPIC, expected=1)

    assert await history(engine, poison) == ["PingSent"]
    assert header(dead[0], "x-pacer-reactor") == "pinger"
    assert "cannot be answered" in header(dead[0], "x-pacer-error")
    async with engine.connect() as conn:
        parked = (await conn.execute(text("SELECT consumer, stream_id FROM parked_events"))).all()
    assert [(row.consumer, row.stream_id) for row in parked] == [("reactor:pinger", str(poison))]


async def test_heavy_work_goes_through_dramatiq_and_its_outcome_comes_back_as_commands(
    pipeline_settings: Settings, engine: AsyncEngine, testing_bus: CommandBus, contexts: Contexts
) -> None:
    echo = await ping(testing_bus, "echo")
    flaky = await ping(testing_bus, "flaky", times=2)
    bad = await ping(testing_bus, "bad")
    broken = await ping(testing_bus, "broken")
    slow = await ping(testing_bus, "slow")
    await published_relay(pipeline_settings, engine)

    with job_worker(pipeline_settings, contexts):
        async with reactors(pipeline_settings, engine, testing_bus, contexts):
            for ping_id, outcome in [(echo, "EchoRecorded"), (flaky, "EchoRecorded"),
                                     (bad, "EchoFailed"), (broken, "EchoFailed"),
                                     (slow, "EchoFailed")]:  # fmt: skip
                await eventually(partial(has, engine, ping_id, outcome), timeout_s=60)

    assert await history(engine, echo) == [
        "PingSent", "EchoProgressed", "EchoProgressed", "EchoProgressed", "EchoProgressed",
        "EchoRecorded",
    ]  # fmt: skip
    assert (await history(engine, flaky))[-1] == "EchoRecorded"
    reasons = {ping_id: await failure(engine, ping_id) for ping_id in (bad, broken, slow)}
    assert reasons[bad] == "an echo needs something to repeat"
    assert reasons[broken].startswith("failed after 3 attempts: ConnectionError")
    assert "unreachable" not in reasons[broken]  # the kind, never the message (it may quote)
    assert "TimeLimitExceeded" in reasons[slow]


async def test_a_job_waits_with_its_personal_data_sealed_and_an_erased_accounts_job_is_dropped(
    pipeline_settings: Settings, engine: AsyncEngine, testing_bus: CommandBus, contexts: Contexts
) -> None:
    kept_account, erased_account = uuid.uuid4(), uuid.uuid4()
    kept = await ping(testing_bus, "echo", athlete=kept_account, words="my knee hurts again")
    dropped = await ping(testing_bus, "echo", athlete=erased_account, words="call me on 0612")
    await published_relay(pipeline_settings, engine)
    prefix = pipeline_settings.kafka_topic_prefix
    broker = job_broker(pipeline_settings.redis_dsn, prefix + "pacer")
    waiting_at = f"{broker.namespace}:{ECHO.queue}.msgs"

    def waiting() -> list[bytes]:
        """The messages of the two pings that wait in Redis, as Redis holds them."""
        held = cast(list[bytes], broker.client.hvals(waiting_at))
        return [m for m in held if str(kept).encode() in m or str(dropped).encode() in m]

    try:
        async with reactors(pipeline_settings, engine, testing_bus, contexts):  # no job worker
            await eventually(lambda: _true(len(waiting()) == 2))
        assert not [m for m in waiting() if b"knee" in m or b"0612" in m]
        assert all(SEALED_PREFIX.encode() in m for m in waiting())
        async with engine.begin() as sql:  # the account is erased while its job waits
            await sql.execute(text("UPDATE subject_keys SET data_key = NULL, erased_at = now() "
                                   "WHERE subject_id = :a"), {"a": erased_account})  # fmt: skip

        with job_worker(pipeline_settings, contexts):
            await eventually(partial(has, engine, kept, "EchoRecorded"), timeout_s=60)
            await eventually(lambda: _true(waiting() == []), timeout_s=60)
    finally:
        broker.close()

    async with engine.connect() as conn:  # opened with the key read when the job ran
        echo = await conn.scalar(
            text("SELECT data->>'echo' FROM events WHERE stream_id = :s "
                 "AND event_type LIKE '%EchoRecorded%'"),
            {"s": str(kept)},
        )  # fmt: skip
    assert echo == words_digest("my knee hurts again")
    assert await history(engine, dropped) == ["PingSent"]  # done with, and nothing done


async def _true(value: bool) -> bool:
    return value


async def failure(engine: AsyncEngine, ping_id: uuid.UUID) -> str:
    async with engine.connect() as conn:
        reason = await conn.scalar(
            text(
                "SELECT data->>'reason' FROM events WHERE stream_id = :s "
                "AND event_type = 'pacer.testing.EchoFailed.v1'"
            ),
            {"s": str(ping_id)},
        )
    return str(reason)


async def test_a_handler_waits_until_its_read_model_has_applied_the_event(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    patient = bootstrap.contexts([PATIENT_TESTING])
    bus = bootstrap.command_bus(pipeline_settings, engine, patient)
    table = positions_table(PINGS)
    async with engine.begin() as conn:
        await conn.execute(text(f"CREATE TABLE {table} (stream_id text PRIMARY KEY, version int)"))
    first, second = await ping(bus, "ack"), await ping(bus, "ack")
    await published_relay(pipeline_settings, engine)

    async def project(*pings: uuid.UUID) -> None:
        async with engine.begin() as conn:
            for ping_id in pings:
                await conn.execute(text(f"INSERT INTO {table} VALUES (:s, 1)"), {"s": str(ping_id)})  # noqa: S608
            notify = {"c": POSITIONS_CHANNEL, "t": table}
            await conn.execute(text("SELECT pg_notify(:c, :t)"), notify)

    async with reactors(pipeline_settings, engine, bus, patient):
        await asyncio.sleep(3)  # the reactor has the pings, the read model has neither
        assert await history(engine, first) == ["PingSent"]
        assert await history(engine, second) == ["PingSent"]
        await project(first, second)
        for ping_id in (first, second):
            await eventually(partial(has, engine, ping_id, "PingAcknowledged"), timeout_s=10)

    assert await history(engine, first) == ["PingSent", "PingAcknowledged"]
