"""Shoes through the real command bus on the in-memory unit of work: added, renamed, limited,
made the default (the latest default wins), retired; a run that names no shoe gets the default,
one that names a shoe not its athlete's is refused (422), a correction without a shoe keeps the
run's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from uuid import UUID, uuid4

import pytest

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConcurrencyError, ConflictError, RuleViolationError
from contracts.training.commands import CorrectRun, RecordRun
from contracts.training.events import RunCorrected, RunRecorded, ShoeMadeDefault
from contracts.training.shoes import AddShoe, MakeShoeDefault, RenameShoe, RetireShoe, SetShoeLimit
from pacer.workload import run_body
from tests.fakes import FakeDatabase, fake_bus

ATHLETE = uuid4()
ME = Actor.account(ATHLETE, "athlete")
TICKS = count()


def clock() -> datetime:
    """A clock that moves a second per reading, so defaults made in a row are ordered."""
    return datetime(2026, 12, 1, tzinfo=UTC) + timedelta(seconds=next(TICKS))


def bus_on(database: FakeDatabase) -> CommandBus:
    return fake_bus(database, dependencies={"clock": clock})


async def add(database: FakeDatabase, default: bool = False, athlete: UUID = ATHLETE) -> UUID:
    shoe_id = uuid4()
    command = AddShoe(shoe_id=shoe_id, athlete_id=athlete, nickname="Blue", default=default)
    await bus_on(database).dispatch(command, Actor.account(athlete, "athlete"))
    return shoe_id


async def recorded_shoe(database: FakeDatabase, shoe_id: UUID | None = None) -> UUID | None:
    run_id = uuid4()
    await bus_on(database).dispatch(
        RecordRun(run_id=run_id, athlete_id=ATHLETE, **{**run_body(), "shoe_id": shoe_id}), ME
    )
    [event] = database.events_of(str(run_id))
    assert isinstance(event, RunRecorded)
    return event.shoe_id


async def test_a_run_without_a_shoe_gets_the_latest_default_unless_it_is_retired() -> None:
    database = FakeDatabase()
    assert await recorded_shoe(database) is None  # no shoes yet
    first = await add(database, default=True)
    assert await recorded_shoe(database) == first
    second = await add(database)
    await bus_on(database).dispatch(
        MakeShoeDefault(shoe_id=second, athlete_id=ATHLETE, expected_version=1), ME
    )
    assert await recorded_shoe(database) == second
    await bus_on(database).dispatch(
        RetireShoe(shoe_id=second, athlete_id=ATHLETE, expected_version=2), ME
    )
    assert await recorded_shoe(database) is None  # the default was retired: no default
    assert await recorded_shoe(database, first) == first  # naming one still works


async def test_someone_else_s_shoe_cannot_be_named_and_a_correction_keeps_the_shoe() -> None:
    database = FakeDatabase()
    theirs = await add(database, athlete=uuid4())
    with pytest.raises(RuleViolationError, match="not one of your shoes"):
        await recorded_shoe(database, theirs)
    with pytest.raises(RuleViolationError, match="not one of your shoes"):
        await recorded_shoe(database, uuid4())  # no such shoe at all
    mine = await add(database)
    run_id = uuid4()
    bus = bus_on(database)
    await bus.dispatch(RecordRun(run_id=run_id, athlete_id=ATHLETE,
                                 **{**run_body(), "shoe_id": mine}), ME)  # fmt: skip
    await bus.dispatch(CorrectRun(run_id=run_id, athlete_id=ATHLETE, expected_version=1,
                                  **run_body(12)), ME)  # fmt: skip
    corrected = database.events_of(str(run_id))[-1]
    assert isinstance(corrected, RunCorrected)
    assert corrected.shoe_id == mine


async def test_shoe_changes_check_versions_and_a_retired_shoe_is_not_made_default() -> None:
    database = FakeDatabase()
    shoe = await add(database, default=True)  # version 2: added, made default
    bus = bus_on(database)
    await bus.dispatch(RenameShoe(shoe_id=shoe, athlete_id=ATHLETE, nickname="Old blue",
                                  expected_version=2), ME)  # fmt: skip
    with pytest.raises(ConcurrencyError):
        await bus.dispatch(SetShoeLimit(shoe_id=shoe, athlete_id=ATHLETE, limit_km=800,
                                        expected_version=2), ME)  # fmt: skip
    await bus.dispatch(RetireShoe(shoe_id=shoe, athlete_id=ATHLETE, expected_version=3), ME)
    with pytest.raises(ConflictError, match="retired"):
        await bus.dispatch(MakeShoeDefault(shoe_id=shoe, athlete_id=ATHLETE,
                                           expected_version=4), ME)  # fmt: skip
    defaults = [e for e in database.events_of(str(shoe)) if isinstance(e, ShoeMadeDefault)]
    assert len(defaults) == 1
