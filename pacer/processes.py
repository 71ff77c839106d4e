"""Composition roots of Pacer's long-running processes (`pacer serve <process>`), and how the local
supervisor starts them. Each builds what it needs from `Settings()` when it starts, never at
import."""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI
from prometheus_client import REGISTRY

from infra.database import create_engine, driver_dsn
from infra.heap import tune_for_batches
from infra.http_metrics import MULTIPROCESS_METRICS, metrics_folder
from infra.kafka import KafkaDeadLetters, adopt_offsets, ensure_topics, kafka_producer
from infra.logs import configure_logging
from infra.metrics import OutboxGauges, serve_metrics
from infra.positions import PositionSignals
from infra.priority import take_cpu, yield_cpu
from infra.runtime.apps import READY_LINE, AppProcess, process_env
from infra.settings import Environment, Settings
from infra.telemetry import configure_tracing
from pacer.contexts import Contexts

log = logging.getLogger("pacer")
LOCAL_STRAVA = "local-strava"
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
API_PARENT = "PACER_API_PARENT_PID"  # an API worker's parent, as the parent wrote it


def announce_ready(process: str) -> None:
    # The local supervisor waits for this line in the process's log.
    print(f"{READY_LINE}: {process}", file=sys.stderr, flush=True)


async def _until_signalled() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return stop


def _topics(settings: Settings) -> list[str]:
    from pacer import bootstrap

    return [settings.kafka_topic_prefix + topic for topic in bootstrap.contexts().topics()]


def serve_command_api(settings: Settings) -> None:
    _serve_api(settings, "command-api", settings.command_api_port)


def serve_query_api(settings: Settings) -> None:
    _serve_api(settings, "query-api", settings.query_api_port)


def _app(process: str, settings: Settings) -> FastAPI:
    # Imported where an app is built: an API's parent process, which only watches its
    # workers, does not load every context.
    from pacer import bootstrap

    if process == "command-api":
        return bootstrap.command_app(settings)
    return bootstrap.query_app(settings)


def command_api_worker() -> FastAPI:
    """One worker of a command API run with several (`api_workers`): its settings come from
    the environment its parent wrote."""
    return _worker("command-api")


def query_api_worker() -> FastAPI:
    return _worker("query-api")


def _worker(process: str) -> FastAPI:
    _end_with_parent()
    settings = Settings()
    configure_logging(settings, process)
    configure_tracing(settings, process)
    return _app(process, settings)


