"""Rebuild a read model from the event store without ever losing the one that serves.

1. The projection's tables (and its positions table) are created empty in a shadow schema,
   `rebuild_<projection>`; the live model keeps serving, and the live projector keeps applying.
2. The event store is replayed in global order through the same runner and handlers as the
   live projector, with the shadow schema first on the search path. An event that cannot be
   applied is parked and reported exactly as the live projector would.
3. One transaction takes the projection's lock (the live projector pauses), applies the events
   committed since (any event beyond a shadow position), swaps the shadow tables in for the live
   ones and drops the old ones. Readers see the old model or the new one, never a partial one.

A crash before the swap leaves the live model as it was; the next rebuild clears the leftover
shadow schema first.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from infra.consumers import ParkedEvent, describe
from infra.kafka import DeadLetters, Record
from projections import tracking
from projections.projection import Applied, Projection
from projections.runner import Outcome, Pending, ProjectionRunner

log = logging.getLogger(__name__)
PAGE = 5000
SWAP_LOCK_TIMEOUT = "10s"
EVENT_COLUMNS = "global_position, event_id, stream_id, version, event_type, data::text AS data"


class RebuildRunningError(RuntimeError):
    """Another rebuild of the same projection is under way."""


@dataclass
class RebuildReport:
    projection: str
    applied: int = 0
    seconds: float = 0.0
    parked: list[ParkedEvent] = field(default_factory=list)


def shadow_schema(projection: Projection) -> str:
    return f"rebuild_{projection.name}"


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
    shadow = shadow_schema(projection)
    runner = ProjectionRunner(
        projection, engine, dead_letters, max_attempts=max_attempts, schema=shadow
    )
    handled = sorted(projection.event_classes)
    async with engine.connect() as guard:
        session = await guard.execution_options(isolation_level="AUTOCOMMIT")
        key = tracking.lock_key(f"rebuild.{projection.name}")
        if not await session.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}):
            raise RebuildRunningError(f"a rebuild of {projection.name} is already running")
        try:
            await _create_shadow(session, projection, shadow)
            total = await session.scalar(
                text("SELECT count(*) FROM events WHERE event_type = ANY(:t)"), {"t": handled}
            )
            on_progress(0, total or 0)
            position = 0
            while rows := await _page(engine, handled, position):
                await _replay(runner, rows, report)
                position = rows[-1].global_position
                on_progress(report.applied + len(report.parked), total or 0)
            # What committed meanwhile, then (under the lock) what committed during that.
            await _replay(runner, await _late(engine, projection, shadow), report)
            await _swap_in(engine, runner, projection, shadow, report)
        finally:
            await session.execute(text(f'DROP SCHEMA IF EXISTS "{shadow}" CASCADE'))
            await session.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    report.seconds = time.perf_counter() - began
    return report


async def _replay(
    runner: ProjectionRunner, rows: Sequence[Row[Any]], report: RebuildReport
) -> None:
    outcome = Outcome()
    pending = []
    for row in rows:
        try:
            pending.append(_decode(runner.projection, row))
        except ValueError as error:  # an event the live projector could not decode either
            parked = ParkedEvent(runner.projection.name, row.event_id, row.event_type,
                                 row.stream_id, row.version, describe(error))  # fmt: skip
            await runner.park(parked, _source(row)(), outcome)
    await runner.apply(pending, outcome)
    report.applied += outcome.applied
    report.parked.extend(outcome.parked)


async def _create_shadow(session: AsyncConnection, projection: Projection, shadow: str) -> None:
    await session.execute(text(f'DROP SCHEMA IF EXISTS "{shadow}" CASCADE'))
    await session.execute(text(f'CREATE SCHEMA "{shadow}"'))
    for table in projection.owned_tables:
        await session.execute(
            text(f'CREATE TABLE "{shadow}".{table} (LIKE public.{table} INCLUDING ALL)')
        )


async def _page(engine: AsyncEngine, handled: list[str], after: int) -> Sequence[Row[Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(
            text(
                f"SELECT {EVENT_COLUMNS} FROM events "  # noqa: S608 - fixed column list
                "WHERE global_position > :p AND event_type = ANY(:t) "
                "ORDER BY global_position LIMIT :n"
            ),
            {"p": after, "t": handled, "n": PAGE},
        )
        return result.all()


def _decode(projection: Projection, row: Row[Any]) -> Pending:
    event = projection.event_classes[row.event_type].model_validate_json(row.data)
    return Pending(Applied(event, row.event_id, row.stream_id, row.version), _source(row))


def _source(row: Row[Any]) -> Callable[[], Record]:
    """The event as a Kafka record, for the dead-letter topic, built only if it is parked."""

    def record() -> Record:
        return Record(
            topic="event-store",
            partition=0,
            offset=row.global_position,
            key=row.stream_id.encode(),
            value=row.data.encode(),
            headers=[("ce_id", str(row.event_id).encode()), ("ce_type", row.event_type.encode())],
        )

    return record


async def _late(
    connection: AsyncEngine | AsyncConnection, projection: Projection, shadow: str
) -> Sequence[Row[Any]]:
    """Events committed after the replay passed them: beyond their stream's shadow position
    (global positions are handed out before commit, so reading past the last one is not enough)."""
    query = text(
        f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS.split(', '))} "  # noqa: S608
        f'FROM events e LEFT JOIN "{shadow}".{projection.positions} p USING (stream_id) '
        "WHERE e.event_type = ANY(:t) AND e.version > coalesce(p.version, 0) "
        "ORDER BY e.global_position"
    )
    handled = {"t": sorted(projection.event_classes)}
    if isinstance(connection, AsyncConnection):
        return (await connection.execute(query, handled)).all()
    async with connection.connect() as fresh:
        return (await fresh.execute(query, handled)).all()


async def _swap_in(
    engine: AsyncEngine,
    runner: ProjectionRunner,
    projection: Projection,
    shadow: str,
    report: RebuildReport,
) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'"))
        # The live projector waits from here until the swap commits.
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:k)"), {"k": tracking.lock_key(projection.name)}
        )
        if late := await _late(connection, projection, shadow):
            # A handful at most; one that fails fails the rebuild, and the live model stays.
            await connection.execute(text(f'SET LOCAL search_path TO "{shadow}", public'))
            applied, _ = await runner.apply_in(
                connection, [_decode(projection, row) for row in late]
            )
            report.applied += len(applied)
            await connection.execute(text("SET LOCAL search_path TO public"))
        for table in projection.owned_tables:
            await _swap(connection, shadow, table)
    log.info("rebuilt %s: %d events applied", projection.name, report.applied)


async def _swap(connection: AsyncConnection, shadow: str, table: str) -> None:
    """Put the shadow table in place of the live one, keeping the live one's index names."""
    retired = f"{shadow}_retired"
    old = await _index_definitions(connection, "public", table)
    new = await _index_definitions(connection, shadow, table)
    await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{retired}"'))
    await connection.execute(text(f'ALTER TABLE public.{table} SET SCHEMA "{retired}"'))
    await connection.execute(text(f'ALTER TABLE "{shadow}".{table} SET SCHEMA public'))
    for definition, name in new.items():
        wanted = old.get(definition)
        if wanted is not None and wanted != name:
            await connection.execute(text(f'ALTER INDEX public."{name}" RENAME TO "{wanted}"'))
    await connection.execute(text(f'DROP SCHEMA "{retired}" CASCADE'))


async def _index_definitions(
    connection: AsyncConnection, schema: str, table: str
) -> dict[str, str]:
    """Index definition (without its name and schema) → index name."""
    rows = await connection.execute(
        text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :s AND tablename = :t"),
        {"s": schema, "t": table},
    )
    return {
        re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON \S+ ", r"CREATE \1INDEX ON ", row.indexdef): (
            row.indexname
        )
        for row in rows
    }
