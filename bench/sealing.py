"""What crypto-shredding costs, against the same work without personal values, in one run on
the same PostgreSQL (every service local):

    uv run python -m bench.sealing [--runs 5000] [--rounds 3]

**Append**: `--runs` runs recorded through the event store, one transaction each as the unit of
work does it, each with a title and notes (sealed: the account's key fetched in the
transaction, two values encrypted); baseline: the same runs without title and notes (nothing to
seal, no key fetched). 50 athletes, so keys are made once and then read.

**Apply**: the same events read from the outbox as Kafka records and applied by the runs
projection's runner in batches of 1,000 (sealed: the keys fetched in the batch's transaction and
the values opened); baseline: the unsealed events.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.projections import NoDeadLetters, Spread, database
from bench.startup import on_private_stack
from commands.eventstore import EventStore, MessageContext
from contracts.events import EventTypes
from contracts.training.events import RunRecorded
from infra.database import create_engine
from infra.kafka import Record
from infra.settings import Settings
from projections.runner import ProjectionRunner
from projections.training.runs import RunsProjection

BEGIN, END = "<!-- sealing:begin -->", "<!-- sealing:end -->"
ATHLETES = 50
BATCH = 1000
START = datetime(2026, 1, 1, tzinfo=UTC)
TYPES = EventTypes([RunRecorded])
NOTES = "Left calf tight after 6 km; easy pace, windy."
SAME_NOTES = text("SELECT count(*) FROM runs_view WHERE notes = :notes")


def runs(count: int, personal: bool) -> list[RunRecorded]:
    athletes = [uuid.uuid4() for _ in range(ATHLETES)]
    return [
        RunRecorded(
            run_id=uuid.uuid4(),
            athlete_id=athletes[index % ATHLETES],
            distance_km=10.0,
            duration_s=3000,
            started_at=START + timedelta(minutes=index),
            title="Morning loop by the river" if personal else None,
            notes=NOTES if personal else None,
        )
        for index in range(count)
    ]


async def append(engine: AsyncEngine, events: list[RunRecorded]) -> float:
    """Runs recorded per second, one transaction each."""
    async with engine.connect() as pooled:
        raw = (await pooled.get_raw_connection()).driver_connection
        began = time.perf_counter()
        for event in events:
            async with raw.transaction():  # type: ignore[union-attr]
                store = EventStore(raw, MessageContext(correlation_id="bench"), TYPES)
                await store.append(str(event.run_id), "run", 0, [event])
        return len(events) / (time.perf_counter() - began)


async def records(engine: AsyncEngine, events: list[RunRecorded]) -> list[Record]:
    ids = [str(event.run_id) for event in events]
    async with engine.connect() as sql:
        rows = (await sql.execute(text(
            "SELECT topic, message_key, headers, payload::text AS payload FROM outbox "
            "WHERE message_key = ANY(:ids) ORDER BY id"), {"ids": ids})).all()  # fmt: skip
    return [
        Record(row.topic, 0, offset, row.message_key.encode(), row.payload.encode(),
               [(name, value.encode()) for name, value in row.headers.items()])
        for offset, row in enumerate(rows)
    ]  # fmt: skip


async def apply(engine: AsyncEngine, found: list[Record]) -> float:
    """Events applied per second by the runs projection's runner."""
    runner = ProjectionRunner(RunsProjection(), engine, NoDeadLetters())
    began = time.perf_counter()
    for first in range(0, len(found), BATCH):
        outcome = await runner.process(found[first : first + BATCH])
        assert outcome.applied == len(found[first : first + BATCH]), outcome
    return len(found) / (time.perf_counter() - began)


async def run(settings: Settings, count: int, rounds: int) -> str:
    measured: dict[str, list[float]] = {"append": [], "append bare": [], "apply": [],
                                        "apply bare": []}  # fmt: skip
    for round_ in range(rounds):
        bench = await database(settings, f"bench_sealing_{round_}")
        engine = create_engine(bench, pool_size=2)
        try:
            sealed, plain = runs(count, personal=True), runs(count, personal=False)
            measured["append"].append(await append(engine, sealed))
            measured["append bare"].append(await append(engine, plain))
            sealed_records = await records(engine, sealed)
            assert all(b"pacer:sealed:v1:" in (r.value or b"") for r in sealed_records)
            measured["apply"].append(await apply(engine, sealed_records))
            measured["apply bare"].append(await apply(engine, await records(engine, plain)))
            async with engine.connect() as sql:
                notes = await sql.scalar(SAME_NOTES, {"notes": NOTES})
            assert notes == count, notes  # opened again for the read model
        finally:
            await engine.dispose()

    def ratio(name: str) -> str:
        sealed, bare = Spread(tuple(measured[name])), Spread(tuple(measured[name + " bare"]))
        return f"{sealed.median / bare.median:.2f}x"

    return "\n".join([
        BEGIN,
        f"## Crypto-shredding ({datetime.now(UTC):%Y-%m-%d}; `python -m bench.sealing "
        f"--runs {count} --rounds {rounds}`)",
        "",
        f"{count:,} runs by {ATHLETES} athletes, median (min to max) of {rounds} rounds, one "
        "connection, PostgreSQL on this machine's 2 cores. **Append**: each run recorded through "
        "the event store in its own transaction with a title and notes, sealed with the "
        "athlete's key (fetched in the transaction; made on first use); baseline: the same "
        "runs without title and notes, nothing sealed. **Apply**: the outbox's records applied "
        f"by the runs projection's runner, {BATCH:,} a batch, keys fetched in the batch's "
        "transaction and values opened; baseline: the unsealed records.",
        "",
        "| measure | sealed | nothing to seal | ratio |",
        "|---|---|---|---|",
        f"| append (runs/s) | {Spread(tuple(measured['append']))} | "
        f"{Spread(tuple(measured['append bare']))} | {ratio('append')} |",
        f"| apply (events/s) | {Spread(tuple(measured['apply']))} | "
        f"{Spread(tuple(measured['apply bare']))} | {ratio('apply')} |",
        END,
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Pacer crypto-shredding: append and apply")
    parser.add_argument("--runs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    on_private_stack(lambda settings: run(settings, args.runs, args.rounds), BEGIN, END)


if __name__ == "__main__":
    main()
