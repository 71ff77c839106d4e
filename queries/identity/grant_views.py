"""Grant views: SQL over `grants_view` and `athlete_accesses_view`, with the names of both sides
from `profiles_view`. Every query is scoped to the caller's side of a grant."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.reads import DataAccess, DataAccessPage, Grant, ProfileSummary
from queries.cursors import page_of, page_parameters

GRANT = (
    "SELECT g.grant_id, g.coach_id, coalesce(c.display_name, '') AS coach_name, g.athlete_id, "
    "coalesce(a.display_name, '') AS athlete_name, g.status, g.invited_by, g.scopes, g.version "
    "FROM grants_view g LEFT JOIN profiles_view c ON c.account_id = g.coach_id "
    "LEFT JOIN profiles_view a ON a.account_id = g.athlete_id "
)


def _grant(row: object) -> Grant:
    values = row._mapping  # type: ignore[attr-defined]
    return Grant(
        grant_id=values["grant_id"],
        coach=ProfileSummary(account_id=values["coach_id"], display_name=values["coach_name"]),
        athlete=ProfileSummary(
            account_id=values["athlete_id"], display_name=values["athlete_name"]
        ),
        status=values["status"],
        invited_by=values["invited_by"],
        scopes=values["scopes"],
        version=values["version"],
    )


async def list_grants(
    connection: AsyncConnection, account_id: UUID, side: Literal["coach", "athlete"] | None
) -> list[Grant]:
    """The caller's grants on either side (or one), pending and live first."""
    rows = await connection.execute(
        text(
            f"{GRANT}WHERE ((g.coach_id = :me AND :side IS DISTINCT FROM 'athlete') "
            "OR (g.athlete_id = :me AND :side IS DISTINCT FROM 'coach')) "
            "ORDER BY g.status NOT IN ('invited', 'active'), g.grant_id LIMIT 1000"
        ),
        {"me": account_id, "side": side},
    )
    return [_grant(row) for row in rows]


async def get_grant(connection: AsyncConnection, account_id: UUID, grant_id: UUID) -> Grant | None:
    row = (
        await connection.execute(
            text(f"{GRANT}WHERE g.grant_id = :grant AND :me IN (g.coach_id, g.athlete_id)"),
            {"grant": grant_id, "me": account_id},
        )
    ).first()
    return _grant(row) if row else None


async def accesses(
    connection: AsyncConnection, athlete_id: UUID, *, limit: int, cursor: str | None
) -> DataAccessPage:
    """Newest first."""
    rows = await connection.execute(
        text(
            "SELECT x.access_id, x.grant_id, x.coach_id, coalesce(c.display_name, '') AS name, "
            "x.scope, x.accessed_at, x.expires_at FROM athlete_accesses_view x "
            "LEFT JOIN profiles_view c ON c.account_id = x.coach_id "
            "WHERE x.athlete_id = :athlete AND (CAST(:after_at AS timestamptz) IS NULL "
            "OR (x.accessed_at, x.access_id) < (:after_at, :after_id)) "
            "ORDER BY x.accessed_at DESC, x.access_id DESC LIMIT :limit"
        ),
        {"athlete": athlete_id, **page_parameters(cursor, limit)},
    )
    found = [
        DataAccess(
            access_id=row.access_id, grant_id=row.grant_id,
            coach=ProfileSummary(account_id=row.coach_id, display_name=row.name),
            scope=row.scope, at=row.accessed_at, expires_at=row.expires_at,
        )
        for row in rows
    ]  # fmt: skip
    items, next_cursor = page_of(found, limit, lambda access: (access.at, access.access_id))
    return DataAccessPage(items=items, next_cursor=next_cursor)
