"""Accounts and login sessions over HTTP."""

from __future__ import annotations

from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Depends, Response
from fastapi.security import OAuth2PasswordRequestForm

from commands.http import AnonymousSender, build
from contracts.commands import CommandAccepted
from contracts.identity.commands import (
    AccountCreate,
    EndSession,
    LogIn,
    RefreshSession,
    RegisterAccount,
)
from contracts.identity.reads import TokenPair
from infra.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)


@router.post("/register", status_code=201, response_model=CommandAccepted)
async def register(body: AccountCreate, sender: AnonymousSender) -> CommandAccepted:
    """Create an athlete or coach account; 409 if the e-mail is taken."""
    command = build(RegisterAccount, account_id=uuid4(), **body.model_dump())
    return (await sender.send(command)).value


@router.post("/token", response_model=TokenPair)
async def log_in(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], sender: AnonymousSender
) -> TokenPair:
    """Log in with e-mail (as `username`) and password (OAuth2 password form)."""
    command = build(LogIn, email=form.username, password=form.password)
    return (await sender.send(command)).value


@router.post("/refresh", response_model=TokenPair)
async def refresh(command: RefreshSession, sender: AnonymousSender) -> TokenPair:
    """Swap a refresh token for a new pair. Reusing a spent one revokes the whole login."""
    return (await sender.send(command)).value


@router.post("/logout", status_code=204)
async def log_out(command: EndSession, sender: AnonymousSender) -> Response:
    """End the login that issued this refresh token."""
    await sender.send(command)
    return Response(status_code=204)
