"""Stream ids of the aggregates an athlete has one of (profile, days, conversation): derived
from the athlete's id, so they never collide with the account's own stream."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID, uuid5

from commands.aggregate import Aggregate
from commands.errors import NotFoundError
from commands.unit_of_work import UnitOfWork

A = TypeVar("A", bound=Aggregate)


def athlete_stream(athlete_id: UUID, kind: str) -> str:
    return str(uuid5(athlete_id, f"pacer:nutrition:{kind}"))


async def load_or_start(uow: UnitOfWork, kind: type[A], aggregate_id: str) -> A:
    """The aggregate, or a new one when it has no events yet."""
    try:
        return await uow.load(kind, aggregate_id)
    except NotFoundError:
        return kind(aggregate_id)
