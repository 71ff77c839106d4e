"""Identity context, write side: accounts, their credentials and login sessions, profiles and
avatars."""

from __future__ import annotations

from fastapi import APIRouter

from commands.identity.credentials import Credentials, PostgresCredentials
from commands.identity.handlers import end_session, log_in, refresh_session, register_account
from commands.identity.passwords import Passwords
from commands.identity.profile_handlers import (
    accept_avatar,
    change_email,
    change_password,
    reject_avatar,
    remove_avatar,
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
    request_avatar_upload, submit_avatar, accept_avatar, reject_avatar, remove_avatar,
)  # fmt: skip
STORES = {Credentials: PostgresCredentials, RefreshTokens: PostgresRefreshTokens}


def dependencies(settings: Settings) -> dict[str, object]:
    return {
        "passwords": Passwords(),
        "signing_key": settings.signing_key,
        "sessions": LiveSessions(redis_client(settings), namespace(settings)),
    }


router = APIRouter()
router.include_router(auth_router)
router.include_router(profile_router)

__all__ = ["HANDLERS", "STORES", "dependencies", "router"]
