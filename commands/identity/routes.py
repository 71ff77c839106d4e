"""Accounts and login sessions over HTTP."""

from __future__ import annotations

import hashlib
from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Depends, Form, Request, Response

from commands.errors import AuthenticationError
from commands.http import AnonymousSender, build
from commands.identity.throttle import LoginGuard, registration_limit
from contracts.commands import CommandAccepted
from contracts.identity.commands import (
    AccountCreate,
    EndSession,
    LogIn,
    LogInForm,
    RefreshRequest,
    RefreshSession,
    RegisterAccount,
)
from contracts.identity.reads import TokenPair
from infra.http_throttle import client_address
from infra.problems import problems

router = APIRouter(prefix="/auth", tags=["auth"])
# RFC 6749 §5.1: responses carrying tokens must not be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@router.post(
    "/register",
    status_code=201,
    response_model=CommandAccepted,
    responses=problems(409),
    dependencies=[Depends(registration_limit)],
)
async def register(body: AccountCreate, sender: AnonymousSender) -> CommandAccepted:
    """Create an athlete or coach account; 409 if the e-mail is taken."""
    command = build(RegisterAccount, account_id=uuid4(), **body.model_dump())
    return (await sender.send(command)).value


@router.post("/token", response_model=TokenPair, responses=problems(401))
async def log_in(
    form: Annotated[LogInForm, Form()],
    sender: AnonymousSender,
    throttle: LoginGuard,
    response: Response,
) -> TokenPair:
    """Log in with e-mail (as `username`) and password (OAuth2 password form). Repeated failures
    lock the account for a while (429 with `Retry-After`)."""
    command = build(LogIn, email=form.username, password=form.password)
    email = command.email.lower()
    await throttle.admit(email)
    try:
        tokens = (await sender.send(command)).value
    except AuthenticationError:
        await throttle.failed(email)
        raise
    await throttle.succeeded(email)
    response.headers.update(NO_STORE)
    return tokens


@router.post("/refresh", response_model=TokenPair, responses=problems(401))
async def refresh(
    body: RefreshRequest, request: Request, sender: AnonymousSender, response: Response
) -> TokenPair:
    """Swap a refresh token for a new pair. Reusing a spent one revokes the whole login, except
    from the same client within a few seconds (two tabs, a retry)."""
    command = build(RefreshSession, refresh_token=body.refresh_token, client=_client(request))
    tokens = (await sender.send(command)).value
    response.headers.update(NO_STORE)
    return tokens


@router.post("/logout", status_code=204)
async def log_out(command: EndSession, sender: AnonymousSender) -> Response:
    """End the login that issued this refresh token: its access tokens stop working at once."""
    await sender.send(command)
    return Response(status_code=204)


def _client(request: Request) -> str:
    agent = request.headers.get("user-agent", "")
    return hashlib.sha256(f"{client_address(request)}\n{agent}".encode()).hexdigest()[:32]
