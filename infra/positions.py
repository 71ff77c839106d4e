"""Waiting, bounded, until a read model has applied a stream's version: the query API's
read-your-writes (a consistency token), and a reactor's handler declared `applied_by` a read
model (its command reads that read model, which must have the event first). The positions
tables and the notification channel are the callers' (`contracts.consistency` names them).

A waiter does not poll. Projections send a PostgreSQL notification when a transaction that
moved a read model's positions commits (`POSITIONS_CHANNEL`); one listening connection per
process wakes what waits on that table, and each waiter looks at its stream's position
once. A slow fallback look (every second) covers notifications lost while the listening
connection was re-established.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from infra.database import read_once

log = logging.getLogger(__name__)
FALLBACK_S = 1.0
RECONNECT_S = 1.0


async def caught_up(engine: AsyncEngine, table: str, stream_id: str, version: int) -> bool:
    query = text(f"SELECT version FROM {table} WHERE stream_id = :s")  # noqa: S608
    rows = await read_once(engine, query, {"s": stream_id})
    return bool(rows) and rows[0][0] >= version


class PositionSignals:
    """Wakes waiters when a positions table changes; `start` it in the process's lifespan."""

    def __init__(self, dsn: str, channel: str) -> None:
        self.dsn = dsn
        self.channel = channel
        self._moved: dict[str, asyncio.Event] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="position-signals")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def signal(self, table: str) -> asyncio.Event:
        """The event set the next time `table` moves (take it before looking at the table)."""
        return self._moved.setdefault(table, asyncio.Event())

    def _notified(self, _connection: object, _pid: int, _channel: str, table: str) -> None:
        moved = self._moved.pop(table, None)
        if moved is not None:
            moved.set()

    async def _until_closed(self, connection: asyncpg.Connection) -> None:
        closed = asyncio.Event()
        connection.add_termination_listener(lambda _: closed.set())
        with contextlib.suppress(OSError, asyncpg.PostgresError):
            await connection.add_listener(self.channel, self._notified)
            await closed.wait()

    async def _listen(self) -> None:
        while True:
            try:
                connection = await asyncpg.connect(self.dsn)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("position signals: cannot connect (%s); retrying", type(error).__name__)
                await asyncio.sleep(RECONNECT_S)
                continue
            try:
                await self._until_closed(connection)
            finally:
                with contextlib.suppress(Exception):
                    await connection.close(timeout=1)
            # Anything may have moved while no one listened: wake every waiter to look again.
            for moved in self._moved.values():
                moved.set()
            self._moved.clear()
            await asyncio.sleep(RECONNECT_S)


async def wait_until_applied(
    engine: AsyncEngine,
    signals: PositionSignals,
    tables: Sequence[str],
    stream_id: str,
    version: int,
    within_s: float,
) -> bool:
    """True once one of the positions `tables` (a view may read several read models: shoes
    with their runs) has the stream at `version` or beyond; False when `within_s` passed first."""
    deadline = time.monotonic() + within_s
    while True:
        moved = [signals.signal(table) for table in tables]
        for table in tables:
            if await caught_up(engine, table, stream_id, version):
                return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        waits = [asyncio.ensure_future(event.wait()) for event in moved]
        try:
            await asyncio.wait(waits, timeout=min(remaining, FALLBACK_S),
                               return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
        finally:
            for waiting in waits:
                waiting.cancel()
