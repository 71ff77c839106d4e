"""Read-your-writes: wait, bounded, until a read model has applied a stream's version."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.consistency import StreamPosition, positions_table

POLL_S = 0.02


async def caught_up(engine: AsyncEngine, read_model: str, position: StreamPosition) -> bool:
    async with engine.connect() as connection:
        version = await connection.scalar(
            text(f"SELECT version FROM {positions_table(read_model)} WHERE stream_id = :s"),  # noqa: S608
            {"s": position.stream_id},
        )
    return version is not None and version >= position.version


async def wait_until_applied(
    engine: AsyncEngine, read_model: str, position: StreamPosition, within_s: float
) -> bool:
    """True once applied; False when `within_s` seconds passed first."""
    try:
        async with asyncio.timeout(within_s):
            # Polling: the signal is a row another process writes, not an in-process event.
            while not await caught_up(engine, read_model, position):  # noqa: ASYNC110
                await asyncio.sleep(POLL_S)
    except TimeoutError:
        return False
    return True
