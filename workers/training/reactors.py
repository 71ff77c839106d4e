"""The training reactors: a recorded or corrected run is matched to the workout its plan
scheduled for that day, and a workout scheduled or moved to the day of a run is matched to it;
a deleted run's workout is open again.

Each side waits for its own read model (`applied_by`): the run for the runs read model, the
workout for the plans one. Whichever of the two is handled last then finds the other in its
read model, however far the projectors lag behind the reactor."""

from __future__ import annotations

from contracts.training.completion import MatchRun, MatchWorkout, UnmatchRun
from contracts.training.events import (
    RunCorrected,
    RunDeleted,
    RunRecorded,
    WorkoutMoved,
    WorkoutScheduled,
)
from contracts.training.reads import PLANS, RUNS
from workers.reactors import Reaction, Reactor

completion = Reactor("training.completion")


@completion.on(RunRecorded, applied_by=RUNS)
async def match_recorded(event: RunRecorded, reaction: Reaction) -> None:
    await _match(event, reaction)


@completion.on(RunCorrected, applied_by=RUNS)
async def match_corrected(event: RunCorrected, reaction: Reaction) -> None:
    await _match(event, reaction)


@completion.on(RunDeleted)
async def unmatch_deleted(event: RunDeleted, reaction: Reaction) -> None:
    await reaction.send(UnmatchRun(run_id=event.run_id, athlete_id=event.athlete_id))


@completion.on(WorkoutScheduled, applied_by=PLANS)
async def match_scheduled(event: WorkoutScheduled, reaction: Reaction) -> None:
    await _match_workout(event, reaction)


@completion.on(WorkoutMoved, applied_by=PLANS)
async def match_moved(event: WorkoutMoved, reaction: Reaction) -> None:
    await _match_workout(event, reaction)


async def _match_workout(event: WorkoutScheduled | WorkoutMoved, reaction: Reaction) -> None:
    await reaction.send(MatchWorkout(plan_id=event.plan_id, workout_id=event.workout_id,
                                     athlete_id=event.athlete_id, day=event.date))  # fmt: skip


async def _match(event: RunRecorded | RunCorrected, reaction: Reaction) -> None:
    await reaction.send(
        MatchRun(
            run_id=event.run_id, athlete_id=event.athlete_id, day=event.started_at.date(),
            distance_km=event.distance_km, duration_s=event.duration_s,
        )
    )  # fmt: skip
