"""Nutrition context, read side: profile and targets, weights and days, meal plans and shopping
lists, recipes and search, recipe analyses, the coach's conversation."""

from fastapi import APIRouter

from queries.nutrition.coach_routes import router as coach_router
from queries.nutrition.plan_routes import router as plan_router
from queries.nutrition.profile_routes import router as profile_router
from queries.nutrition.recipe_routes import router as recipe_router

router = APIRouter()
for part in (profile_router, plan_router, recipe_router, coach_router):
    router.include_router(part)

__all__ = ["router"]
