"""Training context, write side: runs and training plans (generated or built by hand)."""

from __future__ import annotations

from fastapi import APIRouter

from commands.training.completion import PostgresScheduledWorkouts, ScheduledWorkouts
from commands.training.fitness import PostgresRecordedFitness, RecordedFitness
from commands.training.handlers import correct_run, delete_run, record_run
from commands.training.plan_handlers import (
    archive_plan,
    change_workout,
    create_plan,
    delete_plan,
    generate_plan,
    match_run,
    move_workout,
    remove_workout,
    rename_plan,
    reschedule_plan,
    schedule_workout,
    unmatch_run,
)
from commands.training.plan_routes import router as plan_router
from commands.training.run_routes import router as run_router

HANDLERS = (
    record_run, correct_run, delete_run,
    create_plan, generate_plan, rename_plan, reschedule_plan, archive_plan, delete_plan,
    schedule_workout, move_workout, change_workout, remove_workout, match_run, unmatch_run,
)  # fmt: skip
STORES = {RecordedFitness: PostgresRecordedFitness, ScheduledWorkouts: PostgresScheduledWorkouts}

router = APIRouter()
router.include_router(run_router)
router.include_router(plan_router)

__all__ = ["HANDLERS", "STORES", "router"]
