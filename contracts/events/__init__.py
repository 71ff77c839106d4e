"""Every published event type, by its versioned type name."""

from contracts.events.base import DomainEvent
from contracts.events.identity import AccountRegistered
from contracts.events.training import RunCorrected, RunDeleted, RunRecorded

ALL_EVENTS: tuple[type[DomainEvent], ...] = (
    AccountRegistered,
    RunRecorded,
    RunCorrected,
    RunDeleted,
)
BY_TYPE: dict[str, type[DomainEvent]] = {cls.event_type(): cls for cls in ALL_EVENTS}


class UnknownEventTypeError(LookupError):
    """A record names an event type this code does not know."""


def event_class(event_type: str) -> type[DomainEvent]:
    try:
        return BY_TYPE[event_type]
    except KeyError:
        raise UnknownEventTypeError(event_type) from None


__all__ = [
    "ALL_EVENTS",
    "BY_TYPE",
    "AccountRegistered",
    "DomainEvent",
    "RunCorrected",
    "RunDeleted",
    "RunRecorded",
    "UnknownEventTypeError",
    "event_class",
]
