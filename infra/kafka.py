"""Kafka helpers shared by the processes: the topics Pacer publishes must exist before anyone
subscribes, or a consumer would only notice them at its next metadata refresh."""

from __future__ import annotations

import contextlib

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from contracts import topics

PARTITIONS = 6


def pacer_topics(prefix: str = "") -> list[str]:
    return [prefix + name for name in (*topics.BY_CONTEXT.values(), topics.DEAD_LETTER)]


async def ensure_topics(bootstrap_servers: str, names: list[str], replication: int = 1) -> None:
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
