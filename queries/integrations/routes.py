"""Strava queries over HTTP: your connection's status and imports, and your pushes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from sqlalchemy import text

from contracts.integrations.reads import STRAVA, Backfill, StravaPushPublic, StravaStatus, Webhooks
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.http import Connection, Consistent, NotFoundError

router = APIRouter(prefix="/integrations/strava", tags=["integrations"],
                   dependencies=[Consistent(STRAVA)])  # fmt: skip
STATUS = text("SELECT * FROM strava_view WHERE account_id = :account")
PUSHES = text(
    "SELECT push_id, subject, subject_id, title, automatic, status, strava_activity_id, reason, "
    "requested_at FROM strava_pushes_view WHERE account_id = :account "
    "ORDER BY requested_at DESC LIMIT 200"
)
PUSH = text(
    "SELECT push_id, subject, subject_id, title, automatic, status, strava_activity_id, reason, "
    "requested_at FROM strava_pushes_view WHERE account_id = :account AND push_id = :push"
)
NEVER: dict[str, Any] = {
    "status": "never", "strava_athlete_id": None, "scopes": [], "auto_push": False,
    "connected_at": None, "disconnected_at": None, "disconnect_reason": None, "runs_removed": 0,
    "backfill_status": "none", "backfill_since": None, "backfill_pages": 0,
    "backfill_imported": 0, "backfill_skipped": 0, "backfill_reason": None,
    "events_received": 0, "activities_imported": 0, "activities_skipped": 0,
    "activities_removed": 0, "imports_failed": 0, "last_event_at": None,
}  # fmt: skip


@router.get("", response_model=StravaStatus)
async def strava_status(principal: CurrentPrincipal, conn: Connection) -> StravaStatus:
    """Your Strava connection: connected or not, its scopes and auto-push, the history import's
    progress (pages, runs imported, activities skipped) and what the webhook brought."""
    row = (await conn.execute(STATUS, {"account": principal.account_id})).first()
    fields = dict(row._mapping) if row else NEVER
    return StravaStatus(
        status=fields["status"], strava_athlete_id=fields["strava_athlete_id"],
        scopes=list(fields["scopes"]), auto_push=fields["auto_push"],
        connected_at=fields["connected_at"], disconnected_at=fields["disconnected_at"],
        disconnect_reason=fields["disconnect_reason"], runs_removed=fields["runs_removed"],
        backfill=Backfill(
            status=fields["backfill_status"], since=fields["backfill_since"],
            pages=fields["backfill_pages"], imported=fields["backfill_imported"],
            skipped=fields["backfill_skipped"], reason=fields["backfill_reason"],
        ),
        webhooks=Webhooks(
            events_received=fields["events_received"],
            activities_imported=fields["activities_imported"],
            activities_skipped=fields["activities_skipped"],
            activities_removed=fields["activities_removed"],
            imports_failed=fields["imports_failed"], last_event_at=fields["last_event_at"],
        ),
    )  # fmt: skip


@router.get("/pushes", response_model=list[StravaPushPublic])
async def list_pushes(principal: CurrentPrincipal, conn: Connection) -> list[StravaPushPublic]:
    """Your pushes to Strava, newest first (the latest 200)."""
    rows = await conn.execute(PUSHES, {"account": principal.account_id})
    return [StravaPushPublic.model_validate(row._mapping) for row in rows]


@router.get("/pushes/{push_id}", response_model=StravaPushPublic, responses=problems(404))
async def get_push(
    push_id: UUID, principal: CurrentPrincipal, conn: Connection
) -> StravaPushPublic:
    """One of your pushes: requested, completed (with the activity's Strava id) or failed."""
    row = (await conn.execute(PUSH, {"account": principal.account_id, "push": push_id})).first()
    if row is None:
        raise NotFoundError(f"push {push_id} not found")
    return StravaPushPublic.model_validate(row._mapping)
