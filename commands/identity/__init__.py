"""Identity context, write side: accounts, their credentials and login sessions, profiles and
avatars, coaching grants, administration."""

from __future__ import annotations

from fastapi import APIRouter

from commands.identity.admin_handlers import appoint_admin, disable_account, enable_account
from commands.identity.admin_routes import router as admin_router
from commands.identity.credentials import Credentials, PostgresCredentials
from commands.identity.delegation import admit_coach
from commands.identity.grant_handlers import (
    accept_grant,
    change_grant_scopes,
    decline_grant,
    invite_athlete,
    invite_coach,
    open_athlete_access,
    revoke_grant,
)
from commands.identity.grant_routes import router as grant_router
from commands.identity.handlers import end_session, log_in, refresh_session, register_account
from commands.identity.passwords import Passwords
from commands.identity.profile_handlers import (
    accept_avatar,
    change_email,
    change_password,
    erase_account,
    reject_avatar,
    remove_avatar,
    report_file_erasure,
    request_avatar_upload,
    set_privacy,
    set_training_preferences,
    submit_avatar,
    update_profile,
)
from commands.identity.profile_routes import router as profile_router
from commands.identity.routes import router as auth_router
from commands.identity.sessions import PostgresRefreshTokens, RefreshTokens
from infra.redis import namespace, redis_client
from infra.sessions import LiveSessions
from infra.settings import Settings

HANDLERS = (
    register_account, log_in, refresh_session, end_session,
    update_profile, set_training_preferences, set_privacy, change_email, change_password,
    erase_account, report_file_erasure,
    request_avatar_upload, submit_avatar, accept_avatar, reject_avatar, remove_avatar,
    invite_athlete, invite_coach, accept_grant, decline_grant, change_grant_scopes, revoke_grant,
    open_athlete_access, appoint_admin, disable_account, enable_account,
)  # fmt: skip
STORES = {Credentials: PostgresCredentials, RefreshTokens: PostgresRefreshTokens}


def dependencies(settings: Settings) -> dict[str, object]:
    return {
        "passwords": Passwords(),
        "signing_key": settings.signing_key,
        "sessions": LiveSessions(redis_client(settings), namespace(settings)),
        "delegation": admit_coach,
    }


router = APIRouter()
router.include_router(auth_router)
router.include_router(profile_router)
router.include_router(grant_router)
router.include_router(admin_router)

__all__ = ["HANDLERS", "STORES", "dependencies", "router"]
