"""End-to-end pipeline benchmark on this machine, all services local.

    uv run python -m bench.pipeline [--rate 40] [--seconds 30] [--relay-events 6000]

1. Starts a private stack (Kafka, PostgreSQL, Redis, both APIs, relay, projectors) on free ports
   in a temporary folder.
2. Drives the command API open-loop at a fixed rate (POST /runs, 20 athletes round robin) and,
   for each accepted command, asks the query API for the run with its consistency token.
   Accept latency: request sent → 201. Visibility latency: 201 received → query answers 200.
3. Relay throughput: a fresh database with N events in its outbox, drained by one relay.
4. Rebuild throughput: the runs projection rebuilt from the event store of step 2.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.startup import write
from infra import migrate
from infra.database import create_engine
from infra.runtime.postgres import sync_dsn
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings
from pacer.bootstrap import command_bus
from pacer.processes import app_processes
from pacer.workload import published_relay, write_runs
from projections.rebuild import rebuild
from projections.training.runs import RunsProjection

BEGIN, END = "<!-- pipeline:begin -->", "<!-- pipeline:end -->"
PASSWORD = "benchmark password 123"  # noqa: S105 - throw-away benchmark accounts


@dataclass
class Samples:
    accept_ms: list[float] = field(default_factory=list)
    visible_ms: list[float] = field(default_factory=list)
    errors: int = 0
    late: int = 0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def athletes(command: httpx.AsyncClient, count: int) -> list[dict[str, str]]:
    headers = []
    for index in range(count):
        email = f"bench-{index}-{uuid.uuid4().hex[:6]}@example.com"
        await command.post(
            "/auth/register", json={"email": email, "password": PASSWORD, "display_name": "B"}
        )
        token = (
            await command.post("/auth/token", data={"username": email, "password": PASSWORD})
        ).json()["access_token"]
        headers.append({"Authorization": f"Bearer {token}"})
    return headers


async def one_command(
    command: httpx.AsyncClient,
    query: httpx.AsyncClient,
    auth: dict[str, str],
    index: int,
    samples: Samples,
) -> None:
    started = (datetime.now(UTC) - timedelta(minutes=index)).isoformat()
    sent = time.perf_counter()
    response = await command.post(
        "/runs", headers=auth, json={"distance_km": 8.0, "duration_s": 2500, "started_at": started}
    )
    accepted = time.perf_counter()
    if response.status_code != 201:
        samples.errors += 1
        return
    samples.accept_ms.append((accepted - sent) * 1000)
    body = response.json()
    visible = await query.get(
        f"/runs/{body['aggregate_id']}",
        headers={**auth, "X-Consistency-Token": body["consistency_token"]},
    )
    if visible.status_code != 200:
        samples.late += 1
        return
    samples.visible_ms.append((time.perf_counter() - accepted) * 1000)


async def drive(settings: Settings, rate: float, seconds: float) -> Samples:
    samples = Samples()
    limits = httpx.Limits(max_connections=200)
    async with (
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{settings.command_api_port}", limits=limits, timeout=30
        ) as command,
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{settings.query_api_port}", limits=limits, timeout=30
        ) as query,
    ):
        auths = await athletes(command, 20)
        tasks = []
        began = time.perf_counter()
        total = int(rate * seconds)
        for index in range(total):
            # Open loop: each command leaves at its scheduled time, whatever the others do.
            await asyncio.sleep(max(0.0, began + index / rate - time.perf_counter()))
            tasks.append(
                asyncio.create_task(
                    one_command(command, query, auths[index % len(auths)], index, samples)
                )
            )
        await asyncio.gather(*tasks)
    return samples


@asynccontextmanager
async def written_outbox(
    settings: Settings, events: int
) -> AsyncIterator[tuple[Settings, AsyncEngine]]:
    """A database of its own (dropped after) holding about `events` events of runs recorded and
    corrected through the bus, all in its outbox; its settings (own topics) and engine."""
    name = f"bench_relay_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(sync_dsn(settings.database_dsn))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = settings.database_dsn.rsplit("/", 1)[0] + f"/{name}"
    private = settings.model_copy(update={"database_url": url, "kafka_topic_prefix": f"{name}."})
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        engine = create_engine(private)
        try:
            await write_runs(command_bus(private, engine), runs=events // 3, corrections=2)
            yield private, engine
        finally:
            await engine.dispose()
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def relay_throughput(settings: Settings, events: int) -> tuple[int, float]:
    async with written_outbox(settings, events) as (private, engine):
        began = time.perf_counter()
        published = await published_relay(private, engine)
        return published, time.perf_counter() - began


class NoDeadLetters:
    async def send(self, *_: object) -> None:
        raise AssertionError("the benchmark's events are all valid")


async def rebuild_throughput(settings: Settings) -> tuple[int, float]:
    engine = create_engine(settings)
    try:
        report = await rebuild(engine, RunsProjection(), NoDeadLetters())
        return report.applied, report.seconds
    finally:
        await engine.dispose()


def render(
    rate: float,
    seconds: float,
    samples: Samples,
    relay: tuple[int, float],
    rebuilt: tuple[int, float],
) -> str:
    accepted = len(samples.accept_ms)
    lines = [
        BEGIN,
        f"## Event pipeline ({datetime.now(UTC):%Y-%m-%d}; `python -m bench.pipeline "
        f"--rate {rate:g} --seconds {seconds:g}`)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| offered rate | {rate:g} commands/s for {seconds:g} s |",
        f"| accepted commands/s | {accepted / seconds:.1f} ({accepted} accepted, "
        f"{samples.errors} errors) |",
        f"| accept latency p50 / p99 | {percentile(samples.accept_ms, 50):.1f} / "
        f"{percentile(samples.accept_ms, 99):.1f} ms |",
        f"| visibility latency p50 / p99 (accepted → visible in query API) | "
        f"{percentile(samples.visible_ms, 50):.1f} / {percentile(samples.visible_ms, 99):.1f} ms"
        f" ({samples.late} not visible within the wait) |",
        f"| relay throughput | {relay[0] / relay[1]:.0f} events/s ({relay[0]} events) |",
        f"| projection rebuild | {rebuilt[0] / rebuilt[1]:.0f} events/s ({rebuilt[0]} events) |",
        "",
        "All processes and services share the machine's 2 cores with the load generator.",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Pacer pipeline benchmark")
    parser.add_argument("--rate", type=float, default=40)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--relay-events", type=int, default=6000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = isolated_settings(Path(folder))
        stack = DevStack(settings, app_processes(settings))
        try:
            stack.up()
            samples = asyncio.run(drive(settings, args.rate, args.seconds))
            relay = asyncio.run(relay_throughput(settings, args.relay_events))
            rebuilt = asyncio.run(rebuild_throughput(settings))
        finally:
            stack.down()
    section = render(args.rate, args.seconds, samples, relay, rebuilt)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
