"""Read-your-writes: wait, bounded, until a projection has applied a stream's version."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.consistency import StreamPosition

POLL_S = 0.02


async def caught_up(engine: AsyncEngine, projection: str, position: StreamPosition) -> bool:
    async with engine.connect() as connection:
        version = await connection.scalar(
            text(
                "SELECT version FROM projection_positions WHERE projection = :p AND stream_id = :s"
            ),
            {"p": projection, "s": position.stream_id},
        )
    return version is not None and version >= position.version


async def wait_until_applied(
    engine: AsyncEngine, projection: str, position: StreamPosition, within_s: float
) -> bool:
    """True once applied; False when `within_s` seconds passed first."""
    try:
        async with asyncio.timeout(within_s):
            # Polling: the signal is a row another process writes, not an in-process event.
            while not await caught_up(engine, projection, position):  # noqa: ASYNC110
                await asyncio.sleep(POLL_S)
    except TimeoutError:
        return False
    return True
