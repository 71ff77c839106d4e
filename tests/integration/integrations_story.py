"""Every integrations event, as the webhook, the reactors and the Strava jobs cause them,
through the real bus against the local Strava: a connection, its preferences, a page of
history and a failed page, webhook events imported, skipped, removed and failed, two pushes
(one completed, one failed), a refuted deauthorization and the disconnection that removes the
Strava runs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.integrations.webhook import StravaWebhookEvent, as_command
from contracts.commands import Command
from contracts.integrations.commands import (
    CompleteStravaPush,
    ConnectStrava,
    DisconnectStrava,
    FailStravaBackfill,
    FailStravaImport,
    FailStravaPush,
    ImportStravaActivity,
    ImportStravaPage,
    PushToStrava,
    RefuteStravaRevocation,
    RemoveStravaActivity,
    SetStravaPreferences,
)
from contracts.integrations.strava import SkippedActivity, StravaRun, push_id
from contracts.training.commands import RecordRun
from infra.settings import Settings
from infra.strava.client import StravaClient
from pacer.bootstrap import command_bus
from tests.support.local_strava import LocalStrava

INTEGRATIONS_EVENTS = 1 + 1 + 1 + 1 + 4 + 4 + 2 + 2 + 1 + 1
"""Connected, preferences, a page, a failed page, four webhook events and their four outcomes,
two pushes requested, one completed and one failed, a deauthorization refuted, the
disconnection."""
TRAINING_EVENTS = 6
"""Runs: one from the page and one from the webhook recorded, the webhook's deleted as it became
a ride, two of the athlete's own recorded (to push), the page's deleted on disconnection."""
SCOPE = "read,activity:read_all,activity:write"


def strava_run(activity_id: int) -> StravaRun:
    return StravaRun(activity_id=activity_id, title="Morning Run", sport_type="Run",
                     distance_km=10.0, duration_s=3000,
                     started_at=datetime.now(UTC) - timedelta(days=1))  # fmt: skip


async def integrations(settings: Settings, engine: AsyncEngine, athlete: uuid.UUID) -> None:
    with LocalStrava() as strava:
        strava_athlete = strava.add_athlete("Ada", "Lovelace")
        client = StravaClient(api_url=strava.api_url, oauth_url=f"{strava.url}/oauth",
                              client_id=strava.client_id, client_secret=strava.client_secret,
                              limiter=None)  # fmt: skip
        async with client:
            bus = command_bus(settings, engine, overrides={"strava": client})
            me, job = Actor.account(athlete, "athlete"), Actor.system("job:integrations")
            connection = uuid.uuid4()
            own = {"account_id": athlete, "connection_id": connection}
            steps: list[tuple[Command[Any], Actor]] = [
                (ConnectStrava(**own, code=strava.issue_code(strava_athlete, SCOPE), scope=SCOPE,
                               backfill_since=datetime.now(UTC) - timedelta(days=30)), me),
                (SetStravaPreferences(account_id=athlete, auto_push=True), me),
                (ImportStravaPage(**own, page=1, runs=[strava_run(1)], skipped=[], last=False),
                 job),
                (FailStravaBackfill(**own, page=2, reason="Strava answered 500 three times"), job),
            ]  # fmt: skip
            for command, actor in steps:
                await bus.dispatch(command, actor)
            webhook = Actor.system("strava-webhook")
            ride = SkippedActivity(activity_id=11, sport_type="Ride", reason="not a run")
            for aspect, activity, outcome in (
                ("create", 11, lambda d: ImportStravaActivity(delivery_id=d, run=strava_run(11))),
                ("update", 11, lambda d: ImportStravaActivity(delivery_id=d, skipped=ride)),
                ("delete", 12, lambda d: RemoveStravaActivity(delivery_id=d)),
                ("create", 13, lambda d: FailStravaImport(delivery_id=d, reason="401")),
            ):  # fmt: skip
                received = as_command(StravaWebhookEvent(
                    object_type="activity", object_id=activity, aspect_type=aspect,
                    owner_id=strava_athlete, subscription_id=1, event_time=1_764_000_000,
                ))  # fmt: skip
                await bus.dispatch(received, webhook)
                await bus.dispatch(outcome(received.delivery_id), job)
            for outcome_of in (
                lambda p: CompleteStravaPush(push_id=p, strava_activity_id=12_000_000_099),
                lambda p: FailStravaPush(push_id=p, reason="Strava answered 400"),
            ):
                run = uuid.uuid4()
                await bus.dispatch(RecordRun(run_id=run, athlete_id=athlete, distance_km=5.0,
                                             duration_s=1500,
                                             started_at=datetime.now(UTC) - timedelta(hours=3)),
                                   me)  # fmt: skip
                pushed = push_id(athlete, run)
                await bus.dispatch(PushToStrava(push_id=pushed, account_id=athlete, run_id=run), me)
                await bus.dispatch(outcome_of(pushed), job)
            # A deauthorization event Strava's API contradicted, as the confirm job reports it.
            refuted = RefuteStravaRevocation(**own, reason="Strava still accepts the tokens")
            await bus.dispatch(refuted, job)
            await bus.dispatch(DisconnectStrava(account_id=athlete, reason="disconnected"), me)
        assert strava.deauthorized(strava_athlete)
