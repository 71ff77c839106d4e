"""Run commands through the real command bus on the in-memory unit of work."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from commands.actors import Actor
from commands.errors import ConcurrencyError, IdempotencyKeyReusedError, NotFoundError
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun
from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from pacer.workload import run_body
from tests.fakes import FakeDatabase, fake_bus

ATHLETE = uuid4()
ME = Actor.account(ATHLETE, "athlete")


def record(run_id: UUID | None = None, **changes: object) -> RecordRun:
    return RecordRun(run_id=run_id or uuid4(), athlete_id=ATHLETE, **{**run_body(), **changes})


async def test_a_recorded_run_is_one_event_in_the_outbox_with_who_and_why() -> None:
    database = FakeDatabase()
    command = record()

    reply = await fake_bus(database).dispatch(command, ME, correlation_id="c-1")

    assert reply.value.aggregate_id == str(command.run_id)
    assert reply.value.version == 1
    [outbox] = database.outbox
    assert isinstance(outbox.event, RunRecorded)
    assert outbox.context.actor == ME.id
    assert outbox.context.correlation_id == "c-1"


async def test_a_correction_and_a_deletion_follow_the_run_s_versions() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    run_id = uuid4()
    await bus.dispatch(record(run_id), ME)

    corrected = await bus.dispatch(
        CorrectRun(run_id=run_id, athlete_id=ATHLETE, expected_version=1, **run_body(8)), ME
    )
    deleted = await bus.dispatch(DeleteRun(run_id=run_id, athlete_id=ATHLETE), ME)

    assert (corrected.value.version, deleted.value.version) == (2, 3)
    kinds = [type(event) for event in database.events_of(str(run_id))]
    assert kinds == [RunRecorded, RunCorrected, RunDeleted]


async def test_a_stale_correction_is_refused_and_records_nothing() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    run_id = uuid4()
    await bus.dispatch(record(run_id), ME)
    stale = CorrectRun(run_id=run_id, athlete_id=ATHLETE, expected_version=2, **run_body())

    with pytest.raises(ConcurrencyError):
        await bus.dispatch(stale, ME)

    assert len(database.outbox) == 1


async def test_another_athlete_cannot_touch_the_run() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    run_id = uuid4()
    await bus.dispatch(record(run_id), ME)
    intruder = uuid4()

    with pytest.raises(NotFoundError):
        await bus.dispatch(
            DeleteRun(run_id=run_id, athlete_id=intruder), Actor.account(intruder, "athlete")
        )


async def test_one_idempotency_key_replays_one_effect_and_refuses_another_command() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    command = record()

    first = await bus.dispatch(command, ME, "key-1")
    again = await bus.dispatch(command, ME, "key-1")

    assert not first.replayed
    assert again.replayed
    assert again.value == first.value
    assert len(database.outbox) == 1
    with pytest.raises(IdempotencyKeyReusedError):
        await bus.dispatch(record(), ME, "key-1")
