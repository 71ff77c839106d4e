"""Domain events: immutable, versioned, past-tense pydantic models, and the registry of event
types built from the bounded contexts.

An event's context is the package it is defined in (`contracts/<context>/events.py`, or a module
of the package `contracts/<context>/events/`), its name is its class name and its version 1,
unless the class says otherwise. Its Kafka topic is derived from its context: `pacer.<context>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

TOPIC_PREFIX = "pacer."
DEAD_LETTER_TOPIC = "pacer.deadletter"
"""Events a consumer could not apply after its retries, unchanged, with the reason in headers."""


class EventDefinitionError(TypeError):
    """An event class that cannot be published: no context, or a type name already taken."""


class UnknownEventTypeError(LookupError):
    """A record names an event type this code does not know."""


class DomainEvent(BaseModel):
    """Payload of an event. Identity, time, aggregate id and version travel in the envelope."""

    # Unknown fields are ignored, so consumers on an older release read newer events of the
    # same version, which may only add optional fields.
    model_config = ConfigDict(frozen=True, extra="ignore")

    context: ClassVar[str]
    name: ClassVar[str]
    version: ClassVar[int]
    earlier_versions: ClassVar[tuple[int, ...]] = ()
    """Versions whose records this class reads too: their fields were the same, and what
    changed is how they travel (v2 seals personal fields; a v1 record's clear values read as
    they are)."""
    erases_subject: ClassVar[bool] = False
    """The event erases its data subject: consumers apply it although the subject is erased
    (they skip every other event of an erased subject)."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        own = vars(cls)
        if getattr(cls, "context", None) is None:
            cls.context = _context_of(cls)
        if "name" not in own:
            cls.name = cls.__name__
        if "version" not in own:
            cls.version = 1

    @classmethod
    def event_type(cls) -> str:
        return f"pacer.{cls.context}.{cls.name}.v{cls.version}"

    @classmethod
    def type_names(cls) -> tuple[str, ...]:
        """Its type, then the earlier versions' types it reads."""
        earlier = (f"pacer.{cls.context}.{cls.name}.v{n}" for n in cls.earlier_versions)
        return (cls.event_type(), *earlier)

    @classmethod
    def topic(cls) -> str:
        return topic_of(cls.context)


def _context_of(cls: type[DomainEvent]) -> str:
    parts = cls.__module__.split(".")
    if len(parts) >= 3 and parts[0] == "contracts" and parts[2] == "events":
        return parts[1]
    raise EventDefinitionError(
        f"{cls.__module__}.{cls.__name__}: define events in contracts/<context>/events.py (or a "
        "module of the package contracts/<context>/events/), or give the class a `context` ClassVar"
    )


def topic_of(context: str) -> str:
    """The Kafka topic of a bounded context's events."""
    return TOPIC_PREFIX + context


def events_in(module: ModuleType) -> tuple[type[DomainEvent], ...]:
    """The event classes a module defines, or for a package those its modules define and it
    imports (a context with many events keeps them in `events/<topic>.py`); never those it
    imports from elsewhere."""
    own = module.__name__
    package = hasattr(module, "__path__")
    return tuple(
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, DomainEvent)
        and value is not DomainEvent
        and (value.__module__ == own or (package and value.__module__.startswith(own + ".")))
    )


class EventTypes:
    """Every event type a process knows, by its versioned type name."""

    def __init__(self, classes: Iterable[type[DomainEvent]]) -> None:
        self._by_type: dict[str, type[DomainEvent]] = {}
        self._reads: dict[str, type[DomainEvent]] = {}
        for cls in classes:
            taken = self._by_type.setdefault(cls.event_type(), cls)
            if taken is not cls:
                raise EventDefinitionError(
                    f"{cls.__module__}.{cls.__name__} and {taken.__module__}.{taken.__name__} "
                    f"both publish {cls.event_type()}"
                )
            for name in cls.type_names():
                self._reads.setdefault(name, cls)

    def __iter__(self) -> Iterator[type[DomainEvent]]:
        return iter(self._by_type.values())

    def __len__(self) -> int:
        return len(self._by_type)

    def __contains__(self, cls: object) -> bool:
        if not (isinstance(cls, type) and issubclass(cls, DomainEvent)):
            return False
        return self._by_type.get(cls.event_type()) is cls

    def of(self, event_type: str) -> type[DomainEvent]:
        """The class that reads records of `event_type` (its own, or an earlier version)."""
        try:
            return self._reads[event_type]
        except KeyError:
            raise UnknownEventTypeError(event_type) from None

    def topics(self) -> list[str]:
        """One topic per context with events, then the dead-letter topic."""
        return [*sorted({cls.topic() for cls in self}), DEAD_LETTER_TOPIC]
