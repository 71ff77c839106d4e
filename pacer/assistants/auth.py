"""Who calls the MCP server: the same access tokens as both APIs (signature, expiry and a live
login session), so a logout or a password change cuts an assistant off at once too."""

from __future__ import annotations

import redis.asyncio as aioredis
from mcp.server.auth.provider import AccessToken

from infra.redis import namespace
from infra.sessions import LiveSessions
from infra.settings import Settings
from infra.tokens import InvalidTokenError, read_access_token


class PacerTokens:
    """The MCP SDK's `TokenVerifier` for Pacer's access tokens."""

    def __init__(self, settings: Settings, redis: aioredis.Redis) -> None:
        self.key = settings.signing_key
        self.sessions = LiveSessions(redis, namespace(settings))

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            principal = read_access_token(token, self.key)
        except InvalidTokenError:
            return None
        if not await self.sessions.is_live(principal.session_id, principal.account_id):
            return None
        return AccessToken(
            token=token, client_id="pacer", scopes=[principal.role],
            subject=str(principal.account_id),
        )  # fmt: skip
