"""Plan queries over HTTP."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from contracts.training.reads import PLANS, PlanDetail, PlanList
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.http import Connection, Consistent, NotFoundError
from queries.training import plan_views

router = APIRouter(prefix="/plans", tags=["plans"], dependencies=[Consistent(PLANS)])


@router.get("", response_model=PlanList)
async def list_plans(
    principal: CurrentPrincipal,
    conn: Connection,
    archived: Annotated[bool, Query(description="Include archived plans.")] = False,
) -> PlanList:
    """Your plans, the latest start first."""
    return PlanList(
        items=await plan_views.list_plans(conn, principal.account_id, archived=archived)
    )


@router.get("/{plan_id}", response_model=PlanDetail, responses=problems(404))
async def get_plan(plan_id: UUID, principal: CurrentPrincipal, conn: Connection) -> PlanDetail:
    """One of your plans with its workouts and weekly planned distance; 404 if it does not
    exist or is not yours."""
    plan = await plan_views.get_plan(conn, principal.account_id, plan_id)
    if plan is None:
        raise NotFoundError(f"plan {plan_id} not found")
    return plan
