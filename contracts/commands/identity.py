"""Commands of the identity context."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"


class RegisterAccount(BaseModel):
    """Create an account. Administrators are appointed, never self-registered."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str = Field(max_length=254, pattern=EMAIL_PATTERN, examples=["ada@example.com"])
    password: str = Field(min_length=12, max_length=128, description="At least 12 characters.")
    display_name: str = Field(min_length=1, max_length=80, examples=["Ada"])
    role: Literal["athlete", "coach"] = "athlete"

    @field_validator("email")
    @classmethod
    def _lower(cls, email: str) -> str:
        return email.lower()


class RefreshSession(BaseModel):
    """Exchange a refresh token for a new token pair (the old refresh token is spent)."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=20, max_length=200)


class EndSession(BaseModel):
    """Log out: revoke the refresh token and every token rotated from the same login."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=20, max_length=200)
