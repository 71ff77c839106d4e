"""A large, realistic run history written straight into the event store (and outbox) with COPY,
for benchmarks that need 100,000 events in seconds: each run is recorded, corrected about half
the time and deleted about one time in ten, spread over a few hundred athletes. The payloads are
the real events' JSON, so projections apply them exactly as they would live ones."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from contracts.envelope import EventEnvelope
from contracts.events import DomainEvent
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded

ATHLETES = 300


@dataclass(frozen=True)
class History:
    events: int
    runs: int
    live_runs: int


def _details(rng: random.Random, now: datetime) -> dict[str, object]:
    distance = round(rng.uniform(3, 30), 2)
    return {
        "distance_km": distance,
        "duration_s": int(distance * rng.uniform(240, 420)),
        "started_at": now - timedelta(minutes=rng.randrange(60 * 24 * 365)),
        "avg_heart_rate": rng.randint(120, 180),
        "notes": rng.choice([None, "easy", "tempo", "long run\nfelt good"]),
    }


async def write_history(dsn: str, events: int, *, seed: int = 7, outbox: bool = False) -> History:
    """Write about `events` run events; with `outbox`, also their outbox rows (unpublished)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    athletes = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(ATHLETES)]
    streams: list[tuple[str, str, int]] = []
    rows: list[tuple[object, ...]] = []
    boxes: list[tuple[object, ...]] = []
    runs = live = 0
    while len(rows) < events:
        run_id, athlete = uuid.UUID(int=rng.getrandbits(128)), rng.choice(athletes)
        history: list[DomainEvent] = [
            RunRecorded(run_id=run_id, athlete_id=athlete, **_details(rng, now))
        ]
        if rng.random() < 0.5:
            history.append(RunCorrected(run_id=run_id, athlete_id=athlete, **_details(rng, now)))
        if rng.random() < 0.1:
            history.append(RunDeleted(run_id=run_id, athlete_id=athlete))
        else:
            live += 1
        runs += 1
        stream = str(run_id)
        streams.append((stream, "run", len(history)))
        for version, event in enumerate(history, start=1):
            envelope = EventEnvelope(
                id=uuid.UUID(int=rng.getrandbits(128)), source="/pacer/training",
                type=event.event_type(), time=now, subject=stream, aggregateid=stream,
                aggregateversion=version, correlationid="bench", actor=str(athlete),
            )  # fmt: skip
            payload = event.model_dump_json()
            meta = envelope.model_dump_json(exclude_none=True)
            rows.append((envelope.id, stream, version, envelope.type, payload, meta, now))
            if outbox:
                headers = json.dumps({k: v.decode() for k, v in envelope.to_headers()})
                boxes.append((envelope.id, event.topic(), stream, headers, payload))
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await connection.copy_records_to_table(
                "event_streams", records=streams, columns=["stream_id", "stream_type", "version"]
            )
            await connection.copy_records_to_table(
                "events",
                records=rows,
                columns=["event_id", "stream_id", "version", "event_type", "data", "metadata",
                         "recorded_at"],
            )  # fmt: skip
            if boxes:
                await connection.copy_records_to_table(
                    "outbox", records=boxes,
                    columns=["event_id", "topic", "message_key", "headers", "payload"],
                )  # fmt: skip
        await connection.execute("ANALYZE events")
    finally:
        await connection.close()
    return History(len(rows), runs, live)
