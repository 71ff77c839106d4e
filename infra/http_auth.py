"""The `CurrentPrincipal` dependency: both APIs authenticate with the same access tokens, and
refuse a token whose login session is no longer live (see `infra/sessions.py`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from infra.problems import ProblemError, raises
from infra.sessions import LiveSessions
from infra.tokens import InvalidTokenError, Principal, read_access_token


class NotAuthenticatedError(ProblemError):
    status = 401
    problem_type = "unauthenticated"
    title = "Not authenticated"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


@raises(401)
async def current_principal(
    request: Request, token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    if token is None:
        raise NotAuthenticatedError("An access token is required (Authorization: Bearer …).")
    try:
        principal = read_access_token(token, request.app.state.settings.signing_key)
    except InvalidTokenError:
        raise NotAuthenticatedError("The access token is invalid or expired.") from None
    sessions: LiveSessions = request.app.state.sessions
    if not await sessions.is_live(principal.session_id, principal.account_id):
        raise NotAuthenticatedError("The login session of this access token has ended.")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
