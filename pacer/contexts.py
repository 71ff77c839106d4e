"""A bounded context, as the platform sees it: what each layer's sub-package of the context
contributes. `PackagedContext` finds them by convention, each layer only when it is asked for, so
a process imports only the layers it runs:

| layer | module | contributes |
|---|---|---|
| contracts | `contracts/<context>/events.py` | every `DomainEvent` defined there |
| commands | `commands/<context>/` | `HANDLERS`, `STORES`, `dependencies(settings)`, `router` |
| queries | `queries/<context>/` | `router` |
| projections | `projections/<context>/` | `PROJECTIONS` |
| workers | `workers/<context>/` | `REACTORS`, `JOBS` |

A layer without a sub-package for the context contributes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from contracts.events import DomainEvent, EventTypes, events_in

if TYPE_CHECKING:  # a process imports the layers it runs, not every layer
    from fastapi import APIRouter

    from commands.bus import Handler
    from commands.unit_of_work import StoreFactories
    from infra.settings import Settings
    from projections.projection import Projection
    from workers.jobs import Job
    from workers.reactors import Reactor

T = TypeVar("T")


class ContextError(TypeError):
    """Two contexts contribute the same name, or a context contributes what is not its own."""


class Context(Protocol):
    @property
    def name(self) -> str: ...

    def events(self) -> tuple[type[DomainEvent], ...]: ...
    def handlers(self) -> tuple[Handler, ...]: ...
    def stores(self) -> StoreFactories: ...
    def dependencies(self, settings: Settings) -> Mapping[str, object]: ...
    def command_router(self) -> APIRouter | None: ...
    def query_router(self) -> APIRouter | None: ...
    def projections(self) -> tuple[Projection, ...]: ...
    def reactors(self) -> tuple[Reactor, ...]: ...
    def jobs(self) -> tuple[Job[Any], ...]: ...


def _optional(module: str) -> ModuleType | None:
    try:
        return import_module(module)
    except ModuleNotFoundError as missing:
        if missing.name == module:
            return None
        raise


@dataclass(frozen=True)
class PackagedContext:
    """A context whose layers are the sub-packages named after it."""

    name: str

    def _layer(self, layer: str, attribute: str, default: T) -> T:
        module = _optional(f"{layer}.{self.name}")
        return getattr(module, attribute, default) if module is not None else default

    def events(self) -> tuple[type[DomainEvent], ...]:
        return events_in(import_module(f"contracts.{self.name}.events"))

    def handlers(self) -> tuple[Handler, ...]:
        return tuple(self._layer("commands", "HANDLERS", ()))

    def stores(self) -> StoreFactories:
        stores: StoreFactories = self._layer("commands", "STORES", {})
        return stores

    def dependencies(self, settings: Settings) -> Mapping[str, object]:
        build = self._layer("commands", "dependencies", None)
        return build(settings) if build is not None else {}

    def command_router(self) -> APIRouter | None:
        router: APIRouter | None = self._layer("commands", "router", None)
        return router

    def query_router(self) -> APIRouter | None:
        router: APIRouter | None = self._layer("queries", "router", None)
        return router

    def projections(self) -> tuple[Projection, ...]:
        return tuple(self._layer("projections", "PROJECTIONS", ()))

    def reactors(self) -> tuple[Reactor, ...]:
        return tuple(self._layer("workers", "REACTORS", ()))

    def jobs(self) -> tuple[Job[Any], ...]:
        return tuple(self._layer("workers", "JOBS", ()))


def _unique(kind: str, named: Iterable[tuple[str, T]]) -> dict[str, T]:
    found: dict[str, T] = {}
    for name, value in named:
        if name in found:
            raise ContextError(f"two contexts contribute the {kind} {name!r}")
        found[name] = value
    return found


class Contexts:
    """The registries of a set of contexts, each derived on demand."""

    def __init__(self, contexts: Sequence[Context]) -> None:
        _unique("context", ((context.name, context) for context in contexts))
        self.all = tuple(contexts)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(context.name for context in self.all)

    def event_types(self) -> EventTypes:
        for context in self.all:
            for event in context.events():
                if event.context != context.name:
                    raise ContextError(
                        f"{event.__name__} is {event.context}'s, not {context.name}'s"
                    )
        return EventTypes(event for context in self.all for event in context.events())

    def topics(self) -> list[str]:
        return self.event_types().topics()

    def handlers(self) -> list[Handler]:
        return [handler for context in self.all for handler in context.handlers()]

    def stores(self) -> StoreFactories:
        pairs = ((kind, factory) for c in self.all for kind, factory in c.stores().items())
        found: dict[type[Any], Any] = {}
        for kind, factory in pairs:
            if kind in found:
                raise ContextError(f"two contexts contribute the store {kind.__name__}")
            found[kind] = factory
        return found

    def dependencies(self, settings: Settings) -> dict[str, object]:
        pairs = (pair for c in self.all for pair in c.dependencies(settings).items())
        return _unique("dependency", pairs)

    def command_routers(self) -> list[APIRouter]:
        return [router for c in self.all if (router := c.command_router()) is not None]

    def query_routers(self) -> list[APIRouter]:
        return [router for c in self.all if (router := c.query_router()) is not None]

    def projections(self) -> dict[str, Projection]:
        return _unique("projection", ((p.name, p) for c in self.all for p in c.projections()))

    def reactors(self) -> list[Reactor]:
        named = _unique("reactor", ((r.name, r) for c in self.all for r in c.reactors()))
        return list(named.values())

    def jobs(self) -> list[Job[Any]]:
        return list(_unique("job", ((j.name, j) for c in self.all for j in c.jobs())).values())
