"""Log-in throttling: every attempt counts against the client's address, and every failure
against the account, in growing windows (see `Settings.limit_login_*`). A throttled attempt is
refused with 429 before any password is hashed, so wrong logins cannot buy CPU; a successful
log-in clears the account's failures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from infra.http_auth import CurrentPrincipal
from infra.http_throttle import client_address, rate_limit
from infra.problems import raises
from infra.rate_limits import RateLimit
from infra.settings import Settings


class LoginThrottle:
    def __init__(self, per_address: RateLimit, per_account: RateLimit, address: str) -> None:
        self.per_address = per_address
        self.per_account = per_account
        self.address = address

    async def admit(self, email: str) -> None:
        """Raise a 429 problem when this address or this account must wait."""
        await self.per_account.check(email, "failed log-ins for this account")
        await self.per_address.take(self.address, "log-in attempts from your address")

    async def failed(self, email: str) -> None:
        await self.per_account.hit(email)

    async def succeeded(self, email: str) -> None:
        await self.per_account.clear(email)


@raises(429)
async def login_throttle(request: Request) -> LoginThrottle:
    settings: Settings = request.app.state.settings
    return LoginThrottle(
        rate_limit(request, "login-address", settings.limit_login_attempts_per_address),
        rate_limit(request, "login-account", settings.limit_login_failures_per_account),
        client_address(request),
    )


@raises(429)
async def registration_limit(request: Request) -> None:
    settings: Settings = request.app.state.settings
    limit = rate_limit(request, "register-address", settings.limit_registrations_per_address)
    await limit.take(client_address(request), "registrations from your address")


LoginGuard = Annotated[LoginThrottle, Depends(login_throttle)]


class PasswordCheckThrottle:
    """Wrong current passwords given to change the e-mail or password count against the account
    like failed log-ins: a stolen access token cannot be used to guess the password."""

    def __init__(self, failures: RateLimit, account: str) -> None:
        self.failures = failures
        self.account = account

    async def admit(self) -> None:
        await self.failures.check(self.account, "wrong current passwords for this account")

    async def failed(self) -> None:
        await self.failures.hit(self.account)


@raises(429)
async def password_check_throttle(
    request: Request, principal: CurrentPrincipal
) -> PasswordCheckThrottle:
    settings: Settings = request.app.state.settings
    limit = rate_limit(request, "password-check", settings.limit_login_failures_per_account)
    return PasswordCheckThrottle(limit, str(principal.account_id))


PasswordGuard = Annotated[PasswordCheckThrottle, Depends(password_check_throttle)]
