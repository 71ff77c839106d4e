"""One handler per training command."""

from __future__ import annotations

from uuid import UUID, uuid4

from commands.training.run import Run
from commands.unit_of_work import UnitOfWork
from contracts.commands.training import CorrectRun, DeleteRun, RecordRun


async def record_run(cmd: RecordRun, uow: UnitOfWork, athlete_id: UUID) -> Run:
    run = Run.new(uuid4(), athlete_id, cmd)
    await uow.save(run)
    return run


async def correct_run(cmd: CorrectRun, uow: UnitOfWork, athlete_id: UUID, run_id: UUID) -> Run:
    run = await uow.load(Run, str(run_id))
    run.correct(athlete_id, cmd.expected_version, cmd)
    await uow.save(run)
    return run


async def delete_run(cmd: DeleteRun, uow: UnitOfWork, athlete_id: UUID, run_id: UUID) -> Run:
    run = await uow.load(Run, str(run_id))
    run.delete(athlete_id, cmd.expected_version)
    await uow.save(run)
    return run
