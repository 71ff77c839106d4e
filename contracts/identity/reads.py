"""What the identity context answers with."""

from __future__ import annotations

from typing import Final, Literal
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel, Field

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
