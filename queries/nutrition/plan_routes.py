"""Meal plan queries over HTTP: your plans, one plan (status, the week, the latest swap) and its
shopping list by aisle."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from sqlalchemy import text

from contracts.nutrition.plans import MealPlanWeek
from contracts.nutrition.reads import (
    MEAL_PLANS,
    MealPlanPublic,
    MealPlanSummary,
    ShoppingAisle,
    ShoppingList,
    SwapStatus,
)
from infra.problems import problems
from queries.access import ReadNutrition
from queries.http import Connection, Consistent, NotFoundError

router = APIRouter(prefix="/nutrition/meal-plans", tags=["nutrition"],
                   dependencies=[Consistent(MEAL_PLANS)])  # fmt: skip
PLANS = text(
    "SELECT plan_id, week_start, status, reason, version FROM meal_plans_view "
    "WHERE athlete_id = :athlete ORDER BY requested_at DESC, plan_id LIMIT :limit"
)
PLAN = text(
    "SELECT plan_id, week_start, status, reason, week, swap_id, swap_status, swap_reason, "
    "version FROM meal_plans_view WHERE plan_id = :plan AND athlete_id = :athlete"
)


@router.get("", response_model=list[MealPlanSummary])
async def list_meal_plans(
    subject: ReadNutrition, conn: Connection,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[MealPlanSummary]:  # fmt: skip
    """Your meal plans, the latest asked for first."""
    rows = await conn.execute(PLANS, {"athlete": subject.athlete_id, "limit": limit})
    return [MealPlanSummary(**row._mapping) for row in rows]


async def _plan(conn: Connection, plan_id: UUID, athlete: UUID) -> MealPlanPublic:
    row = (await conn.execute(PLAN, {"plan": plan_id, "athlete": athlete})).first()
    if row is None:
        raise NotFoundError(f"meal plan {plan_id} not found")
    swap = None
    if row.swap_id is not None:
        swap = SwapStatus(swap_id=row.swap_id, status=row.swap_status, reason=row.swap_reason)
    return MealPlanPublic(
        plan_id=row.plan_id, week_start=row.week_start, status=row.status, reason=row.reason,
        version=row.version, week=row.week, swap=swap,
    )  # fmt: skip


@router.get("/{plan_id}", response_model=MealPlanPublic, responses=problems(404))
async def get_meal_plan(plan_id: UUID, subject: ReadNutrition, conn: Connection) -> MealPlanPublic:
    """One of your meal plans: requested, planning, ready (the seven days, each meal with its
    recipe, servings and nutrition, each day's totals against its targets) or failed with what
    to change; and the latest swap's status. 404 if it does not exist or is not yours."""
    return await _plan(conn, plan_id, subject.athlete_id)


@router.get("/{plan_id}/shopping-list", response_model=ShoppingList, responses=problems(404))
async def shopping_list(plan_id: UUID, subject: ReadNutrition, conn: Connection) -> ShoppingList:
    """The week's groceries for a ready plan: each food summed over every meal, in household
    units, by aisle."""
    plan = await _plan(conn, plan_id, subject.athlete_id)
    if plan.week is None:
        raise NotFoundError(f"meal plan {plan_id} is {plan.status}; it has no shopping list yet")
    return ShoppingList(plan_id=plan.plan_id, week_start=plan.week_start,
                        aisles=_aisles(plan.week))  # fmt: skip


def _aisles(week: MealPlanWeek) -> list[ShoppingAisle]:
    aisles: dict[str, ShoppingAisle] = {}
    for item in week.shopping_list:
        aisles.setdefault(item.aisle, ShoppingAisle(aisle=item.aisle, items=[])).items.append(item)
    return [aisles[name] for name in sorted(aisles)]
