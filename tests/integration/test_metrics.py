"""Metrics on real PostgreSQL and Kafka: the relay process reports its outbox backlog on its own
port (and logs JSON lines), and a projector's lag goes back to 0 once it has caught up."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.bus import CommandBus
from infra.kafka import ensure_topics
from infra.metrics import OUTBOX_OLDEST_AGE, OUTBOX_UNPUBLISHED, PROJECTION_LAG
from infra.runtime.apps import READY_LINE
from infra.runtime.process import free_port
from infra.settings import Settings
from pacer.bootstrap import contexts
from pacer.processes import app_processes
from projections.consumer import consume
from projections.runner import Outcome, Prepared, ProjectionRunner
from projections.training.runs import RunsProjection
from tests.conftest import unique
from tests.helpers import NoDeadLetters, eventually, published_relay, runs_view, write_runs
from workers.relay import LEADER_LOCK_KEY

pytestmark = pytest.mark.integration
backlog_gauges = (OUTBOX_UNPUBLISHED, OUTBOX_OLDEST_AGE)


async def scrape(url: str) -> dict[str, float]:
    """The unlabelled samples a metrics endpoint serves, by name."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url)
    response.raise_for_status()
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if not sample.labels
    }


async def test_the_relay_reports_its_outbox_backlog_until_it_has_published_it(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus, process_folder: Path
) -> None:
    port = free_port()
    settings = pipeline_settings.model_copy(
        update={"relay_metrics_port": port, "var_dir": process_folder / unique("relay")}
    )
    [relay] = [process for process in app_processes(settings) if process.name == "relay"]
    url = f"http://{settings.metrics_host}:{port}/metrics"
    async with engine.connect() as holder:
        # This session holds the relay's leader lock: the relay waits as a standby and
        # reports the backlog it cannot publish yet.
        leadership = await holder.execution_options(isolation_level="AUTOCOMMIT")
        await leadership.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY})
        await write_runs(bus, runs=4, corrections=1)
        try:
            await asyncio.to_thread(relay.up)

            seen: list[object] = []

            async def backlog_shown() -> bool:
                try:
                    metrics = await scrape(url)
                except httpx.HTTPError as error:
                    seen[:] = [repr(error)]
                    return False
                seen[:] = [{name: metrics.get(name) for name in backlog_gauges}]
                return metrics.get(OUTBOX_UNPUBLISHED) == 8 and metrics[OUTBOX_OLDEST_AGE] > 0

            try:
                await eventually(backlog_shown, timeout_s=60)
            except TimeoutError:
                pytest.fail(f"last scrape: {seen}; the relay logged:\n{relay.proc.log_tail()}")

            await leadership.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LEADER_LOCK_KEY})

            async def published() -> bool:
                metrics = await scrape(url)
                return metrics[OUTBOX_UNPUBLISHED] == 0 and metrics[OUTBOX_OLDEST_AGE] == 0

            await eventually(published)
        finally:
            await asyncio.to_thread(relay.down)

    lines = relay.proc.log_file.read_text().splitlines()
    logged = [json.loads(line) for line in lines if not line.startswith(READY_LINE)]
    assert {line["process"] for line in logged} == {"relay"}
    assert "relay is the leader" in [line["message"] for line in logged]


def lag(projection: str) -> float | None:
    return REGISTRY.get_sample_value("pacer_projection_lag_events", {"projection": projection})


async def test_a_projectors_lag_shows_what_it_holds_and_returns_to_0_once_caught_up(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> None:
    prefix, bootstrap = pipeline_settings.kafka_topic_prefix, pipeline_settings.kafka_bootstrap
    await ensure_topics(bootstrap, [prefix + topic for topic in contexts().topics()])
    run_ids = await write_runs(bus, runs=10, corrections=1)
    assert await published_relay(pipeline_settings, engine) == 20

    runner = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())
    released = asyncio.Event()
    apply = runner.apply_prepared

    async def held_back(prepared: Prepared) -> Outcome:
        await released.wait()
        return await apply(prepared)

    runner.apply_prepared = held_back  # type: ignore[method-assign]
    name = runner.projection.name
    PROJECTION_LAG.labels(name).set(-1)  # not what an earlier test's projector left
    stop = asyncio.Event()
    projecting = asyncio.create_task(consume([runner], bootstrap, stop, prefix))
    try:

        async def lagging() -> bool:
            return (lag(name) or 0) > 0

        await eventually(lagging)
        assert lag(name) == 20  # nothing applied yet: all of it is held or left to fetch
        released.set()

        async def caught_up() -> bool:
            return lag(name) == 0 and len(await runs_view(engine)) == len(run_ids)

        await eventually(caught_up)
    finally:
        stop.set()
        released.set()
        await projecting
