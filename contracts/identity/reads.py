"""What the identity context answers with."""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel, Field

from contracts.identity.coaching import GrantStatus, Party, Scope
from contracts.identity.profile import (
    Role,
    TrainingPreferences,
    Units,
    Visibility,
    WeekStart,
)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")


GRANTS: Final = "grants"
"""The coaching grants read model (grants and the accesses of coaches)."""

PROFILES: Final = "profiles"
"""The profiles read model: written by the `profiles` projection, read by the profile queries."""


class Avatar(BaseModel):
    status: Literal["none", "processing", "ready", "rejected"] = Field(
        description="Of the latest upload: being checked, in use, or refused (see `reason`)."
    )
    reason: str | None = Field(default=None, description="Why the latest upload was refused.")
    urls: dict[str, AnyHttpUrl] = Field(
        default_factory=dict,
        description="The avatar in use by square size in pixels (`512`, `128`); the links "
        "expire (ask again for fresh ones).",
    )


class ProfileCard(BaseModel):
    """What others see of an account, as its privacy allows."""

    account_id: UUID
    display_name: str
    role: Role
    bio: str
    avatar: Avatar


class MyProfile(ProfileCard):
    """Your own profile, with the settings only you see."""

    email: str
    units: Units
    time_zone: str
    week_start: WeekStart
    visibility: Visibility
    training_preferences: TrainingPreferences
    version: int


class ProfileSummary(BaseModel):
    account_id: UUID
    display_name: str


class Grant(BaseModel):
    """A coaching grant as either side sees it."""

    grant_id: UUID
    coach: ProfileSummary
    athlete: ProfileSummary
    status: GrantStatus
    invited_by: Party
    scopes: list[Scope]
    version: int


class DataAccess(BaseModel):
    """A coach let into your data for one scope."""

    access_id: UUID
    grant_id: UUID
    coach: ProfileSummary
    scope: Scope
    at: datetime
    expires_at: datetime


class DataAccessPage(BaseModel):
    items: list[DataAccess]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next (older) page.")
