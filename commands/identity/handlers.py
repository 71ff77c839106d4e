"""One handler per identity command. Access tokens live 15 minutes; refresh tokens live 7 days,
rotate on every use, and the reuse of a spent refresh token revokes its whole login."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from commands.errors import AuthenticationError, ConflictError, SessionRevokedError
from commands.identity.account import Account
from commands.identity.credentials import Credential, Credentials
from commands.identity.passwords import Passwords
from commands.identity.sessions import RefreshToken, RefreshTokens, digest
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted, Done
from contracts.identity.commands import EndSession, LogIn, RefreshSession, RegisterAccount
from contracts.identity.reads import TokenPair
from infra.tokens import ACCESS_TOKEN_TTL, Principal, issue_access_token

REFRESH_TOKEN_TTL = timedelta(days=7)


async def register_account(
    cmd: RegisterAccount, uow: UnitOfWork, passwords: Passwords
) -> CommandAccepted:
    account = Account.register(cmd)
    credential = Credential(cmd.account_id, cmd.email, await passwords.hash(cmd.password), cmd.role)
    if not await uow.store(Credentials).add(credential):
        raise ConflictError("an account with this e-mail already exists")
    return await uow.save(account)


async def log_in(cmd: LogIn, uow: UnitOfWork, passwords: Passwords, signing_key: str) -> TokenPair:
    credential = await uow.store(Credentials).by_email(cmd.email.lower())
    stored_hash = credential.password_hash if credential else None
    if not await passwords.verify(stored_hash, cmd.password) or credential is None:
        raise AuthenticationError("wrong e-mail or password")
    return await _issue(uow, credential, uuid4(), signing_key)


async def refresh_session(cmd: RefreshSession, uow: UnitOfWork, signing_key: str) -> TokenPair:
    tokens = uow.store(RefreshTokens)
    now = datetime.now(UTC)
    token = await tokens.locked(digest(cmd.refresh_token))
    if token is None or token.revoked_at is not None:
        raise AuthenticationError("refresh token is not valid")
    if token.used_at is not None:
        # A spent token came back: someone holds a copy. End the whole login.
        await tokens.revoke_family(token.family_id, now)
        raise SessionRevokedError("refresh token was already used; the session is revoked")
    if token.expires_at <= now:
        raise AuthenticationError("refresh token has expired")
    credential = await uow.store(Credentials).by_account(token.account_id)
    if credential is None:
        raise AuthenticationError("refresh token is not valid")
    await tokens.spend(token.token_hash, now)
    return await _issue(uow, credential, token.family_id, signing_key, now)


async def end_session(cmd: EndSession, uow: UnitOfWork) -> Done:
    tokens = uow.store(RefreshTokens)
    token = await tokens.locked(digest(cmd.refresh_token))
    if token is not None:
        await tokens.revoke_family(token.family_id, datetime.now(UTC))
    return Done()


async def _issue(
    uow: UnitOfWork,
    credential: Credential,
    family_id: UUID,
    signing_key: str,
    now: datetime | None = None,
) -> TokenPair:
    issued = now or datetime.now(UTC)
    refresh = secrets.token_urlsafe(32)
    await uow.store(RefreshTokens).add(
        RefreshToken(
            token_hash=digest(refresh),
            family_id=family_id,
            account_id=credential.account_id,
            issued_at=issued,
            expires_at=issued + REFRESH_TOKEN_TTL,
        )
    )
    principal = Principal(credential.account_id, credential.role)
    return TokenPair(
        access_token=issue_access_token(principal, signing_key, now=issued),
        refresh_token=refresh,
        expires_in=int(ACCESS_TOKEN_TTL.total_seconds()),
    )
