"""Your own account over HTTP (`/me`): profile, training preferences and privacy; the login
e-mail and password, each only with the current password; the avatar, uploaded straight to
storage and then checked and resized by a worker."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response

from commands.errors import WrongPasswordError
from commands.http import AccountSender, IdempotencyKey, answer, build, new_id
from commands.identity.throttle import PasswordGuard
from commands.uploads import UploadTicket, upload_ticket
from contracts.commands import CommandAccepted
from contracts.identity.avatars import AvatarUploadCreate, avatar_upload_key
from contracts.identity.commands import (
    AccountErasure,
    ChangeEmail,
    ChangePassword,
    EmailChange,
    EraseAccount,
    PasswordChange,
    RemoveAvatar,
    RequestAvatarUpload,
    SetPrivacy,
    SetTrainingPreferences,
    SubmitAvatar,
    UpdateProfile,
)
from contracts.identity.profile import PrivacySetting, ProfileChange, TrainingPreferences
from infra.http_blobs import Blobs
from infra.problems import problems
from infra.settings import Settings

router = APIRouter(prefix="/me", tags=["profiles"])


@router.patch("/profile", response_model=CommandAccepted)
async def update_profile(
    body: ProfileChange, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Change your display name, bio, units, time zone or week start; fields left out keep
    their value."""
    command = build(UpdateProfile, account_id=sender.account_id,
                    **body.model_dump(exclude_unset=True))  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/training-preferences", response_model=CommandAccepted)
async def set_training_preferences(
    body: TrainingPreferences, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """The days you can train, your long-run day, your goals and weekly targets."""
    command = build(SetTrainingPreferences, account_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.put("/privacy", response_model=CommandAccepted)
async def set_privacy(
    body: PrivacySetting, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Who sees your profile: everyone signed in, approved followers, or nobody."""
    command = build(SetPrivacy, account_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.put("/email", response_model=CommandAccepted, responses=problems(403, 409, 429))
async def change_email(
    body: EmailChange, sender: AccountSender, guard: PasswordGuard
) -> CommandAccepted:
    """Change your login e-mail; 403 if the current password is wrong (repeated failures lock
    the change for a while: 429), 409 if another account has that e-mail."""
    await guard.admit()
    command = build(ChangeEmail, account_id=sender.account_id, **body.model_dump())
    try:
        return (await sender.send(command)).value
    except WrongPasswordError:
        await guard.failed()
        raise


@router.put("/password", response_model=CommandAccepted, responses=problems(403, 422, 429))
async def change_password(
    body: PasswordChange, sender: AccountSender, guard: PasswordGuard
) -> CommandAccepted:
    """Change your password and end every other login (their tokens stop working at once; this
    one stays). 403 if the current password is wrong, 422 if the new one is too easy to guess."""
    await guard.admit()
    assert sender.principal is not None
    command = build(ChangePassword, account_id=sender.account_id,
                    session_id=sender.principal.session_id, **body.model_dump())  # fmt: skip
    try:
        return (await sender.send(command)).value
    except WrongPasswordError:
        await guard.failed()
        raise


@router.post("/erasure", response_model=CommandAccepted, responses=problems(403, 429))
async def erase_account(
    body: AccountErasure, sender: AccountSender, guard: PasswordGuard
) -> CommandAccepted:
    """Erase your account for good (export your data first: `POST /documents/data-exports`).
    Every login ends at once and the e-mail is free again; the account's key is destroyed, so
    the personal data its events carry (e-mail, names, notes, posts, comments, chat) can no
    longer be read anywhere, and every read model drops what it held of you. 403 if the
    current password is wrong."""
    await guard.admit()
    command = build(EraseAccount, account_id=sender.account_id, **body.model_dump())
    try:
        return (await sender.send(command)).value
    except WrongPasswordError:
        await guard.failed()
        raise


@router.post("/avatar/uploads", status_code=201, response_model=UploadTicket)
async def request_avatar_upload(
    body: AvatarUploadCreate, sender: AccountSender, blobs: Blobs, request: Request,
    response: Response, key: IdempotencyKey = None,
) -> UploadTicket:  # fmt: skip
    """Reserve an avatar upload (JPEG, PNG or WebP, at most 10 MiB) and get a URL for it; then
    submit it."""
    settings: Settings = request.app.state.settings
    upload_id = new_id(sender, key)
    command = build(RequestAvatarUpload, account_id=sender.account_id, upload_id=upload_id,
                    **body.model_dump())  # fmt: skip
    accepted = answer(await sender.send(command, key), response)
    return upload_ticket(
        blobs, settings, accepted, upload_id, avatar_upload_key(sender.account_id, upload_id),
        body.content_type, body.size_bytes,
    )  # fmt: skip


@router.post(
    "/avatar/uploads/{upload_id}/submit",
    status_code=202,
    response_model=CommandAccepted,
    responses=problems(404, 409, 503),
)
async def submit_avatar(
    upload_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Have the uploaded picture checked and resized; it becomes your avatar when it is an
    image (see `GET /me` on the query API). 409 if nothing was uploaded yet or it was
    submitted."""
    command = build(SubmitAvatar, account_id=sender.account_id, upload_id=upload_id)
    return answer(await sender.send(command, key), response)


@router.delete("/avatar", response_model=CommandAccepted, responses=problems(409))
async def remove_avatar(
    sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Show no picture; 409 if there is none."""
    command = build(RemoveAvatar, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)
