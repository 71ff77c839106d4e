"""The reactors process with the test-only context: `python -m tests.support.reactor_process`,
started by a test like Pacer's own processes, so the test can kill it."""

from __future__ import annotations

import asyncio
import logging

from faststream.kafka import KafkaBroker

from contracts.events import DEAD_LETTER_TOPIC
from infra.database import create_engine
from infra.kafka import KafkaDeadLetters, ensure_topics, kafka_producer
from infra.settings import Settings
from pacer import bootstrap
from pacer.processes import announce_ready
from tests.support.testing_context import TESTING
from workers.jobs import JobQueue, job_broker
from workers.reactors import ReactorRuntime


async def main(settings: Settings) -> None:
    of = bootstrap.contexts([TESTING])
    prefix = settings.kafka_topic_prefix
    await ensure_topics(settings.kafka_bootstrap, [prefix + topic for topic in of.topics()])
    engine = create_engine(settings, pool_size=2)
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    broker = KafkaBroker(settings.kafka_bootstrap)
    runtime = ReactorRuntime(
        bootstrap.command_bus(settings, engine, of),
        JobQueue(job_broker(settings.redis_dsn, prefix + "pacer"), of.jobs()),
        engine,
        KafkaDeadLetters(producer, prefix + DEAD_LETTER_TOPIC, "reactor"),
        topic_prefix=prefix,
    )
    for router in runtime.routers(of.reactors()):
        broker.include_router(router)
    await broker.start()
    announce_ready("test-reactors")
    await asyncio.Event().wait()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(Settings()))
