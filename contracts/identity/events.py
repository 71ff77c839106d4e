"""Events of the identity context."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from contracts.events import DomainEvent
from contracts.identity.avatars import AvatarType
from contracts.identity.coaching import Party, Scope
from contracts.identity.profile import Goal, Role, Units, Visibility, Weekday, WeekStart
from contracts.personal import PersonalText


class AccountRegistered(DomainEvent):
    """A person created an account. No credentials travel in events."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    account_id: UUID
    email: PersonalText = Field(description="Login e-mail, lower-cased.")
    display_name: PersonalText
    role: Role


class ProfileUpdated(DomainEvent):
    """The account's profile as it now is (every field, changed or not)."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    account_id: UUID
    display_name: PersonalText
    bio: PersonalText
    units: Units
    time_zone: str
    week_start: WeekStart


class TrainingPreferencesSet(DomainEvent):
    """When and why the athlete trains, as they now are."""

    account_id: UUID
    days_available: list[Weekday]
    long_run_day: Weekday | None
    goals: list[Goal]
    weekly_distance_km: float | None
    sessions_per_week: int | None


class PrivacyChanged(DomainEvent):
    account_id: UUID
    visibility: Visibility


class EmailChanged(DomainEvent):
    """The login e-mail changed (the current password was given)."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    account_id: UUID
    email: PersonalText = Field(description="The new login e-mail, lower-cased.")


class PasswordChanged(DomainEvent):
    """The password changed (the current one was given); every other login was ended."""

    account_id: UUID
    sessions_ended: int


class AvatarUploadRequested(DomainEvent):
    account_id: UUID
    upload_id: UUID
    content_type: AvatarType
    size_bytes: int


class AvatarSubmitted(DomainEvent):
    """The uploaded picture is there and waits to be checked and resized."""

    account_id: UUID
    upload_id: UUID
    content_type: AvatarType


class AvatarAccepted(DomainEvent):
    """The picture is an image; its sizes are stored and it is the account's avatar now."""

    account_id: UUID
    upload_id: UUID
    sizes: list[int]


class AvatarRejected(DomainEvent):
    account_id: UUID
    upload_id: UUID
    reason: str


class AvatarRemoved(DomainEvent):
    account_id: UUID


class CoachingInvited(DomainEvent):
    """A coach invited an athlete, or an athlete a coach (then with the scopes chosen)."""

    grant_id: UUID
    coach_id: UUID
    athlete_id: UUID
    invited_by: Party
    scopes: list[Scope] = Field(description="Empty when the coach invited: the athlete chooses.")


class GrantAccepted(DomainEvent):
    """The grant is live: the coach may use `scopes` on the athlete's data."""

    grant_id: UUID
    coach_id: UUID
    athlete_id: UUID
    scopes: list[Scope]


class GrantDeclined(DomainEvent):
    grant_id: UUID
    coach_id: UUID
    athlete_id: UUID
    by: Party


class GrantScopesChanged(DomainEvent):
    """The athlete changed what a live grant allows."""

    grant_id: UUID
    coach_id: UUID
    athlete_id: UUID
    scopes: list[Scope]


class GrantRevoked(DomainEvent):
    """An invitation was withdrawn or a live grant ended, by either side."""

    grant_id: UUID
    coach_id: UUID
    athlete_id: UUID
    by: Party


class AthleteDataAccessed(DomainEvent):
    """A coach was let into the athlete's data for one scope, until `expires_at` (reads) or
    for one command (`write_training_plans`)."""

    grant_id: UUID
    coach_id: UUID
    athlete_id: UUID
    access_id: UUID
    scope: Scope
    accessed_at: datetime
    expires_at: datetime


class RoleChanged(DomainEvent):
    """The account was appointed to a role (admins are appointed, never registered)."""

    account_id: UUID
    role: Role


class AccountDisabled(DomainEvent):
    """An admin disabled the account: every login ended, no new one until it is enabled."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    account_id: UUID
    admin_id: UUID
    reason: PersonalText = Field(description="The admin's note about the account.")
    sessions_ended: int


class AccountErased(DomainEvent):
    """The person erased their account: its key is destroyed, so every personal value sealed
    for it (e-mail, names, notes, texts) opens nowhere any more, and every read model drops
    what it held of the account. It carries nothing personal itself."""

    erases_subject = True

    account_id: UUID
    erased_at: datetime


class AccountFilesErased(DomainEvent):
    """The erased account's stored files (avatar pictures, exercise videos and key frames,
    printed plans, data exports) were deleted from blob storage, or could not all be."""

    account_id: UUID
    removed: int = Field(ge=0, description="How many objects were deleted.")
    failure: str | None = Field(
        default=None, description="Why some could not be deleted (an admin looks into it)."
    )


class AccountEnabled(DomainEvent):
    account_id: UUID
    admin_id: UUID
