"""Read models of the integrations context, as the query API returns them."""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal
from uuid import UUID

from pydantic import BaseModel, Field

STRAVA: Final = "strava"


class Backfill(BaseModel):
    status: Literal["none", "running", "done", "failed"]
    since: datetime | None = Field(description="History imported from this moment on.")
    pages: int = Field(description="Pages of history imported so far.")
    imported: int = Field(description="Runs imported from the history.")
    skipped: int = Field(description="Activities of the history that are not runs.")
    reason: str | None = Field(description="Why it stopped, when it failed.")


class Webhooks(BaseModel):
    events_received: int
    activities_imported: int
    activities_skipped: int = Field(description="Not runs (rides, swims…): not kept.")
    activities_removed: int
    imports_failed: int
    last_event_at: datetime | None


class StravaStatus(BaseModel):
    """Your Strava connection: whether it is live, what it may do, and its imports."""

    status: Literal["never", "connected", "disconnected"]
    strava_athlete_id: int | None
    scopes: list[str]
    auto_push: bool
    connected_at: datetime | None
    disconnected_at: datetime | None
    disconnect_reason: str | None
    runs_removed: int = Field(description="Strava runs deleted when the connection ended.")
    backfill: Backfill
    webhooks: Webhooks


class StravaPushPublic(BaseModel):
    push_id: UUID
    subject: Literal["run", "workout"]
    subject_id: UUID
    title: str
    automatic: bool
    status: Literal["requested", "completed", "failed"]
    strava_activity_id: int | None
    reason: str | None
    requested_at: datetime
