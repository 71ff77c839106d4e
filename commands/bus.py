"""The command bus: the one way a command runs, whoever sends it (a route, a reactor, a job, the
CLI, the demo seed or a test).

`dispatch(command, actor, idempotency_key=None)` is the transaction recipe: open a unit of work;
claim the idempotency key (a used key replays the stored reply); run the command's handler, which
loads, decides and saves (events and outbox rows); store the reply with the key; commit.

Each handler is `async def handler(cmd: SomeCommand, uow: UnitOfWork, **dependencies) -> Reply`;
the command type comes from its first parameter's annotation, and further parameters are
dependencies given to the bus by name (a password hasher, a token signer). A command an account
sends for another athlete runs only when a grant admits it (`commands/delegation.py`, through the
`delegation` dependency).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Self, TypeVar, cast, get_type_hints
from uuid import uuid4

from opentelemetry import trace
from pydantic import BaseModel

from commands import idempotency
from commands.actors import Actor
from commands.delegation import Delegation, admit
from commands.errors import CommandError, UnknownCommandError
from commands.eventstore import MessageContext
from commands.unit_of_work import StaleConnectionError, UnitOfWork
from contracts.commands import Command
from infra.telemetry import current_traceparent, tracer

R = TypeVar("R", bound=BaseModel)
Handler = Callable[..., Awaitable[BaseModel]]
BoundHandler = Callable[[Any, UnitOfWork], Awaitable[BaseModel]]
UnitOfWorkFactory = Callable[[MessageContext], UnitOfWork]


class HandlerDefinitionError(TypeError):
    """A handler the bus cannot register: no command annotation, a missing dependency, or a
    command that already has a handler."""


@dataclass(frozen=True)
class Reply(Generic[R]):
    """What a command answered, and whether it is the stored answer to an earlier request."""

    value: R
    replayed: bool = False


def command_type(handler: Handler) -> type[Command[Any]]:
    """The command a handler handles: the annotation of its first parameter."""
    parameters = list(inspect.signature(handler).parameters)
    hints = get_type_hints(handler)
    kind = hints.get(parameters[0]) if parameters else None
    if not (isinstance(kind, type) and issubclass(kind, Command)):
        raise HandlerDefinitionError(f"{handler.__qualname__}: annotate its first parameter")
    if hints.get("return") is not kind.reply_type():
        raise HandlerDefinitionError(
            f"{handler.__qualname__} must return {kind.reply_type().__name__}, "
            f"the reply {kind.__name__} declares"
        )
    return kind


def _bind(handler: Handler, dependencies: Mapping[str, object]) -> BoundHandler:
    wanted = list(inspect.signature(handler).parameters)[2:]
    missing = [name for name in wanted if name not in dependencies]
    if missing:
        raise HandlerDefinitionError(f"{handler.__qualname__} needs {', '.join(missing)}")
    return partial(handler, **{name: dependencies[name] for name in wanted})


class CommandBus:
    def __init__(
        self,
        handlers: Iterable[Handler],
        unit_of_work: UnitOfWorkFactory,
        dependencies: Mapping[str, object] | None = None,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._dependencies = dict(dependencies or {})
        self._delegation = cast(Delegation | None, self._dependencies.get("delegation"))
        self._held = AsyncExitStack()
        self._handlers: dict[type[Command[Any]], BoundHandler] = {}
        for handler in handlers:
            kind = command_type(handler)
            if kind in self._handlers:
                raise HandlerDefinitionError(f"{kind.__name__} has two handlers")
            self._handlers[kind] = _bind(handler, dependencies or {})

    @property
    def commands(self) -> frozenset[type[Command[Any]]]:
        return frozenset(self._handlers)

    async def __aenter__(self) -> Self:
        """Hold the dependencies that are async context managers (a client of a remote store,
        say) open until the bus is left: a process's lifespan does this once."""
        for dependency in self._dependencies.values():
            if isinstance(dependency, AbstractAsyncContextManager):
                await self._held.enter_async_context(dependency)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._held.aclose()

    async def dispatch(
        self,
        command: Command[R],
        actor: Actor,
        idempotency_key: str | None = None,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> Reply[R]:
        """Run `command` for `actor` in one transaction and return its reply.

        With an `idempotency_key`, a command already run under that key by that actor is not run
        again: its stored reply comes back with `replayed=True`.
        """
        handler = self._handlers.get(type(command))
        if handler is None:
            raise UnknownCommandError(f"no handler for {type(command).__name__}")
        if idempotency_key is not None:
            idempotency.check_key(idempotency_key)
            idempotency.check_replayable(command, actor)
        name = type(command).__name__
        with tracer().start_as_current_span(f"command {name}", kind=trace.SpanKind.INTERNAL):
            context = MessageContext(
                correlation_id=correlation_id or str(uuid4()),
                actor=actor.id,
                causation_id=causation_id,
                traceparent=current_traceparent(),
            )
            try:
                return await self._run(handler, command, actor, idempotency_key, context)
            except StaleConnectionError:
                # Nothing ran: the unit of work found its connection dead as it began.
                return await self._run(handler, command, actor, idempotency_key, context)

    async def _run(
        self,
        handler: BoundHandler,
        command: Command[R],
        actor: Actor,
        idempotency_key: str | None,
        context: MessageContext,
    ) -> Reply[R]:
        async with self._unit_of_work(context) as uow:
            if idempotency_key is not None:
                fingerprint = idempotency.fingerprint(command)
                if not await uow.idempotency.claim(actor.id, idempotency_key, fingerprint):
                    stored = await uow.idempotency.recall(actor.id, idempotency_key, fingerprint)
                    reply = type(command).reply_type().model_validate(stored)
                    return Reply(cast(R, reply), replayed=True)
            try:
                await admit(command, actor, uow, self._delegation)
                value = await handler(command, uow)
            except CommandError as refusal:
                if refusal.keeps_effects:
                    if idempotency_key is not None:
                        # A retry must meet the same refusal, not an empty stored reply.
                        await uow.idempotency.release(actor.id, idempotency_key)
                    await uow.commit()
                raise
            if idempotency_key is not None:
                stored = value.model_dump(mode="json")
                await uow.idempotency.complete(actor.id, idempotency_key, stored)
            await uow.commit()
        return Reply(cast(R, value))
