"""Handlers of pushes: one of the athlete's own runs or rep workouts, created on Strava once
(never a run that came from Strava); automatic pushes only with the preference on."""

from __future__ import annotations

from datetime import UTC, datetime

from commands.errors import NotFoundError, RuleViolationError
from commands.integrations.connection import load_connection
from commands.integrations.push import StravaPush
from commands.movement.workout import Workout
from commands.training.run import Run
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.integrations.commands import CompleteStravaPush, FailStravaPush, PushToStrava
from contracts.integrations.events import StravaPushRequested
from contracts.integrations.strava import WRITE_SCOPE


def _local(moment: datetime) -> str:
    """The wall-clock time Strava's `start_date_local` takes."""
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


async def _what(uow: UnitOfWork, cmd: PushToStrava) -> dict[str, object]:
    if (cmd.run_id is None) == (cmd.workout_id is None):
        raise RuleViolationError("name one run or one workout to push")
    if cmd.run_id is not None:
        run = await uow.load(Run, str(cmd.run_id))
        run.check_owned_by(cmd.account_id)
        run.check_not_deleted()
        if run.source != "manual":
            raise RuleViolationError("this run came from Strava; it is never pushed back")
        told = run.told
        return {
            "subject": "run", "subject_id": cmd.run_id, "sport_type": "Run",
            "title": f"Run of {told.distance_km:g} km", "start_date_local": _local(told.started_at),
            "elapsed_time_s": told.duration_s, "distance_m": round(told.distance_km * 1000, 1),
            "description": told.notes,
        }  # fmt: skip
    assert cmd.workout_id is not None
    workout = await uow.load(Workout, str(cmd.workout_id))
    workout.check_owned_by(cmd.account_id)
    workout.check_not_deleted()
    facts = workout.facts
    exercise = facts.exercise.replace("_", " ")
    proof = "counted from video by Pacer" if workout.verified else "recorded in Pacer"
    return {
        "subject": "workout", "subject_id": cmd.workout_id, "sport_type": "Workout",
        "title": f"{exercise.capitalize()}: {facts.reps} reps",
        "start_date_local": _local(facts.performed_at),
        "elapsed_time_s": max(1, round(facts.duration_s)),
        "description": f"{facts.reps} {exercise} reps, {proof}.",
    }  # fmt: skip


async def push_to_strava(cmd: PushToStrava, uow: UnitOfWork) -> CommandAccepted:
    connection = await load_connection(uow, cmd.account_id)
    if cmd.automatic and not (connection.connected and connection.auto_push
                              and WRITE_SCOPE in connection.scopes):  # fmt: skip
        return await uow.save(connection)  # nothing to do
    connection_id = connection.check_can_push()
    try:
        return await uow.save(await uow.load(StravaPush, str(cmd.push_id)))  # once only
    except NotFoundError:
        pass
    what = await _what(uow, cmd)
    event = StravaPushRequested(push_id=cmd.push_id, account_id=cmd.account_id,
                                connection_id=connection_id, automatic=cmd.automatic,
                                requested_at=datetime.now(UTC),
                                **what)  # fmt: skip
    return await uow.save(StravaPush.request(event))


async def complete_strava_push(cmd: CompleteStravaPush, uow: UnitOfWork) -> CommandAccepted:
    push = await uow.load(StravaPush, str(cmd.push_id))
    push.complete(cmd.strava_activity_id)
    return await uow.save(push)


async def fail_strava_push(cmd: FailStravaPush, uow: UnitOfWork) -> CommandAccepted:
    push = await uow.load(StravaPush, str(cmd.push_id))
    push.fail(cmd.reason)
    return await uow.save(push)
