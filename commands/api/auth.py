"""Accounts and login sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.api.gateway import accepted, message_context
from commands.errors import AuthenticationError
from commands.identity import sessions
from commands.identity.handlers import register_account
from commands.unit_of_work import UnitOfWork
from contracts.commands.identity import EndSession, RefreshSession, RegisterAccount
from contracts.reads.common import CommandAccepted, TokenPair
from infra.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)


@router.post("/register", status_code=201, response_model=CommandAccepted)
async def register(cmd: RegisterAccount, request: Request) -> CommandAccepted:
    """Create an athlete or coach account; 409 if the e-mail is taken."""
    async with UnitOfWork(request.app.state.engine, message_context(request, None)) as uow:
        account = await register_account(cmd, uow)
        await uow.commit()
    return accepted(account)


async def _in_transaction(request: Request, work: sessions.SessionWork) -> TokenPair:
    engine: AsyncEngine = request.app.state.engine
    async with engine.connect() as connection:
        try:
            tokens = await work(connection, request.app.state.settings.signing_key)
        except AuthenticationError:
            # Keep what the check wrote (a revoked token family) before refusing.
            await connection.commit()
            raise
        await connection.commit()
    return TokenPair(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
    )


@router.post("/token", response_model=TokenPair)
async def log_in(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request
) -> TokenPair:
    """Log in with e-mail (as `username`) and password (OAuth2 password form)."""
    return await _in_transaction(
        request, lambda conn, key: sessions.log_in(conn, form.username, form.password, key)
    )


@router.post("/refresh", response_model=TokenPair)
async def refresh(cmd: RefreshSession, request: Request) -> TokenPair:
    """Swap a refresh token for a new pair. Reusing a spent one revokes the whole login."""
    return await _in_transaction(
        request, lambda conn, key: sessions.refresh(conn, cmd.refresh_token, key)
    )


@router.post("/logout", status_code=204)
async def log_out(cmd: EndSession, request: Request) -> Response:
    """End the login that issued this refresh token."""
    async with request.app.state.engine.begin() as connection:
        await sessions.log_out(connection, cmd.refresh_token)
    return Response(status_code=204)
