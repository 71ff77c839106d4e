"""Rebuild a read model from the event store, through the same `apply` as the live projector."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.envelope import EventEnvelope
from contracts.events import event_class
from projections import tracking
from projections.projection import Projection

PAGE = 1000


async def rebuild(
    engine: AsyncEngine,
    projection: Projection,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Empty the projection's tables and tracking, then replay its events in global order.

    Holds the projection's advisory lock for the whole rebuild, so the live projector waits
    and then skips what the rebuild already applied. Returns the number of events applied.
    """
    handled = sorted(projection.handles)
    async with engine.connect() as raw:
        lock = await raw.execution_options(isolation_level="AUTOCOMMIT")
        key = tracking.lock_key(projection.name)
        await lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        try:
            async with engine.begin() as connection:
                for table in projection.tables:
                    await connection.execute(text(f"TRUNCATE {table}"))
                await tracking.forget(connection, projection.name)
                total = await connection.scalar(
                    text("SELECT count(*) FROM events WHERE event_type = ANY(:t)"), {"t": handled}
                )
            done, position = 0, 0
            on_progress(done, total or 0)
            while True:
                async with engine.begin() as connection:
                    rows = (
                        await connection.execute(
                            text(
                                "SELECT global_position, event_type, data, metadata FROM events "
                                "WHERE global_position > :p AND event_type = ANY(:t) "
                                "ORDER BY global_position LIMIT :n"
                            ),
                            {"p": position, "t": handled, "n": PAGE},
                        )
                    ).all()
                    for row in rows:
                        envelope = EventEnvelope.model_validate(row.metadata)
                        event = event_class(row.event_type).model_validate(row.data)
                        await tracking.claim(connection, projection.name, envelope.id)
                        await projection.apply(connection, envelope, event)
                        await tracking.advance(
                            connection,
                            projection.name,
                            envelope.aggregateid,
                            envelope.aggregateversion,
                        )
                if not rows:
                    return done
                done += len(rows)
                position = rows[-1].global_position
                on_progress(done, total or 0)
        finally:
            await lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
