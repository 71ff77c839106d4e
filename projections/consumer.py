"""The projector loop: one Kafka consumer (and consumer group) feeds every projection of a
process. Whatever one poll returns, from every partition, is one batch; each projection applies
its share of it in its own transaction, side by side, and the batch's offsets are committed only
after every projection's effects are committed in PostgreSQL.

One consumer, not one per projection: each record is fetched from Kafka once and each batch's
offsets committed once, however many read models it feeds (16 consumers fetching and committing
the same records cost the broker more CPU than the command API spent making them). A projection
stays independent where it matters: its own transactions, positions (so a batch read again is
applied only where it was not), parked events and rebuilds."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import IllegalStateError, KafkaError

from infra.kafka import as_record
from infra.metrics import PROJECTION_LAG
from projections.runner import Prepared, ProjectionRunner

log = logging.getLogger(__name__)
MAX_BATCH = 4000
FETCH_BYTES = 4 * 2**20
BACKOFF_S = 1.0
AT_ONCE_S = 0.002
TOP_UP_MS = 5


def group_id(projections: Sequence[str]) -> str:
    """The consumer group of a set of projections: the projectors' one group, or a single
    projection's own (a test's, a benchmark's)."""
    if len(projections) == 1:
        return f"pacer.projection.{projections[0]}"
    return "pacer.projectors"


async def consume(
    runners: Sequence[ProjectionRunner],
    bootstrap_servers: str,
    stop: asyncio.Event,
    topic_prefix: str = "",
    *,
    group: str | None = None,
) -> None:
    """Project until `stop` is set, as the projections' consumer group (or `group`).

    Behind (Kafka holds more than the batch), the next batch is polled and decoded (Python
    works) while one is applied (the database works). Live, the next batch is polled once this
    one is applied, so it holds everything sent meanwhile: polled at once, it would leave what
    arrives during the apply for the batch after it. A batch's offsets are committed once every
    projection's effects are committed; a batch that cannot be applied for an outage is read
    again, with whatever was polled after it."""
    names = [runner.projection.name for runner in runners]
    topics = sorted({topic for runner in runners for topic in runner.projection.topics})
    consumer = AIOKafkaConsumer(
        *(topic_prefix + topic for topic in topics),
        bootstrap_servers=bootstrap_servers,
        group_id=group or topic_prefix + group_id(names),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=MAX_BATCH,
        max_partition_fetch_bytes=FETCH_BYTES,
        metadata_max_age_ms=10_000,
    )
    lags = [PROJECTION_LAG.labels(name) for name in names]

    def lag(count: int) -> None:  # the records not applied by all of them yet
        for gauge in lags:
            gauge.set(count)

    await consumer.start()
    try:
        ready: _Batch | None = None
        while not stop.is_set():
            batch = ready or await _poll(runners, consumer)
            ready = None
            if batch is None:
                lag(await behind(consumer))
                continue
            applying = asyncio.create_task(_apply(runners, batch))
            following: _Batch | None = None
            try:
                if await behind(consumer):
                    following = await _poll(runners, consumer)
                lag(await behind(consumer, batch, following))
                await applying
                await consumer.commit(batch.next_offsets())
            except Exception:  # an outage or a rebalance: read both again later
                await asyncio.gather(applying, return_exceptions=True)
                log.exception("projections %s could not apply a batch", ", ".join(names))
                rewind(consumer, [batch, following])
                await asyncio.sleep(BACKOFF_S)
                continue
            finally:
                if not applying.done():  # cancelled from outside: do not leave it running
                    applying.cancel()
            ready = following
    finally:
        await consumer.stop()


@dataclass(frozen=True)
class _Batch:
    polled: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    prepared: list[Prepared]
    """Each runner's share, in the runners' order."""

    @property
    def size(self) -> int:
        return sum(len(messages) for messages in self.polled.values())

    def next_offsets(self) -> dict[TopicPartition, int]:
        return {partition: messages[-1].offset + 1 for partition, messages in self.polled.items()}


def rewind(consumer: AIOKafkaConsumer, batches: Sequence[_Batch | None]) -> None:
    """Seek each partition back to the first record any of `batches` read from it (the one
    being applied and the one polled after it), if the partition is still this consumer's."""
    first: dict[TopicPartition, int] = {}
    for batch in batches:
        for partition, messages in (batch.polled if batch else {}).items():
            first[partition] = min(messages[0].offset, first.get(partition, messages[0].offset))
    assigned = consumer.assignment()
    for partition, offset in first.items():
        if partition in assigned:  # a revoked one is read by its new owner from its commit
            consumer.seek(partition, offset)


async def behind(consumer: AIOKafkaConsumer, *held: _Batch | None) -> int:
    """How many records of its partitions the consumer has not applied: the end offsets minus
    its positions, plus the records `held` (polled, not yet committed). Per batch, not per
    record; a partition not fetched from yet (no end offset known) counts nothing."""
    count = sum(batch.size for batch in held if batch)
    for partition in consumer.assignment():
        highwater = consumer.highwater(partition)
        if highwater is None:
            continue
        try:  # known once fetched from: `position` returns at once
            count += max(0, highwater - await consumer.position(partition))
        except IllegalStateError:  # revoked meanwhile
            continue
    return count


async def _poll(runners: Sequence[ProjectionRunner], consumer: AIOKafkaConsumer) -> _Batch | None:
    asked = time.monotonic()
    polled = await consumer.getmany(timeout_ms=200, max_records=MAX_BATCH)
    if not polled:
        return None
    count = sum(len(messages) for messages in polled.values())
    if time.monotonic() - asked < AT_ONCE_S and count < MAX_BATCH:
        # Records there at once were fetched earlier (the consumer keeps one fetched response
        # unread, and fetches no more until it is read): one more fetch brings what Kafka got
        # since, so the batch holds everything sent until now.
        try:
            more = await consumer.getmany(timeout_ms=TOP_UP_MS, max_records=MAX_BATCH - count)
        except KafkaError as error:  # raised again by the next poll; keep what was read
            log.warning("projections: topping up a batch failed (%s)", type(error).__name__)
            more = {}
        for partition, messages in more.items():
            kept = polled.get(partition, [])
            last = kept[-1].offset if kept else -1  # after a rebalance it may read them again
            polled[partition] = [*kept, *(m for m in messages if m.offset > last)]
    records = [as_record(message) for messages in polled.values() for message in messages]
    return _Batch(polled, [runner.prepare(records) for runner in runners])


async def _apply(runners: Sequence[ProjectionRunner], batch: _Batch) -> None:
    """Each projection applies its share in its own transactions, side by side; the first
    failure is raised once all of them have ended (none is left running)."""
    shares = zip(runners, batch.prepared, strict=True)
    outcomes = await asyncio.gather(
        *(runner.apply_prepared(share) for runner, share in shares), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
