"""Shoe queries over HTTP."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from contracts.training.reads import RUNS, SHOES, ShoeList, ShoePublic
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.http import Connection, Consistent, NotFoundError
from queries.training import shoe_views

router = APIRouter(prefix="/shoes", tags=["shoes"], dependencies=[Consistent(SHOES, RUNS)])


@router.get("", response_model=ShoeList)
async def list_shoes(principal: CurrentPrincipal, conn: Connection) -> ShoeList:
    """Your shoes with their distance (retired ones last), and an alert for each one past its
    limit."""
    shoes = await shoe_views.list_shoes(conn, principal.account_id)
    return ShoeList(items=shoes, alerts=shoe_views.alerts(shoes))


@router.get("/{shoe_id}", response_model=ShoePublic, responses=problems(404))
async def get_shoe(shoe_id: UUID, principal: CurrentPrincipal, conn: Connection) -> ShoePublic:
    found = await shoe_views.list_shoes(conn, principal.account_id, shoe_id)
    if not found:
        raise NotFoundError(f"shoe {shoe_id} not found")
    return found[0]
