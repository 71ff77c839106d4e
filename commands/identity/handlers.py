"""One handler per identity command. Access tokens live 15 minutes and name their login session;
refresh tokens live 7 days and rotate on every use. A spent refresh token that comes back ends
the whole login — unless the client that spent it presents it again within a few seconds (two
tabs refreshing at once, a retry after a lost answer): that client gets another pair."""

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
from infra.sessions import Sessions
from infra.tokens import ACCESS_TOKEN_TTL, Principal, issue_access_token

REFRESH_TOKEN_TTL = timedelta(days=7)
REUSE_GRACE = timedelta(seconds=30)


async def register_account(
    cmd: RegisterAccount, uow: UnitOfWork, passwords: Passwords
) -> CommandAccepted:
    account = Account.register(cmd)
    credential = Credential(cmd.account_id, cmd.email, await passwords.hash(cmd.password), cmd.role)
    if not await uow.store(Credentials).add(credential):
        raise ConflictError("an account with this e-mail already exists")
    return await uow.save(account)


async def log_in(
    cmd: LogIn, uow: UnitOfWork, passwords: Passwords, signing_key: str, sessions: Sessions
) -> TokenPair:
    credential = await uow.store(Credentials).by_email(cmd.email.lower())
    stored_hash = credential.password_hash if credential else None
    if not await passwords.verify(stored_hash, cmd.password) or credential is None:
        raise AuthenticationError("wrong e-mail or password")
    if credential.disabled:
        raise AuthenticationError("this account is disabled")
    return await _issue(uow, sessions, credential, uuid4(), signing_key)


async def refresh_session(
    cmd: RefreshSession, uow: UnitOfWork, signing_key: str, sessions: Sessions
) -> TokenPair:
    tokens = uow.store(RefreshTokens)
    now = datetime.now(UTC)
    token = await tokens.locked(digest(cmd.refresh_token))
    if token is None or token.revoked_at is not None:
        raise AuthenticationError("refresh token is not valid")
    if token.expires_at <= now:
        raise AuthenticationError("refresh token has expired")
    if token.used_at is not None and not _same_client_again(token, cmd.client, now):
        # A spent token came back from elsewhere, or late: someone holds a copy. End the login.
        await tokens.revoke_family(token.family_id, now)
        await sessions.close(token.family_id)
        raise SessionRevokedError("refresh token was already used; the session is revoked")
    credential = await uow.store(Credentials).by_account(token.account_id)
    if credential is None or credential.disabled:
        raise AuthenticationError("refresh token is not valid")
    if token.used_at is None:
        await tokens.spend(token.token_hash, now, cmd.client)
    return await _issue(uow, sessions, credential, token.family_id, signing_key, now)


async def end_session(cmd: EndSession, uow: UnitOfWork, sessions: Sessions) -> Done:
    tokens = uow.store(RefreshTokens)
    token = await tokens.locked(digest(cmd.refresh_token))
    if token is not None:
        await tokens.revoke_family(token.family_id, datetime.now(UTC))
        await sessions.close(token.family_id)
    return Done()


def _same_client_again(token: RefreshToken, client: str, now: datetime) -> bool:
    assert token.used_at is not None
    return token.spent_by == client and now - token.used_at <= REUSE_GRACE


async def _issue(
    uow: UnitOfWork,
    sessions: Sessions,
    credential: Credential,
    session_id: UUID,
    signing_key: str,
    now: datetime | None = None,
) -> TokenPair:
    issued = now or datetime.now(UTC)
    refresh = secrets.token_urlsafe(32)
    await uow.store(RefreshTokens).add(
        RefreshToken(
            token_hash=digest(refresh),
            family_id=session_id,
            account_id=credential.account_id,
            issued_at=issued,
            expires_at=issued + REFRESH_TOKEN_TTL,
        )
    )
    # Live until the last refresh token of the login expires, unless it ends before.
    await sessions.open(session_id, credential.account_id, REFRESH_TOKEN_TTL)
    principal = Principal(credential.account_id, credential.role, session_id)
    return TokenPair(
        access_token=issue_access_token(principal, signing_key, now=issued),
        refresh_token=refresh,
        expires_in=int(ACCESS_TOKEN_TTL.total_seconds()),
    )
