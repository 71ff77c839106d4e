"""The event store's own guard: an append based on a stale version fails, whatever the caller
checked before."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.errors import ConcurrencyError, NotFoundError
from commands.eventstore import MessageContext
from commands.identity.account import Account
from commands.training.run import Run
from commands.unit_of_work import UnitOfWork
from tests.helpers import write_runs

pytestmark = pytest.mark.integration
CONTEXT = MessageContext(correlation_id="test")


async def test_two_writers_loaded_at_the_same_version_cannot_both_append(
    engine: AsyncEngine,
) -> None:
    [run_id] = await write_runs(engine, runs=1, corrections=0)
    async with UnitOfWork(engine, CONTEXT) as first, UnitOfWork(engine, CONTEXT) as second:
        mine, theirs = await first.load(Run, run_id), await second.load(Run, run_id)
        mine.delete(mine.athlete_id, 1)
        theirs.delete(theirs.athlete_id, 1)  # the aggregate's own check passes: it saw v1
        await first.save(mine)
        await first.commit()
        with pytest.raises(ConcurrencyError):
            await second.save(theirs)


async def test_loading_a_stream_as_the_wrong_kind_of_aggregate_finds_nothing(
    engine: AsyncEngine,
) -> None:
    [run_id] = await write_runs(engine, runs=1, corrections=0)
    async with UnitOfWork(engine, CONTEXT) as uow:
        with pytest.raises(NotFoundError):
            await uow.load(Account, run_id)
        with pytest.raises(NotFoundError):
            await uow.load(Run, str(uuid.uuid4()))
