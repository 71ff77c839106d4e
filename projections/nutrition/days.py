"""The training-aware days read model: marks from training, and days set by hand."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.nutrition.events import DayKindSet, TrainingDayMarked, TrainingDayUnmarked
from contracts.nutrition.reads import NUTRITION_DAYS
from projections.erasure import erasing
from projections.projection import Applied, Projection, on

MARK = text(
    "INSERT INTO nutrition_day_marks_view (athlete_id, source_id, day, kind, reason) "
    "VALUES (:athlete, :source, :day, :kind, :reason) ON CONFLICT (athlete_id, source_id) "
    "DO UPDATE SET day = EXCLUDED.day, kind = EXCLUDED.kind, reason = EXCLUDED.reason"
)
UNMARK = text(
    "DELETE FROM nutrition_day_marks_view WHERE athlete_id = :athlete AND source_id = :source"
)
SET_KIND = text(
    "INSERT INTO nutrition_day_kinds_view (athlete_id, day, kind) VALUES (:athlete, :day, :kind) "
    "ON CONFLICT (athlete_id, day) DO UPDATE SET kind = EXCLUDED.kind"
)
CLEAR_KIND = text("DELETE FROM nutrition_day_kinds_view WHERE athlete_id = :athlete AND day = :day")


class NutritionDaysProjection(Projection):
    name = NUTRITION_DAYS
    tables = ("nutrition_day_marks_view", "nutrition_day_kinds_view")

    @on(TrainingDayMarked)
    async def marked(
        self, sql: AsyncConnection, events: Sequence[Applied[TrainingDayMarked]]
    ) -> None:
        await sql.execute(MARK, [
            {"athlete": e.event.athlete_id, "source": e.event.source_id, "day": e.event.day,
             "kind": e.event.kind, "reason": e.event.reason}
            for e in events
        ])  # fmt: skip

    @on(TrainingDayUnmarked)
    async def unmarked(
        self, sql: AsyncConnection, events: Sequence[Applied[TrainingDayUnmarked]]
    ) -> None:
        await sql.execute(UNMARK, [
            {"athlete": e.event.athlete_id, "source": e.event.source_id} for e in events
        ])  # fmt: skip

    @on(DayKindSet)
    async def kind_set(self, sql: AsyncConnection, events: Sequence[Applied[DayKindSet]]) -> None:
        for e in events:
            values = {"athlete": e.event.athlete_id, "day": e.event.day, "kind": e.event.kind}
            await sql.execute(SET_KIND if e.event.kind else CLEAR_KIND, values)

    erase = erasing(
        {"nutrition_day_marks_view": ("athlete_id",), "nutrition_day_kinds_view": ("athlete_id",)}
    )
