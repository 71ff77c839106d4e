"""Shoe views: each shoe of one athlete with its distance summed from the runs that name it."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.training.reads import ShoePublic

SHOES = text(
    "WITH latest AS (SELECT shoe_id FROM shoes_view WHERE athlete_id = :athlete "
    "  AND default_at IS NOT NULL ORDER BY default_at DESC, shoe_id LIMIT 1), "
    "totals AS (SELECT shoe_id, sum(distance_km) AS km, count(*)::int AS runs FROM runs_view "
    "  WHERE athlete_id = :athlete AND shoe_id IS NOT NULL "
    "  AND (CAST(:own AS boolean) OR COALESCE(source, 'manual') = 'manual') GROUP BY shoe_id) "
    "SELECT s.shoe_id, s.nickname, s.brand, s.model, s.limit_km, s.retired, s.version, "
    "  s.starting_km + coalesce(t.km, 0) AS distance_km, coalesce(t.runs, 0) AS runs, "
    "  (s.shoe_id IN (SELECT shoe_id FROM latest) AND NOT s.retired) AS is_default "
    "FROM shoes_view s LEFT JOIN totals t USING (shoe_id) WHERE s.athlete_id = :athlete "
    "AND (CAST(:shoe AS uuid) IS NULL OR s.shoe_id = :shoe) "
    "ORDER BY s.retired, s.nickname, s.shoe_id"
)


async def list_shoes(
    connection: AsyncConnection, athlete_id: UUID, shoe_id: UUID | None = None, *, own: bool = True
) -> list[ShoePublic]:
    """`own=False` (a coach's view) counts only the runs told in Pacer."""
    rows = await connection.execute(SHOES, {"athlete": athlete_id, "shoe": shoe_id, "own": own})
    return [
        ShoePublic(
            shoe_id=row.shoe_id,
            nickname=row.nickname,
            brand=row.brand,
            model=row.model,
            distance_km=round(row.distance_km, 2),
            runs=row.runs,
            limit_km=row.limit_km,
            remaining_km=round(row.limit_km - row.distance_km, 2),
            retirement_due=row.distance_km >= row.limit_km and not row.retired,
            default=row.is_default,
            retired=row.retired,
            version=row.version,
        )
        for row in rows
    ]


def alerts(shoes: list[ShoePublic]) -> list[str]:
    return [
        f"{shoe.nickname} has run {shoe.distance_km:g} km, past its {shoe.limit_km:g} km: "
        "time to retire it."
        for shoe in shoes
        if shoe.retirement_due
    ]
