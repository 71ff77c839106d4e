"""Events of the integrations context: the Strava connection and its backfill, webhook events
and what became of them, and pushes of Pacer's own activities to Strava. No token ever travels
in an event."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events import DomainEvent
from contracts.personal import PersonalText


class StravaConnected(DomainEvent):
    """The athlete authorised Pacer on Strava; the backfill imports from `backfill_since`. The
    same athlete authorising again with other scopes is this event for the same connection,
    without `backfill_since` (no second backfill)."""

    account_id: UUID
    connection_id: UUID
    strava_athlete_id: int
    scopes: list[str]
    backfill_since: AwareDatetime | None
    connected_at: AwareDatetime


class StravaPreferencesSet(DomainEvent):
    account_id: UUID
    auto_push: bool


class StravaBackfillProgressed(DomainEvent):
    """One page of history imported; `done` once Strava had no more."""

    account_id: UUID
    connection_id: UUID
    page: int
    imported: int = Field(ge=0, description="Runs recorded or corrected from this page.")
    skipped: int = Field(ge=0, description="Activities of this page that are not runs.")
    done: bool
    since: AwareDatetime = Field(description="The history is imported from this moment on.")


class StravaBackfillFailed(DomainEvent):
    account_id: UUID
    connection_id: UUID
    page: int
    reason: str


class StravaDisconnected(DomainEvent):
    """The connection ended: the tokens are deleted and every run imported from Strava with it."""

    account_id: UUID
    connection_id: UUID
    strava_athlete_id: int
    reason: Literal["disconnected", "revoked_on_strava"]
    runs_removed: int = Field(ge=0)
    disconnected_at: AwareDatetime


class StravaRevocationRefuted(DomainEvent):
    """A deauthorization event for this connection that Strava's API did not confirm: the
    webhook carries no signature, so a revocation is believed only when Strava refuses the
    athlete's tokens. Nothing ended."""

    account_id: UUID
    connection_id: UUID
    reason: str


class StravaEventReceived(DomainEvent):
    """A webhook event for a connected athlete, recorded once however often Strava sends it.
    `updates` values are sealed: an activity's new title is the athlete's text."""

    version = 2  # updates sealed (v1 carried a new activity title in clear)
    earlier_versions = (1,)

    delivery_id: UUID
    account_id: UUID
    connection_id: UUID
    object_type: Literal["activity", "athlete"]
    aspect_type: Literal["create", "update", "delete"]
    object_id: int
    updates: dict[str, PersonalText]
    event_time: AwareDatetime


class StravaActivityImported(DomainEvent):
    """The event's activity, fetched from Strava, is the run `run_id`."""

    delivery_id: UUID
    account_id: UUID
    activity_id: int
    run_id: UUID


class StravaActivitySkipped(DomainEvent):
    """The event's activity is not one Pacer keeps (a ride, a swim…); any run it was is gone."""

    delivery_id: UUID
    account_id: UUID
    activity_id: int
    sport_type: str
    reason: str


class StravaActivityRemoved(DomainEvent):
    """The event's activity is deleted or hidden on Strava; its run, if any, is deleted."""

    delivery_id: UUID
    account_id: UUID
    activity_id: int
    run_id: UUID | None


class StravaImportFailed(DomainEvent):
    delivery_id: UUID
    account_id: UUID
    activity_id: int
    reason: str


class StravaPushRequested(DomainEvent):
    """A Pacer activity is to be created on Strava as a manual activity."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    push_id: UUID
    account_id: UUID
    connection_id: UUID
    subject: Literal["run", "workout"]
    subject_id: UUID
    title: PersonalText
    sport_type: str
    start_date_local: str = Field(description="Wall-clock start, ISO 8601 without offset.")
    elapsed_time_s: int = Field(ge=1)
    distance_m: float | None = None
    description: PersonalText | None = None
    automatic: bool
    requested_at: AwareDatetime


class StravaPushCompleted(DomainEvent):
    push_id: UUID
    account_id: UUID
    strava_activity_id: int


class StravaPushFailed(DomainEvent):
    push_id: UUID
    account_id: UUID
    reason: str
