"""Commands of the integrations context, and the bodies the command API takes for them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.integrations.strava import SkippedActivity, StravaId, StravaRun
from contracts.types import Count, Instant, PastInstant, PlainText

Reason = Annotated[str, PlainText(max_length=500)]
Scope = Annotated[str, PlainText(max_length=40)]


class ConnectStrava(Command[CommandAccepted]):
    """The athlete authorised Pacer on Strava: exchange the code, keep the tokens (encrypted)."""

    replayable: ClassVar[bool] = False  # the code is spent once

    account_id: UUID
    connection_id: UUID
    code: Annotated[str, PlainText(max_length=200)]
    scope: Annotated[str, PlainText(max_length=300)] = Field(description="The scopes granted.")
    backfill_since: PastInstant | None = None


class DisconnectStrava(Command[CommandAccepted]):
    """End the connection and remove every Strava-derived trace of the athlete."""

    account_id: UUID
    reason: Literal["disconnected", "revoked_on_strava"]
    connection_id: UUID | None = Field(
        default=None, description="Only this connection (a revocation names the one it ends)."
    )


class RefuteStravaRevocation(Command[CommandAccepted]):
    """A deauthorization event that Strava's API did not confirm (the athlete's tokens still
    work, or Strava could not be asked): recorded, and the connection stays."""

    account_id: UUID
    connection_id: UUID
    reason: Reason


class StravaPreferences(BaseModel):
    """Body of `PUT /integrations/strava/preferences`."""

    model_config = ConfigDict(extra="forbid")

    auto_push: bool = Field(description="Push every run you record in Pacer to Strava.")


class SetStravaPreferences(Command[CommandAccepted], StravaPreferences):
    account_id: UUID


class StravaEventReceipt(BaseModel):
    """What became of a webhook event: recorded once, or ignored (and why)."""

    recorded: bool
    reason: str | None = None


class ReceiveStravaEvent(Command[StravaEventReceipt]):
    """Strava's webhook POSTed an event: record it once, for an athlete Pacer knows."""

    delivery_id: UUID
    subscription_id: StravaId
    object_type: Literal["activity", "athlete"]
    aspect_type: Literal["create", "update", "delete"]
    object_id: StravaId
    owner_id: StravaId
    updates: Annotated[dict[Scope, Annotated[str, PlainText(max_length=300)]], Field(max_length=20)]
    event_time: Annotated[datetime, Instant()]


class ImportStravaActivity(Command[CommandAccepted]):
    """The import job fetched the activity of a webhook event: a run to record or correct, an
    activity Pacer does not keep, or one that is gone from Strava."""

    delivery_id: UUID
    run: StravaRun | None = None
    skipped: SkippedActivity | None = None


class RemoveStravaActivity(Command[CommandAccepted]):
    """A webhook event says the activity was deleted (or hidden) on Strava."""

    delivery_id: UUID


class FailStravaImport(Command[CommandAccepted]):
    delivery_id: UUID
    reason: Reason


class ImportStravaPage(Command[CommandAccepted]):
    """One page of the athlete's history, fetched by the backfill job."""

    account_id: UUID
    connection_id: UUID
    page: Annotated[int, Count(ge=1, le=100_000)]
    runs: Annotated[list[StravaRun], Field(max_length=200)]
    skipped: Annotated[list[SkippedActivity], Field(max_length=200)]
    last: bool = Field(description="The page came back empty: the history is imported.")


class FailStravaBackfill(Command[CommandAccepted]):
    account_id: UUID
    connection_id: UUID
    page: Annotated[int, Count(ge=1, le=100_000)]
    reason: Reason


class RunPush(BaseModel):
    """Body of `POST /integrations/strava/pushes` for a run you recorded in Pacer."""

    model_config = ConfigDict(extra="forbid")

    run_id: UUID


class WorkoutPush(BaseModel):
    """Body of `POST /integrations/strava/pushes` for a rep workout you completed."""

    model_config = ConfigDict(extra="forbid")

    workout_id: UUID


class PushToStrava(Command[CommandAccepted]):
    """Create the activity on Strava, once; `automatic` pushes only with auto-push on."""

    push_id: UUID
    account_id: UUID
    run_id: UUID | None = None
    workout_id: UUID | None = None
    automatic: bool = False


class CompleteStravaPush(Command[CommandAccepted]):
    push_id: UUID
    strava_activity_id: StravaId


class FailStravaPush(Command[CommandAccepted]):
    push_id: UUID
    reason: Reason
