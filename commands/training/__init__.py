"""Training context, write side: runs, shoes and training plans (generated or built by hand)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from commands.training.completion import PostgresScheduledWorkouts, ScheduledWorkouts
from commands.training.fitness import PostgresRecordedFitness, RecordedFitness
from commands.training.plan_handlers import (
    archive_plan,
    change_workout,
    create_plan,
    delete_plan,
    generate_plan,
    match_run,
    match_workout,
    move_workout,
    remove_workout,
    rename_plan,
    reschedule_plan,
    schedule_workout,
    unmatch_run,
)
from commands.training.plan_routes import router as plan_router
from commands.training.run_handlers import correct_run, delete_run, record_run
from commands.training.run_routes import router as run_router
from commands.training.shoe_handlers import (
    add_shoe,
    make_shoe_default,
    rename_shoe,
    retire_shoe,
    set_shoe_limit,
)
from commands.training.shoe_rack import DefaultShoes, PostgresDefaultShoes
from commands.training.shoe_routes import router as shoe_router
from infra.settings import Settings

HANDLERS = (
    record_run, correct_run, delete_run,
    create_plan, generate_plan, rename_plan, reschedule_plan, archive_plan, delete_plan,
    schedule_workout, move_workout, change_workout, remove_workout, match_run, unmatch_run,
    match_workout,
    add_shoe, rename_shoe, set_shoe_limit, make_shoe_default, retire_shoe,
)  # fmt: skip
STORES = {
    RecordedFitness: PostgresRecordedFitness,
    ScheduledWorkouts: PostgresScheduledWorkouts,
    DefaultShoes: PostgresDefaultShoes,
}


def dependencies(settings: Settings) -> dict[str, object]:
    return {"clock": lambda: datetime.now(UTC)}


router = APIRouter()
router.include_router(run_router)
router.include_router(plan_router)
router.include_router(shoe_router)

__all__ = ["HANDLERS", "STORES", "dependencies", "router"]
