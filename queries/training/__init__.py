"""Training context, read side: runs, plans, shoes, analytics and the coach's roster."""

from fastapi import APIRouter

from queries.training.analytics_routes import router as analytics_router
from queries.training.plan_routes import router as plan_router
from queries.training.roster_routes import router as roster_router
from queries.training.run_routes import router as run_router
from queries.training.shoe_routes import router as shoe_router

router = APIRouter()
router.include_router(run_router)
router.include_router(plan_router)
router.include_router(shoe_router)
router.include_router(analytics_router)
router.include_router(roster_router)

__all__ = ["router"]