def _end_with_parent() -> None:
    """A worker whose API parent is gone (killed, say) ends too: an orphan would keep the
    socket, and the API restarted in its place could not listen."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(os.environ[API_PARENT]):  # it died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def _serve_api(settings: Settings, process: str, port: int) -> None:
    configure_logging(settings, process)
    take_cpu(settings.api_nice)  # its workers inherit it, and share its session's weight
    options: dict[str, Any] = {
        "host": settings.http_host,
        "port": port,
        "log_level": "warning",
        "log_config": None,  # uvicorn's loggers write through the process's JSON handler
        "server_header": False,  # no banner naming the server software
        "proxy_headers": True,  # the client address (rate limits) from trusted proxies only
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
    if settings.api_workers == 1:
        configure_tracing(settings, process)
        uvicorn.run(_app(process, settings), **options)
        return
    # Several worker processes accept on one socket (uvicorn's supervisor restarts one that
    # dies); each builds the app from these settings, handed down by the environment, and
    # their metrics are summed from files (Prometheus's multiprocess mode) at GET /metrics.
    os.environ.update(process_env(settings))
    os.environ[API_PARENT] = str(os.getpid())
    os.environ[MULTIPROCESS_METRICS] = str(metrics_folder(settings.var_path / "metrics" / process))
    worker = "command_api_worker" if process == "command-api" else "query_api_worker"
    uvicorn.run(f"pacer.processes:{worker}", factory=True, workers=settings.api_workers, **options)


def serve_mcp(settings: Settings) -> None:
    """The MCP server for AI assistants: one process is plenty (each call is one or two API
    requests)."""
    from pacer.assistants.server import mcp_app

    configure_logging(settings, "mcp")
    configure_tracing(settings, "mcp")
    uvicorn.run(
        mcp_app(settings), host=settings.http_host, port=settings.mcp_port, log_level="warning",
        log_config=None, server_header=False,
    )  # fmt: skip


def run_relay(settings: Settings) -> None:
    from workers.relay import OutboxRelay, backlog

    configure_logging(settings, "relay")
    configure_tracing(settings, "relay")
    yield_cpu(settings.worker_nice)
    serve_metrics(settings.metrics_host, settings.relay_metrics_port)

    async def main() -> None:
        stop = await _until_signalled()
        await ensure_topics(settings.kafka_bootstrap, _topics(settings))
        engine = create_engine(settings, pool_size=2)
        REGISTRY.register(OutboxGauges(asyncio.get_running_loop(), lambda: backlog(engine)))
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()
        try:
            relay = OutboxRelay(
                engine,
                producer,
                batch_size=settings.relay_batch_size,
                topic_prefix=settings.kafka_topic_prefix,
            )
            tune_for_batches()
            announce_ready("relay")
            await relay.run(stop)
        finally:
            await producer.stop()
            await engine.dispose()

    asyncio.run(main())


def run_projectors(settings: Settings) -> None:
    from contracts.events import DEAD_LETTER_TOPIC
    from pacer import bootstrap
    from projections.consumer import consume, group_id
    from projections.runner import ProjectionRunner

    configure_logging(settings, "projectors")
    configure_tracing(settings, "projectors")
    yield_cpu(settings.worker_nice)
    serve_metrics(settings.metrics_host, settings.projectors_metrics_port)

    async def main() -> None:
        stop = await _until_signalled()
        prefix = settings.kafka_topic_prefix
        await ensure_topics(settings.kafka_bootstrap, _topics(settings))
        # No ping per checkout: a batch on a dead connection fails as an outage and is read
        # again (the pool has dropped the connection by then).
        engine = create_engine(settings, pool_size=4, pre_ping=False)
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()
        try:
            dead_letters = KafkaDeadLetters(producer, prefix + DEAD_LETTER_TOPIC, "projection")
            runners = [
                ProjectionRunner(
                    projection, engine, dead_letters, max_attempts=settings.projector_max_attempts
                )
                for projection in bootstrap.contexts().projections().values()
            ]
            names = [runner.projection.name for runner in runners]
            # Until 2026-12-04 each projection read as a group of its own.
            await adopt_offsets(settings.kafka_bootstrap, prefix + group_id(names),
                                [prefix + group_id([name]) for name in names])  # fmt: skip
            tune_for_batches()
            announce_ready("projectors")
            await consume(runners, settings.kafka_bootstrap, stop, prefix)
        finally:
            await producer.stop()
            await engine.dispose()

    asyncio.run(main())


def run_reactors(settings: Settings) -> None:
    from pacer import bootstrap

    configure_logging(settings, "reactors")
    configure_tracing(settings, "reactors")
    yield_cpu(settings.worker_nice)
    serve_metrics(settings.metrics_host, settings.reactors_metrics_port)
    asyncio.run(react(settings, bootstrap.contexts()))


async def react(settings: Settings, of: Contexts) -> None:
    """Run the reactors of `of` until SIGTERM (tests run it with a context of their own)."""
    from faststream.kafka import KafkaBroker

    from contracts.consistency import POSITIONS_CHANNEL
    from contracts.events import DEAD_LETTER_TOPIC
    from pacer import bootstrap
    from workers.jobs import JobQueue, settings_broker
    from workers.reactors import ReactorRuntime, group_id

    stop = await _until_signalled()
    prefix = settings.kafka_topic_prefix
    await ensure_topics(settings.kafka_bootstrap, [prefix + topic for topic in of.topics()])
    engine = create_engine(settings, pool_size=4, pre_ping=False)  # the bus's unit of work pings
    producer = kafka_producer(settings.kafka_bootstrap)
    await producer.start()
    # Each message's receipt is logged at DEBUG: at INFO it cost a few per cent of the CPU.
    broker = KafkaBroker(settings.kafka_bootstrap, logger=log, log_level=logging.DEBUG)
    # The read models a handler waits for (`applied_by`) signal here.
    signals = PositionSignals(driver_dsn(settings), POSITIONS_CHANNEL)
    await signals.start()
    try:
        runtime = ReactorRuntime(
            bootstrap.command_bus(settings, engine, of),
            JobQueue(settings_broker(settings), of.jobs()),
            engine,
            KafkaDeadLetters(producer, prefix + DEAD_LETTER_TOPIC, "reactor"),
            topic_prefix=prefix,
            signals=signals,
            max_attempts=settings.reactor_max_attempts,
        )
        reactors = of.reactors()
        names = [reactor.name for reactor in reactors]
        # Until 2026-12-04 each reactor read as a group of its own.
        await adopt_offsets(settings.kafka_bootstrap, prefix + group_id(names),
                            [prefix + group_id([name]) for name in names])  # fmt: skip
        broker.include_router(runtime.router(reactors))
        log.info("reactors: %s", ", ".join(r.name for r in reactors) or "none yet")
        await broker.start()
        tune_for_batches()
        announce_ready("reactors")
        await stop.wait()
    finally:
        await broker.stop()
        await signals.stop()
        await producer.stop()
        await engine.dispose()


def run_jobs(settings: Settings) -> None:
    """A Dramatiq worker for every job of every context, reporting outcomes by command."""
    from pacer import bootstrap
    from workers.jobs import bus_sender, declare, engine_keys, settings_broker, start_worker

    configure_logging(settings, "jobs")
    configure_tracing(settings, "jobs")
    yield_cpu(settings.worker_nice)
    serve_metrics(settings.metrics_host, settings.jobs_metrics_port)
    of = bootstrap.contexts()
    engine = create_engine(settings, pool_size=settings.job_worker_threads, pre_ping=False)
    broker = settings_broker(settings)
    jobs = of.jobs()
    sender = bus_sender(bootstrap.command_bus(settings, engine, of))
    declare(broker, jobs, sender, settings, engine_keys(engine))
    log.info("jobs: %s", ", ".join(job.name for job in jobs) or "none yet")
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    worker = start_worker(broker, settings.job_worker_threads)
    announce_ready("jobs")
    while not stopping.wait(0.5):
        pass
    worker.stop(timeout=30_000)


PROCESSES: dict[str, Callable[[Settings], None]] = {
    "command-api": serve_command_api,
    "query-api": serve_query_api,
    "mcp": serve_mcp,
    "relay": run_relay,
    "projectors": run_projectors,
    "reactors": run_reactors,
    "jobs": run_jobs,
}


def app_processes(settings: Settings) -> list[AppProcess]:
    """Pacer's processes as the local supervisor runs them; in development, with no Strava
    configured, the local Strava too (the one the tests use, seeded with a demo athlete)."""
    ports = {
        "command-api": settings.command_api_port,
        "query-api": settings.query_api_port,
        "mcp": settings.mcp_port,
    }
    ready = {"mcp": "/healthz"}
    processes = [
        AppProcess(
            settings,
            name,
            [sys.executable, "-m", "pacer.cli", "serve", name],
            ports.get(name),
            ready.get(name, "/openapi.json"),
        )
        for name in PROCESSES
    ]
    if settings.environment is Environment.DEVELOPMENT and settings.strava_api_url is None:
        processes.append(AppProcess(settings, LOCAL_STRAVA, [
            sys.executable, "-m", "tests.support.local_strava",
            "--port", str(settings.local_strava_port),
            "--client-id", str(settings.strava_client_id),
            "--client-secret", settings.strava_client_secret.get_secret_value(),
            "--window-s", str(settings.strava_rate_window_s),
        ], settings.local_strava_port))  # fmt: skip
    return processes
