"""Whose data a query reads: the caller's own, or, for a coach, an athlete's named by
`athlete_id` under a live grant with the route's scope and an access ticket of that scope
(`POST /coaching/athletes/{athlete_id}/access` on the command API issues it and records the
access). Routes take `Reader(scope)` instead of the principal's account id."""

# No `from __future__ import annotations`: the parameters of `reader`'s dependency name its
# scope, so FastAPI must see them evaluated.
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Query, Request
from sqlalchemy import text

from contracts.identity.coaching import ACCESS_TICKET_HEADER, Scope
from contracts.types import HEADER_TEXT
from infra.access_tickets import AccessClaims, InvalidTicketError, read_ticket
from infra.http_auth import CurrentPrincipal
from infra.problems import ProblemError, raises
from infra.tokens import Principal
from queries.http import Connection, NotFoundError

LIVE_SCOPE = text(
    "SELECT 1 FROM grants_view WHERE coach_id = :coach AND athlete_id = :athlete "
    "AND status = 'active' AND :scope = ANY(scopes)"
)


class AccessTicketError(ProblemError):
    status = 403
    problem_type = "access-ticket"
    title = "Access ticket required"


@dataclass(frozen=True)
class Subject:
    """The athlete a query reads; `own` is False when a coach reads under a grant (then data
    that stays its owner's, such as runs imported from Strava, is left out)."""

    athlete_id: UUID
    own: bool


def checked_ticket(
    request: Request, principal: Principal, ticket: str, scope: Scope
) -> AccessClaims:
    """The claims of a ticket issued to the caller for `scope`, or a 403."""
    try:
        claims = read_ticket(ticket, request.app.state.settings.signing_key)
    except InvalidTicketError:
        raise AccessTicketError(
            f"{ACCESS_TICKET_HEADER} is invalid or expired; open the access again"
        ) from None
    if claims.coach_id != principal.account_id or claims.scope != scope:
        raise AccessTicketError(f"{ACCESS_TICKET_HEADER} was issued to another caller or scope")
    return claims


def reader(scope: Scope) -> Callable[..., Awaitable[Subject]]:
    @raises(403, 404)
    async def subject(
        request: Request,
        principal: CurrentPrincipal,
        conn: Connection,
        athlete_id: Annotated[
            UUID | None,
            Query(description=f"A coach reads this athlete's data (grant scope `{scope}`, "
                  f"with `{ACCESS_TICKET_HEADER}`); leave out for your own."),
        ] = None,
        ticket: Annotated[
            str | None,
            Header(
                alias=ACCESS_TICKET_HEADER,
                max_length=4000,
                pattern=HEADER_TEXT,
                description="With `athlete_id`: the ticket of `POST /coaching/athletes/"
                "{athlete_id}/access` (command API) for this scope.",
            ),
        ] = None,
    ) -> Subject:  # fmt: skip
        if athlete_id is None or athlete_id == principal.account_id:
            return Subject(principal.account_id, own=True)
        params = {"coach": principal.account_id, "athlete": athlete_id, "scope": scope}
        if await conn.scalar(LIVE_SCOPE, params) is None:
            # No grant, an ended one, or one without the scope: as if the athlete did not exist.
            raise NotFoundError(f"athlete {athlete_id} has not granted you {scope}")
        if ticket is None:
            raise AccessTicketError(
                f"open the athlete's data first: POST /coaching/athletes/{athlete_id}/access "
                f'with {{"scope": "{scope}"}}, then send its ticket as {ACCESS_TICKET_HEADER}'
            )
        claims = checked_ticket(request, principal, ticket, scope)
        if athlete_id not in claims.athlete_ids:
            raise AccessTicketError(f"{ACCESS_TICKET_HEADER} was issued for other athletes")
        return Subject(athlete_id, own=False)

    return subject


def Reader(scope: Scope) -> Any:  # noqa: N802 - used like FastAPI's Depends
    """`subject: Annotated[Subject, Reader("read_training")]` in a route's parameters."""
    return Depends(reader(scope))


ReadTraining = Annotated[Subject, Reader("read_training")]
ReadNutrition = Annotated[Subject, Reader("read_nutrition")]
ReadMovement = Annotated[Subject, Reader("read_movement")]
