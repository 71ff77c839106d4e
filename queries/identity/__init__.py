"""Identity context, read side: your profile, the cards of others, coaching grants and the
accesses of coaches, and system counts for admins."""

from fastapi import APIRouter

from queries.identity.admin_routes import router as admin_router
from queries.identity.grant_routes import router as grant_router
from queries.identity.profile_routes import router as profile_router

router = APIRouter()
router.include_router(profile_router)
router.include_router(grant_router)
router.include_router(admin_router)

__all__ = ["router"]
