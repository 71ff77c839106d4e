"""The projector loop: one Kafka consumer group per projection; whatever one poll returns, from
every partition, is one batch, and its offsets are committed only after the batch's effects are
committed in PostgreSQL."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from infra.kafka import as_record
from projections.runner import ProjectionRunner

log = logging.getLogger(__name__)
MAX_BATCH = 2000
BACKOFF_S = 1.0


def group_id(projection: str) -> str:
    return f"pacer.projection.{projection}"


async def consume(
    runner: ProjectionRunner, bootstrap_servers: str, stop: asyncio.Event, topic_prefix: str = ""
) -> None:
    projection = runner.projection
    consumer = AIOKafkaConsumer(
        *(topic_prefix + topic for topic in projection.topics),
        bootstrap_servers=bootstrap_servers,
        group_id=topic_prefix + group_id(projection.name),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=MAX_BATCH,
        metadata_max_age_ms=10_000,
    )
    await consumer.start()
    try:
        while not stop.is_set():
            polled = await consumer.getmany(timeout_ms=200, max_records=MAX_BATCH)
            if polled:
                await _project(runner, consumer, polled)
    finally:
        await consumer.stop()


async def _project(
    runner: ProjectionRunner,
    consumer: AIOKafkaConsumer,
    polled: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
) -> None:
    records = [as_record(message) for messages in polled.values() for message in messages]
    try:
        await runner.process(records)
        await consumer.commit(
            {partition: messages[-1].offset + 1 for partition, messages in polled.items()}
        )
    except Exception:  # the database or broker is unreachable: read the batch again later
        log.exception("projection %s could not process a batch", runner.projection.name)
        for partition, messages in polled.items():
            consumer.seek(partition, messages[0].offset)
        await asyncio.sleep(BACKOFF_S)
