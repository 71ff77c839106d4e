"""One handler per plan command."""

from __future__ import annotations

from commands.errors import RuleViolationError
from commands.training.completion import ScheduledWorkouts, best_match, best_run
from commands.training.fitness import RecordedFitness
from commands.training.plan import Plan
from commands.training.planning.generator import PlanTooShortError, generate
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted, Done
from contracts.training.completion import MatchRun, MatchWorkout, UnmatchRun
from contracts.training.plans import (
    ArchivePlan,
    ChangeWorkout,
    CreatePlan,
    DeletePlan,
    GeneratePlan,
    MoveWorkout,
    RemoveWorkout,
    RenamePlan,
    ReschedulePlan,
    ScheduleWorkout,
    WorkoutAccepted,
)
from contracts.training.sessions import RUN_KINDS, totals


async def create_plan(cmd: CreatePlan, uow: UnitOfWork) -> CommandAccepted:
    return await uow.save(Plan.create(cmd))


async def generate_plan(cmd: GeneratePlan, uow: UnitOfWork) -> CommandAccepted:
    estimate = None
    if cmd.recent_race is None:
        estimate = await uow.store(RecordedFitness).best_vdot(cmd.athlete_id, cmd.start_date)
    try:
        made = generate(cmd, estimate)
    except PlanTooShortError as too_short:
        raise RuleViolationError(str(too_short)) from None
    return await uow.save(Plan.generated(cmd, made))


async def rename_plan(cmd: RenamePlan, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.rename(cmd)
    return await uow.save(plan)


async def reschedule_plan(cmd: ReschedulePlan, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.reschedule(cmd)
    return await uow.save(plan)


async def archive_plan(cmd: ArchivePlan, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.archive(cmd)
    return await uow.save(plan)


async def delete_plan(cmd: DeletePlan, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.delete(cmd)
    return await uow.save(plan)


async def schedule_workout(cmd: ScheduleWorkout, uow: UnitOfWork) -> WorkoutAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.schedule(cmd)
    saved = await uow.save(plan)
    return WorkoutAccepted(**saved.model_dump(), workout_id=cmd.workout_id)


async def move_workout(cmd: MoveWorkout, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.move(cmd)
    return await uow.save(plan)


async def change_workout(cmd: ChangeWorkout, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.change(cmd)
    return await uow.save(plan)


async def remove_workout(cmd: RemoveWorkout, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.remove(cmd)
    return await uow.save(plan)


async def match_run(cmd: MatchRun, uow: UnitOfWork) -> Done:
    workouts = uow.store(ScheduledWorkouts)
    match = best_match(cmd.run_id, cmd.distance_km, await workouts.on_day(cmd.athlete_id, cmd.day))
    for old in await workouts.completed_by(cmd.athlete_id, cmd.run_id):
        if match is None or old.workout_id != match.workout_id:
            plan = await uow.load(Plan, str(old.plan_id))
            plan.clear_completion(old.workout_id, cmd.run_id)
            await uow.save(plan)
    if match is not None:
        plan = await uow.load(Plan, str(match.plan_id))
        plan.complete(match.workout_id, cmd.run_id, cmd.distance_km, cmd.duration_s)
        await uow.save(plan)
    return Done()


async def unmatch_run(cmd: UnmatchRun, uow: UnitOfWork) -> Done:
    for old in await uow.store(ScheduledWorkouts).completed_by(cmd.athlete_id, cmd.run_id):
        plan = await uow.load(Plan, str(old.plan_id))
        plan.clear_completion(old.workout_id, cmd.run_id)
        await uow.save(plan)
    return Done()


async def match_workout(cmd: MatchWorkout, uow: UnitOfWork) -> Done:
    # The runs first: most workouts are scheduled ahead of their day, with no run to match, and
    # a generated plan sends one of these per workout; only then the plan's whole history.
    runs = await uow.store(ScheduledWorkouts).free_runs_on(cmd.athlete_id, cmd.day)
    if not runs:
        return Done()
    plan = await uow.load(Plan, str(cmd.plan_id))
    session = plan.sessions.get(cmd.workout_id)
    if session is None or session.kind not in RUN_KINDS or plan.workouts[cmd.workout_id] != cmd.day:
        return Done()  # removed, not a run, or moved again since: its own event will match it
    run = best_run(totals(session.steps).distance_km, runs)
    if run is not None:
        plan.complete(cmd.workout_id, run.run_id, run.distance_km, run.duration_s)
        await uow.save(plan)
    return Done()
