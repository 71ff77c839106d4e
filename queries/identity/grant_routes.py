"""Coaching queries over HTTP: your grants as a coach or an athlete, and who was let into your
data."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from contracts.identity.reads import GRANTS, DataAccessPage, Grant
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.cursors import CURSOR_PATTERN
from queries.http import Connection, Consistent, NotFoundError
from queries.identity import grant_views as views

router = APIRouter(tags=["coaching"], dependencies=[Consistent(GRANTS)])


@router.get("/coaching/grants", response_model=list[Grant])
async def list_grants(
    principal: CurrentPrincipal,
    conn: Connection,
    side: Annotated[
        Literal["coach", "athlete"] | None,
        Query(description="Only the grants where you are the coach, or the athlete."),
    ] = None,
) -> list[Grant]:
    """Your grants, pending and live first: invitations to answer, athletes you coach,
    coaches you let in."""
    return await views.list_grants(conn, principal.account_id, side)


@router.get("/coaching/grants/{grant_id}", response_model=Grant, responses=problems(404))
async def get_grant(grant_id: UUID, principal: CurrentPrincipal, conn: Connection) -> Grant:
    """One of your grants; 404 if you are neither its coach nor its athlete."""
    found = await views.get_grant(conn, principal.account_id, grant_id)
    if found is None:
        raise NotFoundError(f"grant {grant_id} not found")
    return found


@router.get("/me/data-accesses", response_model=DataAccessPage, responses=problems(400))
async def data_accesses(
    principal: CurrentPrincipal,
    conn: Connection,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500, pattern=CURSOR_PATTERN)] = None,
) -> DataAccessPage:
    """Every time a coach was let into your data, newest first: who, which scope, until when."""
    return await views.accesses(conn, principal.account_id, limit=limit, cursor=cursor)
