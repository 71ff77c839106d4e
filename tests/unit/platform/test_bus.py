"""The command bus: one transaction recipe, handlers registered by their command's annotation."""

from __future__ import annotations

from uuid import uuid4

import pytest

from commands.actors import Actor
from commands.bus import CommandBus, HandlerDefinitionError
from commands.errors import CommandError, InvalidIdempotencyKeyError, UnknownCommandError
from commands.unit_of_work import UnitOfWork
from contracts.commands import Command, CommandAccepted, Done
from contracts.identity.commands import LogIn
from contracts.training.commands import DeleteRun, RecordRun
from pacer.bootstrap import contexts
from pacer.workload import run_body
from tests.fakes import FakeDatabase, FakeUnitOfWork, fake_bus

ME = Actor.account(uuid4(), "athlete")


def _bus(*handlers: object) -> CommandBus:
    return CommandBus(handlers, lambda context: FakeUnitOfWork(FakeDatabase(), context))  # type: ignore[arg-type]


async def handled_twice(cmd: DeleteRun, uow: UnitOfWork) -> CommandAccepted:
    raise NotImplementedError


async def wrong_reply(cmd: DeleteRun, uow: UnitOfWork) -> Done:
    raise NotImplementedError


async def needs_a_clock(cmd: DeleteRun, uow: UnitOfWork, clock: object) -> CommandAccepted:
    raise NotImplementedError


async def unannotated(cmd, uow):  # type: ignore[no-untyped-def]
    raise NotImplementedError


def test_a_handler_is_registered_by_its_command_and_must_answer_the_declared_reply() -> None:
    with pytest.raises(HandlerDefinitionError, match="two handlers"):
        _bus(handled_twice, handled_twice)
    with pytest.raises(HandlerDefinitionError, match="must return CommandAccepted"):
        _bus(wrong_reply)
    with pytest.raises(HandlerDefinitionError, match="needs clock"):
        _bus(needs_a_clock)
    with pytest.raises(HandlerDefinitionError, match="annotate"):
        _bus(unannotated)


async def test_a_command_without_a_handler_is_refused() -> None:
    with pytest.raises(UnknownCommandError):
        await _bus().dispatch(DeleteRun(run_id=uuid4(), athlete_id=uuid4()), ME)


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\tinside"])
async def test_a_malformed_idempotency_key_is_refused_before_anything_runs(key: str) -> None:
    database = FakeDatabase()
    command = RecordRun(run_id=uuid4(), athlete_id=uuid4(), **run_body())
    with pytest.raises(InvalidIdempotencyKeyError):
        await fake_bus(database).dispatch(command, ME, key)
    assert database.commits == 0


async def test_every_context_s_commands_have_exactly_one_handler() -> None:
    # Building the bus over every context fails on a duplicate; each command has its handler.
    bus = fake_bus(FakeDatabase())
    assert RecordRun in bus.commands
    assert DeleteRun in bus.commands


class DoorShutError(CommandError):
    keeps_effects = True


class Knock(Command[CommandAccepted]):
    door: str


async def knock(cmd: Knock, uow: UnitOfWork) -> CommandAccepted:
    raise DoorShutError(f"{cmd.door} stays shut")


async def test_a_refusal_that_keeps_its_effects_gives_its_key_back() -> None:
    database = FakeDatabase()
    bus = CommandBus([knock], lambda context: FakeUnitOfWork(database, context))

    for _ in range(2):  # the retry meets the refusal again, not an empty stored reply
        with pytest.raises(DoorShutError, match="stays shut"):
            await bus.dispatch(Knock(door="front"), ME, "knock-1")
    assert database.state.idempotency == {}
    assert database.commits == 2


async def test_keys_need_an_account_and_a_reply_without_secrets() -> None:
    bus = fake_bus(FakeDatabase(), [*contexts().handlers(), knock])
    with pytest.raises(InvalidIdempotencyKeyError, match="signed-in"):
        await bus.dispatch(Knock(door="x"), Actor.anonymous(), "k")
    with pytest.raises(InvalidIdempotencyKeyError, match="LogIn"):
        await bus.dispatch(LogIn(email="a@b.cd", password="x" * 12), ME, "k")


class Held:
    def __init__(self) -> None:
        self.events: list[str] = []

    async def __aenter__(self) -> Held:
        self.events.append("opened")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.events.append("closed")


async def uses_a_client(cmd: DeleteRun, uow: UnitOfWork, client: Held) -> CommandAccepted:
    raise NotImplementedError


async def test_a_bus_holds_its_context_manager_dependencies_open_while_it_is_entered() -> None:
    client = Held()
    bus = CommandBus(
        [uses_a_client],
        lambda context: FakeUnitOfWork(FakeDatabase(), context),
        {"client": client, "plain": object()},
    )
    async with bus:
        assert client.events == ["opened"]
    assert client.events == ["opened", "closed"]
