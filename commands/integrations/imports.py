"""Strava activities into the training context's runs: a run per activity and connection,
recorded when new, corrected when Strava's version changed, deleted when the activity is gone
or no longer a run; each import is remembered for the disconnection."""

from __future__ import annotations

from uuid import UUID

from commands.errors import NotFoundError
from commands.integrations.links import StravaImports
from commands.training.run import Run
from commands.unit_of_work import UnitOfWork
from contracts.integrations.strava import StravaRun, strava_run_id


async def _run(uow: UnitOfWork, run_id: UUID) -> Run | None:
    try:
        return await uow.load(Run, str(run_id))
    except NotFoundError:
        return None


async def upsert_run(
    uow: UnitOfWork, account_id: UUID, connection_id: UUID, activity: StravaRun
) -> UUID:
    """Record or correct the activity's run (one the athlete deleted in Pacer stays deleted)."""
    run_id = strava_run_id(connection_id, activity.activity_id)
    run = await _run(uow, run_id)
    if run is None:
        run = Run.imported(run_id, account_id, activity)
        await uow.store(StravaImports).remember(connection_id, activity.activity_id, account_id,
                                                run_id)  # fmt: skip
    else:
        run.reimport(activity)
    await uow.save(run)
    return run_id


async def remove_run(uow: UnitOfWork, connection_id: UUID, activity_id: int) -> UUID | None:
    """Delete the activity's run, if it has one; the run's id, else None."""
    run_id = strava_run_id(connection_id, activity_id)
    run = await _run(uow, run_id)
    if run is None or not run.remove_imported():
        return None
    await uow.save(run)
    return run_id


async def remove_every_run(uow: UnitOfWork, connection_id: UUID) -> int:
    """Delete every run the connection imported; how many were still there."""
    imports = uow.store(StravaImports)
    removed = 0
    for run_id in await imports.runs_of(connection_id):
        run = await _run(uow, run_id)
        if run is not None and run.remove_imported():
            await uow.save(run)
            removed += 1
    await imports.drop(connection_id)
    return removed
