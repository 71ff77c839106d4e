"""The coach view over HTTP: the roster of athletes a coach opened (`POST /coaching/access` on
the command API) with each one's week."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request

from contracts.identity.coaching import ACCESS_TICKET_HEADER
from contracts.identity.reads import GRANTS
from contracts.training.reads import PLANS, RUNS, Roster
from contracts.types import HEADER_TEXT
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.access import AccessTicketError, checked_ticket
from queries.http import Connection, Consistent
from queries.training import roster_views as views

router = APIRouter(tags=["coaching"], dependencies=[Consistent(GRANTS, PLANS, RUNS)])


@router.get("/coaching/roster", response_model=Roster, responses=problems(403))
async def roster(
    principal: CurrentPrincipal,
    conn: Connection,
    request: Request,
    ticket: Annotated[str | None, Header(
        alias=ACCESS_TICKET_HEADER, max_length=4000, pattern=HEADER_TEXT,
        description="The ticket of `POST /coaching/access` (scope `read_training`) naming the "
        "athletes to show (403 without it).",
    )] = None,
) -> Roster:  # fmt: skip
    """Your athletes (those the ticket names whose grant is still live with `read_training`),
    each with this week's planned against done, fitness, fatigue and form, and flags: key
    sessions missed so far this week, shoes near their limit."""
    if ticket is None:
        raise AccessTicketError(
            'open your athletes\' training first: POST /coaching/access with {"scope": '
            '"read_training", "athlete_ids": [...]}, then send its ticket as '
            f"{ACCESS_TICKET_HEADER}"
        )
    claims = checked_ticket(request, principal, ticket, "read_training")
    now = datetime.now(UTC)
    athletes = await views.roster(conn, principal.account_id, list(claims.athlete_ids), now)
    return Roster(week_start=views.monday_of(now.date()), athletes=athletes)
