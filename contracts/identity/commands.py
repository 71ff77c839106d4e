"""Commands of the identity context, and the bodies the command API takes for them."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted, Done
from contracts.identity.reads import TokenPair
from contracts.types import PlainText

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def _email(value: str) -> str:
    if not EMAIL_PATTERN.fullmatch(value):
        raise ValueError("not an e-mail address")
    return value.lower()


Email = Annotated[
    str,
    PlainText(max_length=254),
    AfterValidator(_email),
    Field(examples=["ada@example.com"], json_schema_extra={"format": "email"}),
]
Password = Annotated[str, PlainText(min_length=12, max_length=128, strip=False), Field(repr=False)]
DisplayName = Annotated[str, PlainText(max_length=80), Field(examples=["Ada"])]
RefreshToken = Annotated[str, PlainText(min_length=20, max_length=200), Field(repr=False)]


class AccountCreate(BaseModel):
    """Body of `POST /auth/register`. Administrators are appointed, never self-registered."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    password: Password = Field(description="At least 12 characters.")
    display_name: DisplayName
    role: Literal["athlete", "coach"] = "athlete"


class RegisterAccount(Command[CommandAccepted], AccountCreate):
    """Create an account with the id the caller chose."""

    account_id: UUID


class LogIn(Command[TokenPair]):
    """Start a login session: an access token and a refresh token."""

    replayable = False

    email: Annotated[str, PlainText(max_length=254)]
    password: Annotated[str, PlainText(max_length=128, strip=False), Field(repr=False)]


class RefreshSession(Command[TokenPair]):
    """Exchange a refresh token for a new token pair (the old refresh token is spent)."""

    replayable = False

    refresh_token: RefreshToken


class EndSession(Command[Done]):
    """Log out: revoke the refresh token and every token rotated from the same login."""

    refresh_token: RefreshToken
