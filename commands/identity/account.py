"""The Account aggregate: who the person is to others (profile, avatar, privacy) and how they
train. Credentials live beside it (`credentials.py`), never in its events."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError, NotFoundError, NotPermittedError, RuleViolationError
from contracts.events import DomainEvent
from contracts.identity.commands import (
    AcceptAvatar,
    RegisterAccount,
    RejectAvatar,
    RequestAvatarUpload,
    SetPrivacy,
    SetTrainingPreferences,
    UpdateProfile,
)
from contracts.identity.events import (
    AccountDisabled,
    AccountEnabled,
    AccountErased,
    AccountFilesErased,
    AccountRegistered,
    AvatarAccepted,
    AvatarRejected,
    AvatarRemoved,
    AvatarSubmitted,
    AvatarUploadRequested,
    EmailChanged,
    PasswordChanged,
    PrivacyChanged,
    ProfileUpdated,
    RoleChanged,
    TrainingPreferencesSet,
)
from contracts.identity.profile import (
    DEFAULT_TIME_ZONE,
    DEFAULT_UNITS,
    DEFAULT_VISIBILITY,
    DEFAULT_WEEK_START,
    Role,
)

PROFILE_FIELDS = ("display_name", "bio", "units", "time_zone", "week_start")


class Account(Aggregate):
    stream_type = "account"

    email: str
    role: Role
    display_name: str
    bio = ""
    units = DEFAULT_UNITS
    time_zone = DEFAULT_TIME_ZONE
    week_start = DEFAULT_WEEK_START
    visibility = DEFAULT_VISIBILITY
    disabled = False
    erased = False

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.uploads: dict[UUID, str] = {}
        """Avatar uploads by id: requested, submitted, accepted or rejected."""
        self.content_types: dict[UUID, str] = {}
        self.avatar: UUID | None = None

    @classmethod
    def register(cls, cmd: RegisterAccount) -> Self:
        account = cls(str(cmd.account_id))
        account.record(
            AccountRegistered(
                account_id=cmd.account_id,
                email=cmd.email,
                display_name=cmd.display_name,
                role=cmd.role,
            )
        )
        return account

    @property
    def account_id(self) -> UUID:
        return UUID(self.id)

    def update_profile(self, cmd: UpdateProfile) -> None:
        current = {name: getattr(self, name) for name in PROFILE_FIELDS}
        asked = {
            name: value for name in PROFILE_FIELDS if (value := getattr(cmd, name)) is not None
        }
        if {**current, **asked} != current:  # the same profile again records nothing
            self.record(ProfileUpdated(account_id=self.account_id, **{**current, **asked}))

    def set_training_preferences(self, cmd: SetTrainingPreferences) -> None:
        self.record(
            TrainingPreferencesSet(
                account_id=self.account_id,
                **cmd.model_dump(exclude={"account_id"}),
            )
        )

    def set_privacy(self, cmd: SetPrivacy) -> None:
        if cmd.visibility != self.visibility:
            self.record(PrivacyChanged(account_id=self.account_id, visibility=cmd.visibility))

    def change_email(self, email: str) -> None:
        if email == self.email:
            raise ConflictError("this is already the account's e-mail")
        self.record(EmailChanged(account_id=self.account_id, email=email))

    def change_password(self, sessions_ended: int) -> None:
        self.record(PasswordChanged(account_id=self.account_id, sessions_ended=sessions_ended))

    def request_avatar_upload(self, cmd: RequestAvatarUpload) -> None:
        if cmd.upload_id in self.uploads:
            raise ConflictError(f"upload {cmd.upload_id} exists already")
        self.record(
            AvatarUploadRequested(
                account_id=self.account_id, upload_id=cmd.upload_id,
                content_type=cmd.content_type, size_bytes=cmd.size_bytes,
            )
        )  # fmt: skip

    def check_avatar_upload_open(self, upload_id: UUID) -> None:
        self._check_upload(upload_id, "requested")

    def submit_avatar(self, upload_id: UUID) -> None:
        self._check_upload(upload_id, "requested")
        self.record(
            AvatarSubmitted(
                account_id=self.account_id, upload_id=upload_id,
                content_type=self.content_types[upload_id],
            )
        )  # fmt: skip

    def accept_avatar(self, cmd: AcceptAvatar) -> None:
        if self.uploads.get(cmd.upload_id) in ("accepted", "rejected"):
            return  # the job ran twice: its first outcome stands
        self._check_upload(cmd.upload_id, "submitted")
        self.record(
            AvatarAccepted(account_id=self.account_id, upload_id=cmd.upload_id, sizes=cmd.sizes)
        )

    def reject_avatar(self, cmd: RejectAvatar) -> None:
        if self.uploads.get(cmd.upload_id) in ("accepted", "rejected"):
            return
        self._check_upload(cmd.upload_id, "submitted")
        self.record(
            AvatarRejected(account_id=self.account_id, upload_id=cmd.upload_id, reason=cmd.reason)
        )

    def remove_avatar(self) -> None:
        if self.avatar is None:
            raise ConflictError("the account has no avatar")
        self.record(AvatarRemoved(account_id=self.account_id))

    def appoint(self, role: Role) -> None:
        if role != self.role:
            self.record(RoleChanged(account_id=self.account_id, role=role))

    def check_admin(self) -> None:
        if self.role != "admin" or self.disabled:
            raise NotPermittedError("only an admin does this")

    def disable(self, admin_id: UUID, reason: str, sessions_ended: int) -> None:
        if admin_id == self.account_id:
            raise RuleViolationError("an admin does not disable their own account")
        if self.disabled:
            raise ConflictError(f"account {self.id} is disabled already")
        self.record(AccountDisabled(account_id=self.account_id, admin_id=admin_id, reason=reason,
                                    sessions_ended=sessions_ended))  # fmt: skip

    def erase(self, at: datetime) -> None:
        if self.erased:
            raise ConflictError(f"account {self.id} was erased already")
        self.record(AccountErased(account_id=self.account_id, erased_at=at))

    def report_file_erasure(self, removed: int, failure: str | None) -> None:
        if not self.erased:
            raise ConflictError(f"account {self.id} was not erased")
        self.record(AccountFilesErased(account_id=self.account_id, removed=removed,
                                       failure=failure))  # fmt: skip

    def enable(self, admin_id: UUID) -> None:
        if not self.disabled:
            raise ConflictError(f"account {self.id} is not disabled")
        self.record(AccountEnabled(account_id=self.account_id, admin_id=admin_id))

    def _check_upload(self, upload_id: UUID, state: str) -> None:
        found = self.uploads.get(upload_id)
        if found is None:
            raise NotFoundError(f"avatar upload {upload_id} does not exist")
        if found != state:
            raise ConflictError(f"avatar upload {upload_id} is {found}, not {state}")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AccountRegistered():
                self.email, self.role = event.email, event.role
                self.display_name = event.display_name
            case ProfileUpdated():
                for name in PROFILE_FIELDS:
                    setattr(self, name, getattr(event, name))
            case PrivacyChanged():
                self.visibility = event.visibility
            case EmailChanged():
                self.email = event.email
            case AvatarUploadRequested():
                self.uploads[event.upload_id] = "requested"
                self.content_types[event.upload_id] = event.content_type
            case AvatarSubmitted():
                self.uploads[event.upload_id] = "submitted"
            case AvatarAccepted():
                self.uploads[event.upload_id] = "accepted"
                self.avatar = event.upload_id
            case AvatarRejected():
                self.uploads[event.upload_id] = "rejected"
            case AvatarRemoved():
                self.avatar = None
            case RoleChanged():
                self.role = event.role
            case AccountDisabled():
                self.disabled = True
            case AccountEnabled():
                self.disabled = False
            case AccountErased():
                self.erased = True
            case TrainingPreferencesSet() | PasswordChanged():
                pass
