"""Composition roots of Pacer's long-running processes (`pacer serve <process>`)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import uvicorn
from fastapi import FastAPI

from infra.database import create_engine
from infra.kafka import ensure_topics, pacer_topics
from infra.settings import Settings
from infra.telemetry import configure_tracing

READY_LINE = "pacer process ready"
log = logging.getLogger("pacer")


def _announce_ready(process: str) -> None:
    # The local supervisor waits for this line in the process's log.
    print(f"{READY_LINE}: {process}", file=sys.stderr, flush=True)


def serve_command_api(settings: Settings) -> None:
    from commands.api.app import create_app

    configure_tracing(settings, "command-api")
    _serve(create_app(settings), settings.http_host, settings.command_api_port)


def serve_query_api(settings: Settings) -> None:
    from queries.app import create_app

    configure_tracing(settings, "query-api")
    _serve(create_app(settings), settings.http_host, settings.query_api_port)


def _serve(app: FastAPI, host: str, port: int) -> None:
    uvicorn.run(app, host=host, port=port, log_level="warning")


async def _until_signalled(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)


def run_relay(settings: Settings) -> None:
    from workers.relay import OutboxRelay, kafka_producer

    configure_tracing(settings, "relay")

    async def main() -> None:
        stop = asyncio.Event()
        await _until_signalled(stop)
        await ensure_topics(settings.kafka_bootstrap, pacer_topics(settings.kafka_topic_prefix))
        engine = create_engine(settings, pool_size=2)
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()
        try:
            relay = OutboxRelay(
                engine,
                producer,
                batch_size=settings.relay_batch_size,
                topic_prefix=settings.kafka_topic_prefix,
            )
            _announce_ready("relay")
            await relay.run(stop)
        finally:
            await producer.stop()
            await engine.dispose()

    asyncio.run(main())


def run_projectors(settings: Settings) -> None:
    from projections.consumer import KafkaDeadLetters, consume
    from projections.registry import all_projections
    from projections.runner import ProjectionRunner
    from workers.relay import kafka_producer

    configure_tracing(settings, "projectors")

    async def main() -> None:
        stop = asyncio.Event()
        await _until_signalled(stop)
        prefix = settings.kafka_topic_prefix
        await ensure_topics(settings.kafka_bootstrap, pacer_topics(prefix))
        engine = create_engine(settings, pool_size=4)
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()
        try:
            dead_letters = KafkaDeadLetters(producer, prefix)
            runners = [
                ProjectionRunner(
                    projection, engine, dead_letters, max_attempts=settings.projector_max_attempts
                )
                for projection in all_projections().values()
            ]
            consumers = [
                asyncio.create_task(consume(runner, settings.kafka_bootstrap, stop, prefix))
                for runner in runners
            ]
            _announce_ready("projectors")
            await asyncio.gather(*consumers)
        finally:
            await producer.stop()
            await engine.dispose()

    asyncio.run(main())


PROCESSES = {
    "command-api": serve_command_api,
    "query-api": serve_query_api,
    "relay": run_relay,
    "projectors": run_projectors,
}
