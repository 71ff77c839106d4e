"""One handler per administration command: appointing an admin, disabling an account (every
login ends at once: refresh tokens revoked, live sessions closed, so access tokens are refused on
the next request) and enabling it again. The admin's role is read from their own account."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from commands.errors import NotFoundError
from commands.identity.account import Account
from commands.identity.credentials import Credentials
from commands.identity.sessions import RefreshTokens
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.identity.admin import AppointAdmin, DisableAccount, EnableAccount
from infra.sessions import Sessions

KEEP_NONE = UUID(int=0)
"""No login of a disabled account is kept."""


async def appoint_admin(cmd: AppointAdmin, uow: UnitOfWork) -> CommandAccepted:
    credentials = uow.store(Credentials)
    credential = await credentials.by_email(cmd.email.strip().lower())
    if credential is None:
        raise NotFoundError(f"no account has the e-mail {cmd.email}")
    account = await uow.load(Account, str(credential.account_id))
    account.appoint("admin")
    await credentials.set_role(credential.account_id, "admin")
    return await uow.save(account)


async def disable_account(
    cmd: DisableAccount, uow: UnitOfWork, sessions: Sessions
) -> CommandAccepted:
    (await uow.load(Account, str(cmd.admin_id))).check_admin()
    account = await uow.load(Account, str(cmd.account_id))
    ended = await uow.store(RefreshTokens).revoke_others(
        cmd.account_id, KEEP_NONE, datetime.now(UTC)
    )
    account.disable(cmd.admin_id, cmd.reason, len(ended))
    await uow.store(Credentials).set_disabled(cmd.account_id, True)
    for session in ended:
        await sessions.close(session)
    return await uow.save(account)


async def enable_account(cmd: EnableAccount, uow: UnitOfWork) -> CommandAccepted:
    (await uow.load(Account, str(cmd.admin_id))).check_admin()
    account = await uow.load(Account, str(cmd.account_id))
    account.enable(cmd.admin_id)
    await uow.store(Credentials).set_disabled(cmd.account_id, False)
    return await uow.save(account)
