"""The Kafka broker is real: keyed records, consumer groups and FastStream all work against it."""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.kafka import KafkaBroker, KafkaMessage
from pydantic import BaseModel

from infra.kafka import adopt_offsets
from infra.settings import Settings
from tests.conftest import unique

pytestmark = pytest.mark.integration

RECEIVE_TIMEOUT_S = 30


async def create_topic(bootstrap: str, name: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()


async def produce(bootstrap: str, topic: str, records: list[tuple[bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(topic, value=value, key=key)
    finally:
        await producer.stop()


async def consume(consumer: AIOKafkaConsumer, count: int) -> list[ConsumerRecord[bytes, bytes]]:
    received: list[ConsumerRecord[bytes, bytes]] = []
    async with asyncio.timeout(RECEIVE_TIMEOUT_S):
        while len(received) < count:
            batch = await consumer.getmany(timeout_ms=500, max_records=count - len(received))
            for records in batch.values():
                received.extend(records)
    return received


async def test_keyed_records_keep_their_partition_and_order(settings: Settings, topic: str) -> None:
    bootstrap = settings.kafka_bootstrap
    await create_topic(bootstrap, topic, partitions=3)
    records = [(f"athlete-{i % 4}".encode(), f"event-{i}".encode()) for i in range(40)]
    await produce(bootstrap, topic, records)

    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        received = await consume(consumer, len(records))
    finally:
        await consumer.stop()

    partitions_by_key: dict[bytes, set[int]] = defaultdict(set)
    values_by_key: dict[bytes, list[bytes]] = defaultdict(list)
    for record in sorted(received, key=lambda r: (r.partition, r.offset)):
        assert record.key is not None
        assert record.value is not None
        partitions_by_key[record.key].add(record.partition)
        values_by_key[record.key].append(record.value)
    assert all(len(parts) == 1 for parts in partitions_by_key.values())
    for key, values in values_by_key.items():
        assert values == [value for k, value in records if k == key]


async def test_consumer_group_resumes_after_its_committed_offset(
    settings: Settings, topic: str
) -> None:
    bootstrap = settings.kafka_bootstrap
    group = unique("group")
    await create_topic(bootstrap, topic, partitions=1)
    await produce(bootstrap, topic, [(b"k", f"{i}".encode()) for i in range(10)])

    def member() -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            group_id=group,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )

    first = member()
    await first.start()
    try:
        head = (await consume(first, 10))[:4]
        await first.commit({TopicPartition(topic, 0): head[-1].offset + 1})
    finally:
        await first.stop()

    second = member()
    await second.start()
    try:
        rest = await consume(second, 6)
    finally:
        await second.stop()

    assert [r.value for r in head] == [b"0", b"1", b"2", b"3"]
    assert [r.value for r in rest] == [f"{i}".encode() for i in range(4, 10)]


class Ping(BaseModel):
    athlete_id: str
    sequence: int


async def test_faststream_broker_delivers_a_keyed_model(settings: Settings, topic: str) -> None:
    broker = KafkaBroker(settings.kafka_bootstrap)
    received: asyncio.Queue[tuple[Ping, bytes | None]] = asyncio.Queue()

    @broker.subscriber(topic, group_id=unique("group"), auto_offset_reset="earliest")
    async def on_ping(body: Ping, message: KafkaMessage) -> None:
        record = message.raw_message
        assert not isinstance(record, tuple), "batch delivery was not asked for"
        await received.put((body, record.key))

    await broker.start()
    try:
        await broker.publish(Ping(athlete_id="a-1", sequence=7), topic, key=b"a-1")
        body, key = await asyncio.wait_for(received.get(), RECEIVE_TIMEOUT_S)
    finally:
        await broker.stop()

    assert body == Ping(athlete_id="a-1", sequence=7)
    assert key == b"a-1"


async def committed(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}


async def commit(bootstrap: str, group: str, offsets: dict[tuple[str, int], int]) -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        positions = {
            TopicPartition(topic, partition): at for (topic, partition), at in offsets.items()
        }
        consumer.assign(list(positions))
        await consumer.commit(positions)
    finally:
        await consumer.stop()


async def test_a_group_taking_over_from_earlier_ones_starts_where_the_slowest_of_them_was(
    settings: Settings,
) -> None:
    bootstrap = settings.kafka_bootstrap
    runs, plans = unique("runs"), unique("plans")
    await create_topic(bootstrap, runs, partitions=2)
    await create_topic(bootstrap, plans, partitions=1)
    for partition in (0, 1):
        await produce_to(bootstrap, runs, partition, 6)
    await produce_to(bootstrap, plans, 0, 6)
    first, second, joined = unique("first"), unique("second"), unique("joined")
    await commit(bootstrap, first, {(runs, 0): 5, (runs, 1): 3, (plans, 0): 4})
    await commit(bootstrap, second, {(runs, 0): 2})  # it read `runs`, never its partition 1

    assert await adopt_offsets(bootstrap, joined, [first, second, unique("never-ran")])

    assert await committed(bootstrap, joined) == {(runs, 0): 2, (plans, 0): 4}
    await commit(bootstrap, first, {(plans, 0): 6})
    assert not await adopt_offsets(bootstrap, joined, [first, second])  # it has its own
    assert await committed(bootstrap, joined) == {(runs, 0): 2, (plans, 0): 4}


async def produce_to(bootstrap: str, topic: str, partition: int, count: int) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for index in range(count):
            await producer.send_and_wait(topic, value=f"{index}".encode(), partition=partition)
    finally:
        await producer.stop()
