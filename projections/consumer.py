"""The projector process loop: one Kafka consumer group per projection, batches, offsets
committed only after the batch's effects are committed in PostgreSQL."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from contracts import topics
from projections.runner import ProjectionRunner, Record

log = logging.getLogger(__name__)
MAX_BATCH = 500
BACKOFF_S = 1.0


def group_id(projection: str) -> str:
    return f"pacer.projection.{projection}"


class KafkaDeadLetters:
    """Sends a failed record, unchanged, to the dead-letter topic with the reason in headers."""

    def __init__(self, producer: AIOKafkaProducer, topic_prefix: str = "") -> None:
        self.producer = producer
        self.topic = topic_prefix + topics.DEAD_LETTER

    async def send(self, record: Record, projection: str, error: str) -> None:
        headers = [
            *record.headers,
            ("x-pacer-projection", projection.encode()),
            ("x-pacer-error", error[:2000].encode()),
            ("x-pacer-source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
        ]
        await self.producer.send_and_wait(
            self.topic, value=record.value, key=record.key, headers=headers
        )


def as_record(message: ConsumerRecord[bytes, bytes]) -> Record:
    return Record(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        headers=list(message.headers or ()),
    )


async def consume(
    runner: ProjectionRunner, bootstrap_servers: str, stop: asyncio.Event, topic_prefix: str = ""
) -> None:
    name = runner.projection.name
    consumer = AIOKafkaConsumer(
        *(topic_prefix + topic for topic in runner.projection.topics),
        bootstrap_servers=bootstrap_servers,
        group_id=topic_prefix + group_id(name),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=MAX_BATCH,
        metadata_max_age_ms=10_000,
    )
    await consumer.start()
    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=200, max_records=MAX_BATCH)
            for partition, messages in batches.items():
                await _project(runner, consumer, partition, messages)
    finally:
        await consumer.stop()


async def _project(
    runner: ProjectionRunner,
    consumer: AIOKafkaConsumer,
    partition: TopicPartition,
    messages: list[ConsumerRecord[bytes, bytes]],
) -> None:
    try:
        await runner.process([as_record(m) for m in messages])
        await consumer.commit({partition: messages[-1].offset + 1})
    except Exception:  # the database or broker is unreachable: read the batch again later
        log.exception("projection %s could not process a batch", runner.projection.name)
        consumer.seek(partition, messages[0].offset)
        await asyncio.sleep(BACKOFF_S)
