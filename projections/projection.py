"""What a projection is: a named read model that applies events in batches with set-based SQL.

A projection declares its handlers once, with `@on(EventType, ...)`; the event types it handles
and the topics it reads are derived from them. A handler gets many events of its types at once
and applies them with a few statements (`unnest` arrays, one upsert):

    class RunsProjection(Projection):
        name = RUNS
        tables = ("runs_view",)

        @on(RunRecorded, RunCorrected)
        async def upsert(self, sql: AsyncConnection, events: Sequence[Applied[Any]]) -> None: ...

Order: the events of one stream are applied in their order; events of different streams are
not ordered (Kafka orders a partition, not a topic). A batch is therefore cut into waves, the
first event of each stream in the batch, then the second, and so on; each wave goes to each
handler in one call, with at most one event per stream.

Handlers write unqualified table names: a rebuild runs the very same handlers with its shadow
schema first on the search path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.consistency import positions_table
from contracts.events import DomainEvent

E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Any, AsyncConnection, Sequence["Applied[Any]"]], Awaitable[None]]
F = TypeVar("F", bound=Handler)


class ProjectionDefinitionError(TypeError):
    """A projection without handlers, or with two handlers for one event type."""


@dataclass(slots=True)
class Applied(Generic[E]):
    """An event, with the envelope facts a read model needs."""

    event: E
    event_id: UUID
    stream_id: str
    version: int


def on(*event_types: type[DomainEvent]) -> Callable[[F], F]:
    """Declare a method as the batch handler of these event types."""

    def mark(handler: F) -> F:
        handler.__dict__["projects"] = event_types
        return handler

    return mark


def forgets(*event_types: type[DomainEvent]) -> Callable[[F], F]:
    """Declare a method as the batch handler of these event types when they are an erased
    account's, which the runtime otherwise leaves out: what such an event made (a post, a
    group) may be named by other accounts' events (a like, a join) applied before it or
    replayed after the erasure, and the handler removes it and them as a deletion would. It
    reads only the event's ids: its personal values stay sealed. (An event left out because the
    other party of its relation was erased, a coach say, comes here too.)"""

    def mark(handler: F) -> F:
        handler.__dict__["forgets"] = event_types
        return handler

    return mark


class Projection:
    name: ClassVar[str]
    """The read model's name; also its consumer group and its positions table's prefix."""
    tables: ClassVar[tuple[str, ...]]
    """Read tables it owns, in the public schema: swapped whole by a rebuild."""
    event_classes: ClassVar[dict[str, type[DomainEvent]]]
    """Event types it handles, by type name (derived from the handlers; earlier versions a
    class reads included)."""
    _handler_names: ClassVar[dict[str, str]]
    _forget_names: ClassVar[dict[str, str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.event_classes, cls._handler_names, cls._forget_names = {}, {}, {}
        for attribute, value in vars(cls).items():
            for event_class in getattr(value, "forgets", ()):
                for event_type in event_class.type_names():
                    cls._forget_names[event_type] = attribute
            for event_class in getattr(value, "projects", ()):
                for event_type in event_class.type_names():
                    if event_type in cls._handler_names:
                        raise ProjectionDefinitionError(
                            f"{cls.__name__} handles {event_type} twice"
                        )
                    cls.event_classes[event_type] = event_class
                    cls._handler_names[event_type] = attribute
        if not cls.event_classes:
            raise ProjectionDefinitionError(f"{cls.__name__} declares no @on handlers")
        if unhandled := set(cls._forget_names) - set(cls.event_classes):
            raise ProjectionDefinitionError(
                f"{cls.__name__} forgets {sorted(unhandled)} without handling them"
            )

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(sorted({cls.topic() for cls in self.event_classes.values()}))

    @property
    def positions(self) -> str:
        return positions_table(self.name)

    @property
    def owned_tables(self) -> tuple[str, ...]:
        """Its read tables and its positions table: what a rebuild builds and swaps."""
        return (*self.tables, self.positions)

    def handles(self, event_type: str | None) -> bool:
        return event_type in self.event_classes

    def forgets(self, event_type: str | None) -> bool:
        return event_type in self._forget_names

    async def apply(
        self,
        connection: AsyncConnection,
        items: Sequence[Applied[Any]],
        forgotten: Sequence[Applied[Any]] = (),
    ) -> None:
        """Apply a batch, wave by wave, one call per handler and wave; then let the `@forgets`
        handlers remove what the erased accounts' events among it made."""
        for wave in waves(items):
            await self._call(connection, wave, self._handler_names)
        if forgotten:
            await self._call(connection, forgotten, self._forget_names)

    async def _call(
        self, connection: AsyncConnection, items: Sequence[Applied[Any]], names: dict[str, str]
    ) -> None:
        calls: dict[str, list[Applied[Any]]] = {}
        for item in items:
            calls.setdefault(names[item.event.event_type()], []).append(item)
        for name, events in calls.items():
            await getattr(self, name)(connection, events)


def waves(items: Sequence[Applied[E]]) -> list[list[Applied[E]]]:
    """The batch cut so that each stream's n-th event is in the n-th wave."""
    cut: list[list[Applied[E]]] = []
    seen: dict[str, int] = {}
    for item in items:
        index = seen.get(item.stream_id, 0)
        seen[item.stream_id] = index + 1
        if index == len(cut):
            cut.append([])
        cut[index].append(item)
    return cut
