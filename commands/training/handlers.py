"""One handler per training command."""

from __future__ import annotations

from commands.training.run import Run
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun


async def record_run(cmd: RecordRun, uow: UnitOfWork) -> CommandAccepted:
    return await uow.save(Run.record_new(cmd))


async def correct_run(cmd: CorrectRun, uow: UnitOfWork) -> CommandAccepted:
    run = await uow.load(Run, str(cmd.run_id))
    run.correct(cmd)
    return await uow.save(run)


async def delete_run(cmd: DeleteRun, uow: UnitOfWork) -> CommandAccepted:
    run = await uow.load(Run, str(cmd.run_id))
    run.delete(cmd)
    return await uow.save(run)
