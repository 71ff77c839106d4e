"""Read-model throughput, each beside a bare baseline measured in the same run, all services local:

    uv run python -m bench.projections [--events 100000] [--burst 20000] [--rounds 3]

1. **Rebuild** of the runs read model from `--events` events written straight into the event
   store (`bench/history.py`). Baseline: the same events read by plain asyncpg, `json.loads`,
   the last state per run folded in Python and written with one `unnest` upsert and one delete
   per page into a plain table: no validation, no positions, no shadow tables.
2. **Live catch-up** after a burst of `--burst` commands (RecordRun through the command bus),
   published by the relay: the runs projector (Kafka consumer group, batches, positions) from
   its first batch until every event is applied. Baseline: a bare aiokafka consumer group reading
   the same records, nothing else.

Writes min / median / max over `--rounds` rounds to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
from aiokafka import AIOKafkaConsumer
from sqlalchemy import text

from bench.history import write_history
from bench.startup import on_private_stack
from commands.actors import Actor
from contracts.training.commands import RecordRun
from contracts.training.events import RunRecorded
from infra import migrate
from infra.database import create_engine
from infra.heap import tune_for_batches
from infra.kafka import ensure_topics
from infra.runtime.postgres import sync_dsn
from infra.settings import Settings
from pacer import bootstrap
from pacer.workload import published_relay
from projections.consumer import consume
from projections.rebuild import rebuild
from projections.runner import Outcome, Prepared, ProjectionRunner
from projections.training.runs import RunsProjection

BEGIN, END = "<!-- projections:begin -->", "<!-- projections:end -->"
PAGE = 5000


class NoDeadLetters:
    async def send(self, *_: object) -> None:
        raise AssertionError("the benchmark's events are all valid")


@dataclass(frozen=True)
class Spread:
    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def __str__(self) -> str:
        low, mid, high = min(self.values), self.median, max(self.values)
        return f"{mid:,.0f} ({low:,.0f} to {high:,.0f})"


async def database(settings: Settings, name: str) -> Settings:
    admin = await asyncpg.connect(sync_dsn(settings.database_dsn))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = settings.database_dsn.rsplit("/", 1)[0] + f"/{name}"
    await asyncio.to_thread(migrate.upgrade, url)
    return settings.model_copy(update={"database_url": url, "kafka_topic_prefix": f"{name}."})


async def pacer_rebuild(settings: Settings) -> float:
    engine = create_engine(settings)
    try:
        report = await rebuild(engine, RunsProjection(), NoDeadLetters())
        return report.applied / report.seconds
    finally:
        await engine.dispose()


async def bare_rebuild(settings: Settings) -> float:
    """The floor: read, parse, fold per run, one upsert and one delete per page."""
    connection = await asyncpg.connect(sync_dsn(settings.database_dsn))
    try:
        await connection.execute(
            "DROP TABLE IF EXISTS bare_runs; "
            "CREATE UNLOGGED TABLE bare_runs (LIKE runs_view INCLUDING ALL)"
        )
        began, after, count = time.perf_counter(), 0, 0
        while rows := await connection.fetch(
            "SELECT global_position, stream_id, version, event_type, data::text AS data "
            "FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2",
            after, PAGE,
        ):  # fmt: skip
            latest: dict[str, tuple[int, dict[str, object]] | None] = {}
            for row in rows:
                data = json.loads(row["data"])
                gone = row["event_type"].endswith("RunDeleted.v1")
                latest[row["stream_id"]] = None if gone else (row["version"], data)
            kept = [(stream, item) for stream, item in latest.items() if item is not None]
            await connection.execute(
                "INSERT INTO bare_runs (run_id, athlete_id, version, distance_km, duration_s, "
                "pace_s_per_km, started_at, elevation_gain_m, avg_heart_rate, notes, shoe_id) "
                "SELECT r.run_id, r.athlete_id, v.version, r.distance_km, "
                "r.duration_s, r.duration_s / r.distance_km, r.started_at, r.elevation_gain_m, "
                "r.avg_heart_rate, r.notes, r.shoe_id FROM unnest($1::jsonb[], $2::int[]) "
                "AS v(doc, version), jsonb_to_record(v.doc) AS r(run_id uuid, athlete_id uuid, "
                "distance_km float8, duration_s int, started_at timestamptz, elevation_gain_m "
                "float8, avg_heart_rate int, notes text, shoe_id uuid) ON CONFLICT (run_id) DO "
                "UPDATE SET version = EXCLUDED.version, distance_km = EXCLUDED.distance_km",
                [json.dumps(item[1]) for _, item in kept],
                [item[0] for _, item in kept],
            )
            await connection.execute(
                "DELETE FROM bare_runs WHERE run_id = ANY($1::uuid[])",
                [stream for stream, item in latest.items() if item is None],
            )
            count += len(rows)
            after = rows[-1]["global_position"]
        return count / (time.perf_counter() - began)
    finally:
        await connection.execute("DROP TABLE IF EXISTS bare_runs")
        await connection.close()


async def burst(settings: Settings, commands: int, concurrency: int = 16) -> float:
    """Record `commands` runs through the command bus; returns commands per second."""
    engine = create_engine(settings, pool_size=concurrency)
    bus = bootstrap.command_bus(settings, engine)
    athletes = [uuid.uuid4() for _ in range(50)]
    started = datetime.now(UTC) - timedelta(days=1)

    async def one(index: int) -> None:
        athlete = athletes[index % len(athletes)]
        command = RecordRun(
            run_id=uuid.uuid4(), athlete_id=athlete, distance_km=10.0, duration_s=3000,
            started_at=started - timedelta(minutes=index),
        )  # fmt: skip
        await bus.dispatch(command, Actor.account(athlete, "athlete"))

    try:
        began = time.perf_counter()
        for first in range(0, commands, concurrency):
            await asyncio.gather(
                *(one(i) for i in range(first, min(first + concurrency, commands)))
            )
        return commands / (time.perf_counter() - began)
    finally:
        await engine.dispose()


async def catch_up(settings: Settings, events: int, group: str) -> float:
    """The live projector from its first batch until `events` events are applied."""
    engine = create_engine(settings, pool_size=2)
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE runs_view, runs_positions"))
    runner = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())
    first: list[float] = []
    last: list[float] = []
    applied = 0
    stop = asyncio.Event()
    apply = runner.apply_prepared

    async def timed(prepared: Prepared) -> Outcome:
        nonlocal applied
        first.append(first[0] if first else time.perf_counter())
        outcome = await apply(prepared)
        applied += outcome.applied
        last.append(time.perf_counter())
        if applied >= events:
            stop.set()
        return outcome

    runner.apply_prepared = timed  # type: ignore[method-assign]
    try:
        await consume(
            [runner], settings.kafka_bootstrap, stop, settings.kafka_topic_prefix,
            group=f"{settings.kafka_topic_prefix}{group}",
        )  # fmt: skip
        return applied / (last[-1] - first[0])
    finally:
        await engine.dispose()


async def bare_consumer(settings: Settings, events: int, group: str) -> float:
    consumer = AIOKafkaConsumer(
        settings.kafka_topic_prefix + RunRecorded.topic(),
        bootstrap_servers=settings.kafka_bootstrap, group_id=group,
        enable_auto_commit=False, auto_offset_reset="earliest", max_poll_records=2000,
    )  # fmt: skip
    await consumer.start()
    try:
        count, began = 0, 0.0
        while count < events:
            polled = await consumer.getmany(timeout_ms=200, max_records=2000)
            if polled and not began:
                began = time.perf_counter()
            count += sum(len(messages) for messages in polled.values())
            if polled:
                await consumer.commit()
        return count / (time.perf_counter() - began)
    finally:
        await consumer.stop()


async def rounds(count: int, measure: Callable[[int], Awaitable[float]]) -> Spread:
    return Spread(tuple([await measure(index) for index in range(count)]))


async def run(settings: Settings, events: int, commands: int, count: int) -> str:
    history_db = await database(settings, "bench_rebuild")
    began = time.perf_counter()
    history = await write_history(sync_dsn(history_db.database_dsn), events)
    seeded = time.perf_counter() - began
    pacer = await rounds(count, lambda _: pacer_rebuild(history_db))
    bare = await rounds(count, lambda _: bare_rebuild(history_db))

    live_db = await database(settings, "bench_live")
    topics = [live_db.kafka_topic_prefix + topic for topic in bootstrap.contexts().topics()]
    await ensure_topics(live_db.kafka_bootstrap, topics)
    written = await burst(live_db, commands)
    engine = create_engine(live_db)
    try:
        relayed_began = time.perf_counter()
        published = await published_relay(live_db, engine)
        relayed = published / (time.perf_counter() - relayed_began)
    finally:
        await engine.dispose()
    live = await rounds(count, lambda i: catch_up(live_db, commands, f"round{i}"))
    kafka = await rounds(count, lambda i: bare_consumer(live_db, commands, f"bare{i}"))

    return "\n".join([
        BEGIN,
        f"## Read models ({datetime.now(UTC):%Y-%m-%d}; `python -m bench.projections "
        f"--events {events} --burst {commands} --rounds {count}`)",
        "",
        "Events/s, median (min to max) of the rounds; everything on this machine's 2 cores.",
        "",
        "| measure | Pacer | bare baseline | ratio |",
        "|---|---|---|---|",
        f"| rebuild of `runs` from {history.events:,} events ({history.runs:,} runs) | "
        f"{pacer} | {bare} | {pacer.median / bare.median:.2f} |",
        f"| live catch-up after {commands:,} commands | {live} | {kafka} (Kafka read only) | "
        f"{live.median / kafka.median:.2f} |",
        "",
        f"Rebuild: shadow tables (unlogged while filling), replay through the projection's batch "
        f"handlers, secondary indexes built at the end, atomic swap. Baseline: plain asyncpg, "
        f"`json.loads`, a fold per run and one `jsonb_to_record` upsert per {PAGE} events. "
        f"The {history.events:,} events were written with COPY in {seeded:.1f} s.",
        f"Catch-up: the burst went through the command bus at {written:,.0f} commands/s "
        f"(16 at a time) and the relay published it at {relayed:,.0f} events/s; the projector "
        f"is timed from its first batch to its last.",
        END,
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Pacer read-model throughput")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--burst", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    on_private_stack(
        lambda settings: run(settings, args.events, args.burst, args.rounds),
        BEGIN,
        END,
        prepare=tune_for_batches,
    )


if __name__ == "__main__":
    main()
