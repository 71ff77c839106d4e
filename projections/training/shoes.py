"""The shoes read model: one row per shoe with its limit, when it was made the default and
whether it is retired. Its distance is summed from the runs read model when read."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.events import (
    ShoeAdded,
    ShoeLimitSet,
    ShoeMadeDefault,
    ShoeRenamed,
    ShoeRetired,
)
from contracts.training.reads import SHOES
from projections.erasure import erasing
from projections.projection import Applied, Projection, on
from projections.sql import upsert

COLUMNS = (
    "shoe_id", "athlete_id", "nickname", "brand", "model", "limit_km", "starting_km", "retired",
    "version",
)  # fmt: skip
GUARD = "WHERE shoe_id = :shoe AND version < :version"
RENAMED = text(f"UPDATE shoes_view SET nickname = :nickname, version = :version {GUARD}")  # noqa: S608
LIMIT = text(f"UPDATE shoes_view SET limit_km = :limit, version = :version {GUARD}")  # noqa: S608
DEFAULT = text(f"UPDATE shoes_view SET default_at = :at, version = :version {GUARD}")  # noqa: S608
RETIRED = text(f"UPDATE shoes_view SET retired = true, version = :version {GUARD}")  # noqa: S608


class ShoesProjection(Projection):
    name = SHOES
    tables = ("shoes_view",)

    @on(ShoeAdded)
    async def added(self, sql: AsyncConnection, events: Sequence[Applied[ShoeAdded]]) -> None:
        rows = [
            (e.event.shoe_id, e.event.athlete_id, e.event.nickname, e.event.brand, e.event.model,
             e.event.limit_km, e.event.starting_km, False, e.version)
            for e in events
        ]  # fmt: skip
        await upsert(sql, "shoes_view", COLUMNS, rows, key="shoe_id", newer="version")

    @on(ShoeRenamed)
    async def renamed(self, sql: AsyncConnection, events: Sequence[Applied[ShoeRenamed]]) -> None:
        await sql.execute(RENAMED, [
            {"shoe": e.event.shoe_id, "nickname": e.event.nickname, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(ShoeLimitSet)
    async def limit(self, sql: AsyncConnection, events: Sequence[Applied[ShoeLimitSet]]) -> None:
        await sql.execute(LIMIT, [
            {"shoe": e.event.shoe_id, "limit": e.event.limit_km, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(ShoeMadeDefault)
    async def made_default(
        self, sql: AsyncConnection, events: Sequence[Applied[ShoeMadeDefault]]
    ) -> None:
        await sql.execute(DEFAULT, [
            {"shoe": e.event.shoe_id, "at": e.event.made_default_at, "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(ShoeRetired)
    async def retired(self, sql: AsyncConnection, events: Sequence[Applied[ShoeRetired]]) -> None:
        await sql.execute(
            RETIRED, [{"shoe": e.event.shoe_id, "version": e.version} for e in events]
        )

    erase = erasing({"shoes_view": ("athlete_id",)})
