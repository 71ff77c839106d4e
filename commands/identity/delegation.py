"""The identity context's `delegation`: a coach acts on an athlete's data only under a live
grant with the command's scope, and each such command records an access the athlete sees.
Without one the athlete is reported missing (404), as the query API does for reads."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from commands.errors import NotFoundError, NotPermittedError
from commands.identity.grant import Grant
from commands.unit_of_work import UnitOfWork
from contracts.identity.coaching import SCOPES, grant_id


async def admit_coach(uow: UnitOfWork, agent: UUID, athlete: UUID, scope: str) -> None:
    try:
        grant = await uow.load(Grant, str(grant_id(agent, athlete)))
    except NotFoundError:
        raise NotFoundError(f"athlete {athlete} has not granted you {scope}") from None
    assert scope in SCOPES, f"{scope} is not a grant scope"
    now = datetime.now(UTC)
    try:
        grant.open_access(agent, scope, uuid4(), now, now)
    except NotPermittedError:  # as the query API answers a read without the scope
        raise NotFoundError(f"athlete {athlete} has not granted you {scope}") from None
    await uow.save(grant)
