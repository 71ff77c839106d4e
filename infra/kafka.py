"""Kafka for every process: the producer Pacer publishes with, topic creation, the record shape
consumers work on, and the dead-letter sink for events a consumer gives up on."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from infra.metrics import DEAD_LETTERS

PARTITIONS = 6
MAX_ERROR_HEADER = 300
"""Longest `x-pacer-error` (what `infra.consumers.describe` writes is at most this)."""
ERROR_HEADER = "x-pacer-error"
SOURCE_HEADER = "x-pacer-source"


def kafka_producer(bootstrap_servers: str) -> AIOKafkaProducer:
    """Idempotent, `acks=all`: a record is either in every in-sync replica or reported failed,
    and retries never duplicate or reorder it within a partition."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        acks="all",
        enable_idempotence=True,
        # No lingering: a record leaves at once (visibility waited up to 5 ms a hop). Batches
        # form anyway: the relay hands over a whole batch before it awaits any of it, and
        # records queue while a request is in flight.
        linger_ms=0,
        max_batch_size=256 * 1024,
    )


async def ensure_topics(bootstrap_servers: str, names: Iterable[str], replication: int = 1) -> None:
    """Create the topics that do not exist yet. They must exist before anyone subscribes, or a
    consumer would only notice them at its next metadata refresh."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        missing = set(names) - set(await admin.list_topics())
        if missing:
            # Another process may create them in the meantime.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [NewTopic(name, PARTITIONS, replication) for name in sorted(missing)]
                )
    finally:
        await admin.close()


async def adopt_offsets(bootstrap_servers: str, group: str, earlier: Iterable[str]) -> bool:
    """Give a consumer group that has committed nothing yet the offsets the `earlier` groups it
    takes over from had reached: per partition, the lowest any of them that read its topic had
    committed (one that never committed a partition of a topic it read counts as its start),
    so nothing is skipped and little is read again. True if it adopted any. Run it before the
    group's consumers start; a group with offsets of its own is left as it is."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        if await _group_offsets(admin, group):
            return False
        committed = [await _group_offsets(admin, old) for old in earlier]
    finally:
        await admin.close()
    readers: dict[str, list[dict[TopicPartition, int]]] = {}  # per topic, its groups' offsets
    for offsets in committed:
        for topic in {partition.topic for partition in offsets}:
            readers.setdefault(topic, []).append(
                {tp: meta.offset for tp, meta in offsets.items() if tp.topic == topic}
            )
    reached = {
        partition: min(read.get(partition, 0) for read in readers[partition.topic])
        for offsets in committed
        for partition in offsets
    }
    reached = {partition: offset for partition, offset in reached.items() if offset > 0}
    if not reached:
        return False
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(reached))
        await consumer.commit(reached)
    finally:
        await consumer.stop()
    return True


async def _group_offsets(
    admin: AIOKafkaAdminClient, group: str, within_s: float = 60.0
) -> dict[TopicPartition, Any]:
    """A group's committed offsets, asking again while the broker cannot answer yet (a fresh
    broker makes its offsets topic, and elects its coordinator, on the first request)."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            offsets: dict[TopicPartition, Any] = await admin.list_consumer_group_offsets(group)
        except KafkaError as error:
            if not error.retriable or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)
            continue
        return {partition: meta for partition, meta in offsets.items() if meta.offset >= 0}


@dataclass(frozen=True)
class Record:
    """The parts of a Kafka record a consumer needs."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]

    @property
    def where(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"


def as_record(message: ConsumerRecord[Any, Any]) -> Record:
    return Record(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        headers=list(message.headers or ()),
    )


class DeadLetters(Protocol):
    async def send(self, record: Record, consumer: str, error: str) -> None:
        """Park a record that `consumer` could not handle, with the reason."""


def consumer_header(role: str) -> str:
    """The dead-letter header naming who gave up: `x-pacer-projection`, `x-pacer-reactor`."""
    return f"x-pacer-{role}"


class KafkaDeadLetters:
    """Sends a failed record, unchanged, to the dead-letter topic with the reason in headers:
    `x-pacer-<role>` (the projection or reactor), `x-pacer-error` (the error, described without
    values), `x-pacer-source` (`<topic>/<partition>/<offset>`)."""

    def __init__(self, producer: AIOKafkaProducer, topic: str, role: str) -> None:
        self.producer = producer
        self.topic = topic
        self.role = role

    async def send(self, record: Record, consumer: str, error: str) -> None:
        headers = [
            *record.headers,
            (consumer_header(self.role), consumer.encode()),
            (ERROR_HEADER, error[:MAX_ERROR_HEADER].encode()),
            (SOURCE_HEADER, record.where.encode()),
        ]
        await self.producer.send_and_wait(
            self.topic, value=record.value, key=record.key, headers=headers
        )
        DEAD_LETTERS.labels(self.role, consumer, record.topic).inc()
