"""One handler per profile command: the profile, training preferences and privacy; the login
e-mail and password (each only with the current password); the avatar's upload, its check by the
avatar job and its removal."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from pydantic_core import PydanticCustomError

from commands.errors import ConflictError, RuleViolationError, WrongPasswordError
from commands.identity.account import Account
from commands.identity.admin_handlers import KEEP_NONE
from commands.identity.credentials import Credential, Credentials
from commands.identity.passwords import Passwords
from commands.identity.sessions import RefreshTokens
from commands.unit_of_work import UnitOfWork
from commands.uploads import Uploads
from contracts.commands import CommandAccepted
from contracts.identity.avatars import avatar_upload_key
from contracts.identity.commands import (
    AcceptAvatar,
    ChangeEmail,
    ChangePassword,
    EraseAccount,
    RejectAvatar,
    RemoveAvatar,
    ReportFileErasure,
    RequestAvatarUpload,
    SetPrivacy,
    SetTrainingPreferences,
    SubmitAvatar,
    UpdateProfile,
    hard_to_guess,
)
from infra.sessions import Sessions


async def update_profile(cmd: UpdateProfile, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.update_profile(cmd)
    return await uow.save(account)


async def set_training_preferences(cmd: SetTrainingPreferences, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.set_training_preferences(cmd)
    return await uow.save(account)


async def set_privacy(cmd: SetPrivacy, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.set_privacy(cmd)
    return await uow.save(account)


async def change_email(cmd: ChangeEmail, uow: UnitOfWork, passwords: Passwords) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    credentials = uow.store(Credentials)
    await _check_password(credentials, passwords, cmd.account_id, cmd.current_password)
    account.change_email(cmd.email)
    if not await credentials.change_email(cmd.account_id, cmd.email):
        raise ConflictError("an account with this e-mail already exists")
    return await uow.save(account)


async def change_password(
    cmd: ChangePassword, uow: UnitOfWork, passwords: Passwords, sessions: Sessions
) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    credentials = uow.store(Credentials)
    credential = await _check_password(credentials, passwords, cmd.account_id, cmd.current_password)
    try:
        hard_to_guess(cmd.new_password, credential.email, account.display_name)
    except PydanticCustomError as weak:
        raise RuleViolationError(f"new_password: {weak.message()}") from None
    if await passwords.verify(credential.password_hash, cmd.new_password):
        raise RuleViolationError("new_password: the new password must differ from the current")
    await credentials.change_password(cmd.account_id, await passwords.hash(cmd.new_password))
    ended = await uow.store(RefreshTokens).revoke_others(
        cmd.account_id, cmd.session_id, datetime.now(UTC)
    )
    for session_id in ended:
        await sessions.close(session_id)
    account.change_password(len(ended))
    return await uow.save(account)


async def erase_account(
    cmd: EraseAccount, uow: UnitOfWork, passwords: Passwords, sessions: Sessions
) -> CommandAccepted:
    """The current password proves it is the owner; then every login ends, the credentials go
    and the account's key is destroyed, in the transaction that records the erasure."""
    account = await uow.load(Account, str(cmd.account_id))
    credentials = uow.store(Credentials)
    await _check_password(credentials, passwords, cmd.account_id, cmd.current_password)
    ended = await uow.store(RefreshTokens).revoke_others(
        cmd.account_id, KEEP_NONE, datetime.now(UTC)
    )
    await credentials.remove(cmd.account_id)
    await uow.erase_subject(cmd.account_id)
    account.erase(datetime.now(UTC))
    accepted = await uow.save(account)
    for session_id in ended:
        await sessions.close(session_id)
    return accepted


async def report_file_erasure(cmd: ReportFileErasure, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.report_file_erasure(cmd.removed, cmd.failure)
    return await uow.save(account)


async def request_avatar_upload(cmd: RequestAvatarUpload, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.request_avatar_upload(cmd)
    return await uow.save(account)


async def submit_avatar(cmd: SubmitAvatar, uow: UnitOfWork, uploads: Uploads) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.check_avatar_upload_open(cmd.upload_id)
    if await uploads.size_of(avatar_upload_key(cmd.account_id, cmd.upload_id)) is None:
        raise ConflictError(f"nothing was uploaded for avatar upload {cmd.upload_id} yet")
    account.submit_avatar(cmd.upload_id)
    return await uow.save(account)


async def accept_avatar(cmd: AcceptAvatar, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.accept_avatar(cmd)
    return await uow.save(account)


async def reject_avatar(cmd: RejectAvatar, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.reject_avatar(cmd)
    return await uow.save(account)


async def remove_avatar(cmd: RemoveAvatar, uow: UnitOfWork) -> CommandAccepted:
    account = await uow.load(Account, str(cmd.account_id))
    account.remove_avatar()
    return await uow.save(account)


async def _check_password(
    credentials: Credentials, passwords: Passwords, account_id: UUID, password: str
) -> Credential:
    credential = await credentials.by_account(account_id)
    stored = credential.password_hash if credential else None
    if not await passwords.verify(stored, password) or credential is None:
        raise WrongPasswordError("the current password is wrong")
    return credential
