"""Identity context, write side: accounts, their credentials and login sessions."""

from __future__ import annotations

from commands.identity.credentials import Credentials, PostgresCredentials
from commands.identity.handlers import end_session, log_in, refresh_session, register_account
from commands.identity.passwords import Passwords
from commands.identity.routes import router
from commands.identity.sessions import PostgresRefreshTokens, RefreshTokens
from infra.redis import namespace, redis_client
from infra.sessions import LiveSessions
from infra.settings import Settings

HANDLERS = (register_account, log_in, refresh_session, end_session)
STORES = {Credentials: PostgresCredentials, RefreshTokens: PostgresRefreshTokens}


def dependencies(settings: Settings) -> dict[str, object]:
    return {
        "passwords": Passwords(),
        "signing_key": settings.signing_key,
        "sessions": LiveSessions(redis_client(settings), namespace(settings)),
    }


__all__ = ["HANDLERS", "STORES", "dependencies", "router"]
