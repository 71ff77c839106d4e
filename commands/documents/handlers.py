"""One handler per documents command. A plan export snapshots the plan as it stands (the
training context's Plan aggregate), so the PDF shows exactly the plan's events so far."""

from __future__ import annotations

from datetime import UTC, datetime

from commands.documents.document import Document
from commands.training.plan import Plan
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.commands import CommandAccepted
from contracts.documents.commands import (
    CompleteDataExport,
    CompleteDocument,
    FailDocument,
    RequestDataExport,
    RequestPlanExport,
)
from contracts.documents.snapshot import PlanSnapshot, SnapshotWorkout


async def request_plan_export(cmd: RequestPlanExport, uow: UnitOfWork) -> CommandAccepted:
    plan = await uow.load(Plan, str(cmd.plan_id))
    plan.check_owned_by(cmd.athlete_id)
    plan.check_not_deleted()
    workouts = sorted(
        (SnapshotWorkout(workout_id=workout_id, date=day, session=plan.sessions[workout_id])
         for workout_id, day in plan.workouts.items()),
        key=lambda workout: (workout.date, workout.workout_id.hex),
    )  # fmt: skip
    snapshot = PlanSnapshot(
        plan_id=cmd.plan_id, title=plan.title, start_date=plan.start_date,
        end_date=plan.end_date, goal=plan.goal, paces=plan.paces, workouts=workouts,
    )  # fmt: skip
    return await uow.save(Document.request_plan(cmd, snapshot))


async def complete_document(cmd: CompleteDocument, uow: UnitOfWork) -> CommandAccepted:
    document = await uow.load(Document, str(cmd.document_id))
    document.complete(cmd)
    return await uow.save(document)


async def fail_document(cmd: FailDocument, uow: UnitOfWork) -> CommandAccepted:
    document = await uow.load(Document, str(cmd.document_id))
    document.fail(cmd)
    return await uow.save(document)


async def request_data_export(cmd: RequestDataExport, uow: UnitOfWork) -> CommandAccepted:
    existing = await load_or_start(uow, Document, str(cmd.document_id))
    if existing.version:  # the same request again (an idempotency key's id)
        existing.check_owned_by(cmd.athlete_id)
        return await uow.save(existing)
    return await uow.save(Document.request_data(cmd.document_id, cmd.athlete_id,
                                                datetime.now(UTC)))  # fmt: skip


async def complete_data_export(cmd: CompleteDataExport, uow: UnitOfWork) -> CommandAccepted:
    document = await uow.load(Document, str(cmd.document_id))
    document.complete_export(cmd)
    return await uow.save(document)
