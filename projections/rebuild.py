"""Rebuild a read model from the event store without ever losing the one that serves.

1. The projection's tables (and its positions table) are created empty in a shadow schema,
   `rebuild_<projection>`, with their constraints but without their other indexes; the live
   model keeps serving, and the live projector keeps applying to it.
2. The event store is replayed in global order through the same runner and handlers as the
   live projector, with the shadow schema first on the search path. An event that cannot be
   applied is parked and reported exactly as the live projector would. Reading the next page
   overlaps with applying the current one.
3. The events committed during the replay are replayed too; the tables are switched to logged
   and their remaining indexes are built (with the live ones' names, `shadows.py`).
4. The events the live model has applied and the shadow has not (committed late, with an
   earlier global position than the replay had read) are applied, found by comparing the two
   positions tables; then one transaction takes the projection's lock (the live projector
   pauses), applies the last of them and swaps the shadow tables in for the live ones, with a
   short lock timeout and retries. Readers see the old model or the new one, never a partial
   one; what the live projector has not applied yet reaches it on Kafka after the swap.

A crash before the swap leaves the live model as it was; the next rebuild clears the leftover
shadow schema first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contracts.personal import decode_sealed
from infra.consumers import ParkedEvent, describe, is_transient
from infra.kafka import DeadLetters, Record
from projections import shadows, tracking
from projections.projection import Applied, Projection
from projections.runner import Pending, ProjectionRunner
from projections.sql import driver

log = logging.getLogger(__name__)
PAGE = 5000
SWAP_LOCK_TIMEOUT = "2s"
SWAP_ATTEMPTS = 5
EVENT_COLUMNS = "global_position, event_id, stream_id, version, event_type, data::text AS data"
Row = Any  # an asyncpg record of EVENT_COLUMNS


class RebuildRunningError(RuntimeError):
    """Another rebuild of the same projection is under way."""


class RebuildSwapError(RuntimeError):
    """The rebuilt tables could not be swapped in (readers held the tables too long, or late
    events kept failing); the live model is unchanged."""


@dataclass
class RebuildReport:
    projection: str
    applied: int = 0
    seconds: float = 0.0
    parked: list[ParkedEvent] = field(default_factory=list)


@dataclass
class _Page:
    """Events read and decoded, and those that could not be decoded (parked as they come)."""

    pending: list[Pending]
    broken: list[tuple[ParkedEvent, Record]]


async def rebuild(
    engine: AsyncEngine,
    projection: Projection,
    dead_letters: DeadLetters,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
    *,
    max_attempts: int = 3,
) -> RebuildReport:
    began = time.perf_counter()
    report = RebuildReport(projection.name)
    shadow = shadows.schema_of(projection)
    replayed = tracking.ReplayPositions()
    replay, finish = (
        ProjectionRunner(
            projection,
            engine,
            dead_letters,
            max_attempts=max_attempts,
            schema=shadow,
            positions=positions,
        )
        for positions in (replayed, tracking.OwnPositions())
    )
    async with engine.connect() as guard:
        session = await guard.execution_options(isolation_level="AUTOCOMMIT")
        key = tracking.lock_key(f"rebuild.{projection.name}")
        if not await session.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}):
            raise RebuildRunningError(f"a rebuild of {projection.name} is already running")
        try:
            indexes = await shadows.create(session, projection, shadow)
            total = await session.scalar(
                text("SELECT count(*) FROM events WHERE event_type = ANY(:t)"),
                {"t": sorted(projection.event_classes)},
            )
            on_progress(0, total or 0)

            def progressed() -> None:
                on_progress(report.applied + len(report.parked), total or 0)

            reached = await _replay_history(engine, replay, report, progressed, after=0)
            # What committed while replaying, read the same way.
            await _replay_history(engine, replay, report, progressed, after=reached)
            await replayed.copy_into(session, shadow, projection.positions)
            for table in projection.tables:
                await session.execute(text(f'ALTER TABLE "{shadow}".{table} SET LOGGED'))
            for index in indexes:
                await session.execute(text(index))
            failure = ""
            for _ in range(SWAP_ATTEMPTS):
                # The late events outside the lock, parking what fails; then the lock.
                late = await _late(session, projection, shadow)
                await _apply(finish, _decode_page(projection, late), report)
                failure = await _swap_in(engine, finish, projection, shadow, report)
                if not failure:
                    break
            else:
                raise RebuildSwapError(
                    f"{projection.name}: the rebuilt tables could not be swapped in "
                    f"({failure}); the live model is unchanged"
                )
        finally:
            await session.execute(text(f'DROP SCHEMA IF EXISTS "{shadow}" CASCADE'))
            await session.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    report.seconds = time.perf_counter() - began
    return report


async def _replay_history(
    engine: AsyncEngine,
    runner: ProjectionRunner,
    report: RebuildReport,
    progressed: Callable[[], None],
    *,
    after: int,
) -> int:
    """Replay the events after global position `after`; returns the last position read.

    Pages are read and decoded in one task while the previous page is applied in another: the
    database and the decoding work at the same time."""
    pages: asyncio.Queue[_Page | None] = asyncio.Queue(maxsize=2)
    projection = runner.projection

    reached = after

    async def read() -> None:
        nonlocal reached
        async with engine.connect() as connection:
            raw = await driver(connection)
            while rows := await raw.fetch(
                f"SELECT {EVENT_COLUMNS} FROM events "  # noqa: S608 - fixed column list
                "WHERE global_position > $1 AND event_type = ANY($2::text[]) "
                "ORDER BY global_position LIMIT $3",
                reached, sorted(projection.event_classes), PAGE,
            ):  # fmt: skip
                await pages.put(_decode_page(projection, rows))
                reached = rows[-1]["global_position"]
        await pages.put(None)

    reader = asyncio.create_task(read())
    try:
        while (page := await pages.get()) is not None:
            await _apply(runner, page, report)
            progressed()
        await reader
    finally:
        reader.cancel()
    return reached


def _decode_page(projection: Projection, rows: Sequence[Row]) -> _Page:
    page = _Page([], [])
    classes = projection.event_classes
    for row in rows:
        try:
            event, sealed = decode_sealed(classes[row["event_type"]], row["data"])
        except ValueError as error:  # an event the live projector could not decode either
            parked = ParkedEvent(projection.name, row["event_id"], row["event_type"],
                                 row["stream_id"], row["version"], describe(error))  # fmt: skip
            page.broken.append((parked, _record(row)))
            continue
        applied = Applied(event, row["event_id"], row["stream_id"], row["version"])
        page.pending.append(Pending(applied, partial(_record, row), sealed=sealed))
    return page


def _record(row: Row) -> Record:
    """The event as a Kafka record, for the dead-letter topic."""
    return Record(
        topic="event-store",
        partition=0,
        offset=row["global_position"],
        key=row["stream_id"].encode(),
        value=row["data"].encode(),
        headers=[("ce_id", str(row["event_id"]).encode()), ("ce_type", row["event_type"].encode())],
    )


async def _apply(runner: ProjectionRunner, page: _Page, report: RebuildReport) -> None:
    outcome = await runner.apply(page.pending)
    for parked, record in page.broken:  # after: parking counts the version as applied
        await runner.park(parked, record, outcome)
    report.applied += outcome.applied
    report.parked.extend(outcome.parked)


async def _late(connection: AsyncConnection, projection: Projection, shadow: str) -> Sequence[Row]:
    """Events the live model has applied (or parked) and the shadow has not: committed after the
    replay read past them, or late with an earlier global position than what it read. Found by
    comparing the two positions tables, not by scanning the event store; what the live
    projector has not applied yet reaches it on Kafka after the swap, and the shadow's positions
    then tell it what is new."""
    query = (
        f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS.split(', '))} "  # noqa: S608
        f"FROM public.{projection.positions} l "
        f'LEFT JOIN "{shadow}".{projection.positions} s USING (stream_id) '
        "JOIN events e ON e.stream_id = l.stream_id AND e.version > coalesce(s.version, 0) "
        "AND e.version <= l.version "
        "WHERE l.version > coalesce(s.version, 0) AND e.event_type = ANY($1::text[]) "
        "ORDER BY e.global_position"
    )
    rows: Sequence[Row] = await (await driver(connection)).fetch(
        query, sorted(projection.event_classes)
    )
    return rows


async def _swap_in(
    engine: AsyncEngine,
    runner: ProjectionRunner,
    projection: Projection,
    shadow: str,
    report: RebuildReport,
) -> str:
    """Apply the last late events and swap the tables in, in one transaction that pauses the
    live projector. Returns why it did not (nothing changed then: readers held the tables too
    long, or a late event failed and will be parked outside the lock), or "" once swapped."""
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'"))
            # The live projector waits from here until the swap commits.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:k)"), {"k": tracking.lock_key(projection.name)}
            )
            late = _decode_page(projection, await _late(connection, projection, shadow))
            if late.broken:
                return "an event committed during the rebuild cannot be decoded"
            if late.pending:
                await connection.execute(text(f'SET LOCAL search_path TO "{shadow}", public'))
                applied, _ = await runner.apply_in(connection, late.pending)
                report.applied += len(applied)
                await connection.execute(text("SET LOCAL search_path TO public"))
            await shadows.swap(connection, projection, shadow)
    except Exception as failure:  # the swap's edge: the transaction rolled back, nothing changed
        if is_transient(failure) and not shadows.lock_timeout(failure):
            raise
        log.warning("rebuild of %s could not swap yet: %s", projection.name, describe(failure))
        return describe(failure)
    log.info("rebuilt %s: %d events applied", projection.name, report.applied)
    return ""
