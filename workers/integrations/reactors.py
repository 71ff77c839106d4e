"""The integrations reactors: webhook events become imports (a job that fetches the activity),
removals and disconnections (a deauthorization only once a job has confirmed it with Strava; an
erased account's connection ends too); a connection starts its backfill, each page the next; a
push request goes to the push job; with auto-push on, what the athlete records in Pacer is
pushed."""

from __future__ import annotations

from contracts.identity.events import AccountErased
from contracts.integrations.commands import DisconnectStrava, PushToStrava, RemoveStravaActivity
from contracts.integrations.events import (
    StravaBackfillProgressed,
    StravaConnected,
    StravaEventReceived,
    StravaPushRequested,
)
from contracts.integrations.strava import push_id
from contracts.movement.events import WorkoutRecorded
from contracts.training.events import RunRecorded
from workers.integrations.jobs import (
    BACKFILL_PAGE,
    CONFIRM_REVOCATION,
    IMPORT_ACTIVITY,
    PUSH_ACTIVITY,
    BackfillPage,
    ConfirmRevocation,
    ImportActivity,
    PushActivity,
)
from workers.reactors import Reaction, Reactor

strava = Reactor("integrations.strava")
auto_push = Reactor("integrations.auto_push")


@strava.on(AccountErased)
async def account_erased(event: AccountErased, reaction: Reaction) -> None:
    """An erased account's Strava connection ends as a disconnection does: Strava is asked to
    revoke the tokens, they are deleted, and so is every run imported with them."""
    await reaction.send(DisconnectStrava(account_id=event.account_id, reason="disconnected"))


@strava.on(StravaEventReceived)
async def event_received(event: StravaEventReceived, reaction: Reaction) -> None:
    if event.object_type == "athlete":
        if event.aspect_type == "update" and event.updates.get("authorized") == "false":
            # Unsigned, so anyone could send it: Strava is asked before anything ends.
            await reaction.enqueue(CONFIRM_REVOCATION, ConfirmRevocation(
                account_id=event.account_id, connection_id=event.connection_id,
            ))  # fmt: skip
        return  # other athlete updates mean nothing to Pacer
    if event.aspect_type == "delete":
        await reaction.send(RemoveStravaActivity(delivery_id=event.delivery_id))
        return
    await reaction.enqueue(IMPORT_ACTIVITY, ImportActivity(
        delivery_id=event.delivery_id, account_id=event.account_id, activity_id=event.object_id,
    ))  # fmt: skip


@strava.on(StravaConnected)
async def connected(event: StravaConnected, reaction: Reaction) -> None:
    if event.backfill_since is not None:
        await reaction.enqueue(BACKFILL_PAGE, BackfillPage(
            account_id=event.account_id, connection_id=event.connection_id, page=1,
            after=event.backfill_since,
        ))  # fmt: skip


@strava.on(StravaBackfillProgressed)
async def page_imported(event: StravaBackfillProgressed, reaction: Reaction) -> None:
    if event.done:
        return
    # The history's start travels with the connection; the next page asks from the same moment.
    await reaction.enqueue(BACKFILL_PAGE, BackfillPage(
        account_id=event.account_id, connection_id=event.connection_id, page=event.page + 1,
        after=event.since,
    ))  # fmt: skip


@strava.on(StravaPushRequested)
async def push_requested(event: StravaPushRequested, reaction: Reaction) -> None:
    await reaction.enqueue(PUSH_ACTIVITY, PushActivity(
        push_id=event.push_id, account_id=event.account_id, title=event.title,
        sport_type=event.sport_type, start_date_local=event.start_date_local,
        elapsed_time_s=event.elapsed_time_s, distance_m=event.distance_m,
        description=event.description,
    ))  # fmt: skip


@auto_push.on(RunRecorded)
async def run_recorded(event: RunRecorded, reaction: Reaction) -> None:
    if event.source == "manual":
        await reaction.send(PushToStrava(push_id=push_id(event.athlete_id, event.run_id),
                                         account_id=event.athlete_id, run_id=event.run_id,
                                         automatic=True))  # fmt: skip


@auto_push.on(WorkoutRecorded)
async def workout_recorded(event: WorkoutRecorded, reaction: Reaction) -> None:
    await reaction.send(PushToStrava(push_id=push_id(event.athlete_id, event.workout_id),
                                     account_id=event.athlete_id, workout_id=event.workout_id,
                                     automatic=True))  # fmt: skip
