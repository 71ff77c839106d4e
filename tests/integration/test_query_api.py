"""The query API over a projected read model: pages, date ranges, weekly totals, read-only."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from contracts.consistency import POSITIONS_CHANNEL, StreamPosition, positions_table
from contracts.training.commands import RecordRun
from contracts.training.events import RunRecorded
from contracts.training.reads import RUNS
from infra.database import create_engine, driver_dsn, first_statement, read_once
from infra.positions import FALLBACK_S, PositionSignals, wait_until_applied
from infra.settings import Settings
from pacer.bootstrap import query_app
from projections.runner import ProjectionRunner
from projections.tracking import save_positions
from projections.training.runs import RunsProjection
from tests.helpers import NoDeadLetters, api_client, published_relay, read_topic, signed_in

pytestmark = pytest.mark.integration
MONDAY = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
async def athlete(
    pipeline_settings: Settings, engine: AsyncEngine, bus: CommandBus
) -> dict[str, str]:
    """An athlete with one 10 km run a day for 14 days from Monday 2 November, projected."""
    athlete_id = uuid.uuid4()
    for day in range(14):
        run = RecordRun(
            run_id=uuid.uuid4(),
            athlete_id=athlete_id,
            distance_km=10,
            duration_s=3000 + day * 10,
            started_at=MONDAY + timedelta(days=day),
        )
        await bus.dispatch(run, Actor.account(athlete_id, "athlete"))
    await published_relay(pipeline_settings, engine)
    records = await read_topic(pipeline_settings, RunRecorded.topic(), expected=14)
    await ProjectionRunner(RunsProjection(), engine, NoDeadLetters()).process(records)
    return await signed_in(pipeline_settings, athlete_id)


@pytest.fixture
async def client(pipeline_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(query_app(pipeline_settings)) as client:
        yield client


async def test_pages_follow_each_other_newest_first(
    client: httpx.AsyncClient, athlete: dict[str, str]
) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/runs", params=params, headers=athlete)).json()
        seen += [item["started_at"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 14
    assert seen == sorted(seen, reverse=True)


async def test_a_date_range_is_inclusive_at_the_start_and_exclusive_at_the_end(
    client: httpx.AsyncClient, athlete: dict[str, str]
) -> None:
    params = {
        "from": (MONDAY + timedelta(days=2)).isoformat(),
        "to": (MONDAY + timedelta(days=5)).isoformat(),
    }
    items = (await client.get("/runs", params=params, headers=athlete)).json()["items"]
    assert [item["started_at"][:10] for item in items] == [
        "2026-11-06", "2026-11-05", "2026-11-04"
    ]  # fmt: skip


async def test_weekly_totals_sum_each_iso_week(
    client: httpx.AsyncClient, athlete: dict[str, str]
) -> None:
    weeks = (await client.get("/runs/weekly", headers=athlete)).json()
    assert [w["week_start"] for w in weeks] == ["2026-11-02", "2026-11-09"]
    assert [w["count"] for w in weeks] == [7, 7]
    assert [w["distance_km"] for w in weeks] == [70.0, 70.0]
    assert weeks[0]["duration_s"] == sum(3000 + day * 10 for day in range(7))
    assert weeks[0]["avg_pace_s_per_km"] == pytest.approx(weeks[0]["duration_s"] / 70)


async def test_bad_cursors_and_tokens_are_400_problems(
    client: httpx.AsyncClient, athlete: dict[str, str]
) -> None:
    bad_cursor = await client.get("/runs", params={"cursor": "nonsense"}, headers=athlete)
    forged = StreamPosition("any-stream", 1).encode() + ".AAAAAAAAAAAAAAAAAAAAAA"
    bad_token = await client.get("/runs", headers={**athlete, "X-Consistency-Token": forged})
    for response in (bad_cursor, bad_token):
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
    # Not even shaped like a token: the schema says so (422).
    shapeless = await client.get("/runs", headers={**athlete, "X-Consistency-Token": "x"})
    assert shapeless.status_code == 422


async def test_the_query_side_database_connection_refuses_writes(
    pipeline_settings: Settings,
) -> None:
    engine = create_engine(pipeline_settings, read_only=True)
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="read-only transaction"):
                await conn.execute(text("DELETE FROM runs_view"))
    finally:
        await engine.dispose()


async def test_a_waiting_query_is_woken_by_the_projection_s_commit_not_by_polling(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    """The waiter looks again when the projection's transaction commits (a notification), long
    before its one-second fallback look would."""
    signals = PositionSignals(driver_dsn(pipeline_settings), POSITIONS_CHANNEL)
    await signals.start()
    try:
        await asyncio.sleep(0.3)  # the listening connection is up
        position = StreamPosition(f"run-{uuid.uuid4()}", 1)
        waiting = asyncio.create_task(
            wait_until_applied(engine, signals, [positions_table(RUNS)], position.stream_id, 1, 5)
        )
        await asyncio.sleep(0.2)  # the waiter has looked once and sleeps on the signal
        assert not waiting.done()
        async with engine.begin() as connection:
            await save_positions(connection, positions_table(RUNS), {position.stream_id: 1})
        committed = asyncio.get_running_loop().time()
        assert await waiting
        woken_after = asyncio.get_running_loop().time() - committed
        assert woken_after < FALLBACK_S / 2, woken_after
    finally:
        await signals.stop()


async def test_a_pooled_connection_found_dead_is_replaced_without_a_ping_per_request(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    """The query API's pool does not ping at checkout: a read's first statement proves the
    connection alive, and runs again on a fresh one when PostgreSQL ended the pooled one."""
    reader = create_engine(pipeline_settings, read_only=True, pool_size=1, pre_ping=False)
    backend = text("SELECT pg_backend_pid()")
    try:
        async with first_statement(reader, backend) as (_, result):
            pooled = result.scalar_one()
        async with engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pooled})
        async with first_statement(reader, backend) as (_, result):
            assert result.scalar_one() != pooled
    finally:
        await reader.dispose()


async def test_a_read_in_autocommit_survives_a_restart_that_ended_every_pooled_connection(
    pipeline_settings: Settings, engine: AsyncEngine
) -> None:
    """The consistency wait and the reactors' key reads run one statement in autocommit
    (`read_once`): when PostgreSQL ended every pooled connection (a restart), the read runs
    again on a fresh one, and the pool drops the other dead ones too."""
    reader = create_engine(pipeline_settings, read_only=True, pool_size=2, pre_ping=False)
    backend = text("SELECT pg_backend_pid()")
    try:
        async with reader.connect() as first, reader.connect() as second:
            pooled = {
                (await first.execute(backend)).scalar_one(),
                (await second.execute(backend)).scalar_one(),
            }
        async with engine.connect() as admin:
            for pid in pooled:
                await admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        for _ in range(3):  # each on a live connection, whichever the pool hands out
            [(answered,)] = await read_once(reader, backend)
            assert answered not in pooled
    finally:
        await reader.dispose()
