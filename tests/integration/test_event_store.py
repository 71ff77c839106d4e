"""The event store's own guard: an append based on a stale version fails, whatever the caller
checked before."""

from __future__ import annotations

import uuid
from uuid import UUID

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.bus import CommandBus
from commands.errors import ConcurrencyError, NotFoundError
from commands.eventstore import MessageContext
from commands.identity.account import Account
from commands.training.run import Run
from commands.unit_of_work import PostgresUnitOfWork
from contracts.training.commands import DeleteRun, RecordRun
from infra.subject_keys import RememberedKeys
from pacer.bootstrap import contexts
from tests.helpers import run_body, write_runs

pytestmark = pytest.mark.integration
CONTEXT = MessageContext(correlation_id="test")


def unit_of_work(
    engine: AsyncEngine, remembered: RememberedKeys | None = None
) -> PostgresUnitOfWork:
    of = contexts()
    return PostgresUnitOfWork(engine, CONTEXT, of.event_types(), of.stores(), remembered)


def noted_run(athlete: UUID) -> Run:
    """A new run whose notes are sealed with `athlete`'s key."""
    return Run.record_new(
        RecordRun(run_id=uuid.uuid4(), athlete_id=athlete, **run_body(notes="sore calves")), None
    )


async def test_two_writers_loaded_at_the_same_version_cannot_both_append(
    engine: AsyncEngine, bus: CommandBus
) -> None:
    [run_id] = await write_runs(bus, runs=1, corrections=0)
    async with unit_of_work(engine) as first, unit_of_work(engine) as second:
        mine, theirs = await first.load(Run, run_id), await second.load(Run, run_id)
        delete = DeleteRun(run_id=UUID(run_id), athlete_id=mine.athlete_id, expected_version=1)
        mine.delete(delete)
        theirs.delete(delete)  # the aggregate's own check passes: it saw v1
        await first.save(mine)
        await first.commit()
        with pytest.raises(ConcurrencyError):
            await second.save(theirs)


async def test_loading_a_stream_as_the_wrong_kind_of_aggregate_finds_nothing(
    engine: AsyncEngine, bus: CommandBus
) -> None:
    [run_id] = await write_runs(bus, runs=1, corrections=0)
    async with unit_of_work(engine) as uow:
        with pytest.raises(NotFoundError):
            await uow.load(Account, run_id)
        with pytest.raises(NotFoundError):
            await uow.load(Run, str(uuid.uuid4()))


async def test_a_key_remembered_before_an_erasure_seals_nothing_after_it(
    engine: AsyncEngine,
) -> None:
    athlete, remembered = uuid.uuid4(), RememberedKeys()
    async with unit_of_work(engine, remembered) as uow:
        await uow.save(noted_run(athlete))
        await uow.commit()
    assert remembered.get(athlete) is not None  # the next command seals without fetching it
    async with unit_of_work(engine) as uow:  # erased elsewhere (another process)
        await uow.erase_subject(athlete)
        await uow.commit()

    late = noted_run(athlete)
    async with unit_of_work(engine, remembered) as uow:
        with pytest.raises(NotFoundError):
            await uow.save(late)
    assert remembered.get(athlete) is None
    async with engine.connect() as connection:
        written = await connection.execute(
            text("SELECT count(*) FROM event_streams WHERE stream_id = :id"), {"id": late.id}
        )
        assert written.scalar_one() == 0
