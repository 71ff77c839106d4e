"""Training context, read side: runs and plans."""

from fastapi import APIRouter

from queries.training.plan_routes import router as plan_router
from queries.training.run_routes import router as run_router

router = APIRouter()
router.include_router(run_router)
router.include_router(plan_router)

__all__ = ["router"]
