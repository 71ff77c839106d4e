"""Commands an account sends for another: a command whose `athlete_id` is not the sending
account's runs only when its type names a grant scope (`Command.delegated_by`) and the
`delegation` dependency (the identity context's grants) admits the sender in the same
transaction; anything else is refused as if the athlete did not exist. Pacer's own processes
(reactors, jobs) act for any athlete."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from commands.actors import Actor
from commands.errors import NotFoundError
from commands.unit_of_work import UnitOfWork
from contracts.commands import Command

ACCOUNTS = frozenset({"athlete", "coach", "admin"})


class Delegation(Protocol):
    async def __call__(self, uow: UnitOfWork, agent: UUID, athlete: UUID, scope: str) -> None:
        """Admit `agent` to act on `athlete`'s data under `scope` (and record that it did), or
        raise the refusal."""


async def admit(
    command: Command[Any], actor: Actor, uow: UnitOfWork, delegation: Delegation | None
) -> None:
    athlete = getattr(command, "athlete_id", None)
    if actor.kind not in ACCOUNTS or not isinstance(athlete, UUID) or str(athlete) == actor.id:
        return
    scope = type(command).delegated_by
    if scope is None or delegation is None:
        raise NotFoundError(f"athlete {athlete} does not exist or is not yours to act for")
    await delegation(uow, UUID(actor.id), athlete, scope)
