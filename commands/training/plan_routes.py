"""Plan commands over HTTP: plans created empty or generated for a goal race, renamed,
rescheduled, archived and deleted, and their scheduled workouts added, moved, changed and
removed. Every change names the plan version it is based on (409 when stale)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from commands.http import AccountSender, ForAthlete, IdempotencyKey, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.training.plans import (
    ArchivePlan,
    ChangeWorkout,
    CreatePlan,
    DeletePlan,
    GeneratePlan,
    MoveWorkout,
    PlanCreate,
    PlanGenerate,
    PlanRename,
    PlanReschedule,
    RemoveWorkout,
    RenamePlan,
    ReschedulePlan,
    ScheduleWorkout,
    VersionOnly,
    WorkoutAccepted,
    WorkoutChange,
    WorkoutMove,
    WorkoutSchedule,
)
from contracts.types import INT32_MAX
from infra.problems import problems

router = APIRouter(prefix="/plans", tags=["plans"])
Stale = problems(403, 404, 409, 422)
ExpectedVersion = Annotated[int | None, Query(ge=1, le=INT32_MAX)]

PLAN_LINKS = {
    name: {"operationId": name, "parameters": {"plan_id": "$response.body#/aggregate_id"}}
    for name in ("rename_plan", "reschedule_plan", "archive_plan", "delete_plan",
                 "schedule_workout")
}  # fmt: skip


@router.post("", status_code=201, response_model=CommandAccepted,
             responses={201: {"links": PLAN_LINKS}, **problems(403, 404)})  # fmt: skip
async def create_plan(
    body: PlanCreate,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
    athlete: ForAthlete = None,
) -> CommandAccepted:
    """Create an empty plan between two dates, optionally for a goal race."""
    command = build(CreatePlan, plan_id=new_id(sender, key),
                    athlete_id=sender.acting_for(athlete), **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/generate", status_code=201, response_model=CommandAccepted,
             responses={201: {"links": PLAN_LINKS}, **problems(403, 404, 422)})  # fmt: skip
async def generate_plan(
    body: PlanGenerate,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
    athlete: ForAthlete = None,
) -> CommandAccepted:
    """Generate a whole plan for a goal race from where you are today: phases, weekly distance
    rising at most 10 % with cutback weeks, long runs, quality sessions paced from your VDOT
    (from `recent_race`, else your best run of the last twelve weeks), a taper, and the race on
    race day. 422 when the race is too soon to train for."""
    command = build(GeneratePlan, plan_id=new_id(sender, key),
                    athlete_id=sender.acting_for(athlete), **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/{plan_id:uuid}/title", response_model=CommandAccepted, responses=Stale)
async def rename_plan(
    plan_id: UUID, body: PlanRename, sender: AccountSender, response: Response,
    key: IdempotencyKey = None, athlete: ForAthlete = None,
) -> CommandAccepted:  # fmt: skip
    command = build(
        RenamePlan, plan_id=plan_id, athlete_id=sender.acting_for(athlete), **body.model_dump()
    )
    return answer(await sender.send(command, key), response)


@router.put("/{plan_id:uuid}/dates", response_model=CommandAccepted, responses=Stale)
async def reschedule_plan(
    plan_id: UUID, body: PlanReschedule, sender: AccountSender, response: Response,
    key: IdempotencyKey = None, athlete: ForAthlete = None,
) -> CommandAccepted:  # fmt: skip
    """Change the plan's dates; 422 when a workout or the goal race would fall outside."""
    command = build(ReschedulePlan, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/{plan_id:uuid}/archive", response_model=CommandAccepted, responses=Stale)
async def archive_plan(
    plan_id: UUID, body: VersionOnly, sender: AccountSender, response: Response,
    key: IdempotencyKey = None, athlete: ForAthlete = None,
) -> CommandAccepted:  # fmt: skip
    """Keep the plan for the record; it takes no more changes."""
    command = build(ArchivePlan, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.delete("/{plan_id:uuid}", response_model=CommandAccepted, responses=Stale)
async def delete_plan(
    plan_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None,
    athlete: ForAthlete = None, expected_version: ExpectedVersion = None,
) -> CommandAccepted:  # fmt: skip
    command = build(DeletePlan, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    expected_version=expected_version)  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/{plan_id:uuid}/workouts", status_code=201, response_model=WorkoutAccepted,
             responses=Stale)  # fmt: skip
async def schedule_workout(
    plan_id: UUID, body: WorkoutSchedule, sender: AccountSender, response: Response,
    key: IdempotencyKey = None, athlete: ForAthlete = None,
) -> WorkoutAccepted:  # fmt: skip
    """Put a structured workout on a day of the plan (422 outside the plan's dates)."""
    workout_id = new_id(sender, key)
    command = build(ScheduleWorkout, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    workout_id=workout_id, **body.model_dump())  # fmt: skip
    reply = answer(await sender.send(command, key), response)
    response.headers["Location"] = f"/plans/{plan_id}/workouts/{workout_id}"
    return reply


@router.put("/{plan_id:uuid}/workouts/{workout_id}/date", response_model=CommandAccepted,
            responses=Stale)  # fmt: skip
async def move_workout(
    plan_id: UUID, workout_id: UUID, body: WorkoutMove, sender: AccountSender,
    response: Response, key: IdempotencyKey = None, athlete: ForAthlete = None,
) -> CommandAccepted:  # fmt: skip
    command = build(MoveWorkout, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    workout_id=workout_id, **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/{plan_id:uuid}/workouts/{workout_id}", response_model=CommandAccepted,
            responses=Stale)  # fmt: skip
async def change_workout(
    plan_id: UUID, workout_id: UUID, body: WorkoutChange, sender: AccountSender,
    response: Response, key: IdempotencyKey = None, athlete: ForAthlete = None,
) -> CommandAccepted:  # fmt: skip
    command = build(ChangeWorkout, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    workout_id=workout_id, **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.delete("/{plan_id:uuid}/workouts/{workout_id}", response_model=CommandAccepted,
               responses=Stale)  # fmt: skip
async def remove_workout(
    plan_id: UUID, workout_id: UUID, sender: AccountSender, response: Response,
    key: IdempotencyKey = None, athlete: ForAthlete = None,
    expected_version: ExpectedVersion = None,
) -> CommandAccepted:  # fmt: skip
    command = build(RemoveWorkout, plan_id=plan_id, athlete_id=sender.acting_for(athlete),
                    workout_id=workout_id, expected_version=expected_version)  # fmt: skip
    return answer(await sender.send(command, key), response)
