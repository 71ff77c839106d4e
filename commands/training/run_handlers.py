"""One handler per run command. A run that names a shoe must name one of the athlete's own
(else 422); a recorded run that names none is given the athlete's default shoe; a correction
that names none keeps the shoe the run had."""

from __future__ import annotations

from uuid import UUID

from commands.errors import NotFoundError, RuleViolationError
from commands.training.run import Run
from commands.training.shoe import Shoe
from commands.training.shoe_rack import DefaultShoes
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun


async def record_run(cmd: RecordRun, uow: UnitOfWork) -> CommandAccepted:
    shoe: UUID | None = cmd.shoe_id
    if shoe is not None:
        await _check_shoe(uow, shoe, cmd.athlete_id)
    else:
        shoe = await uow.store(DefaultShoes).default_of(cmd.athlete_id)
    return await uow.save(Run.record_new(cmd, shoe))


async def correct_run(cmd: CorrectRun, uow: UnitOfWork) -> CommandAccepted:
    run = await uow.load(Run, str(cmd.run_id))
    if cmd.shoe_id is not None:
        run.check_owned_by(cmd.athlete_id)  # first: someone else's run is missing, not its shoe
        await _check_shoe(uow, cmd.shoe_id, cmd.athlete_id)
    run.correct(cmd)
    return await uow.save(run)


async def delete_run(cmd: DeleteRun, uow: UnitOfWork) -> CommandAccepted:
    run = await uow.load(Run, str(cmd.run_id))
    run.delete(cmd)
    return await uow.save(run)


async def _check_shoe(uow: UnitOfWork, shoe_id: UUID, athlete_id: UUID) -> None:
    """The run's shoe must be one of the athlete's own: another's, or none at all, is a request
    to change (422), not a missing run."""
    try:
        shoe = await uow.load(Shoe, str(shoe_id))
        shoe.check_usable_by(athlete_id)
    except NotFoundError:
        raise RuleViolationError(f"shoe {shoe_id} is not one of your shoes") from None
