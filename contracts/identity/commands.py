"""Commands of the identity context, and the bodies the command API takes for them."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from zxcvbn import zxcvbn

from contracts.commands import Command, CommandAccepted, Done
from contracts.identity.reads import TokenPair
from contracts.types import PlainText

MIN_PASSWORD_SCORE = 3
"""zxcvbn's score (0 to 4) a new password must reach: 3 is "safely unguessable", about 10⁸ guesses
for an attacker who knows the e-mail and the display name."""
ESTIMATED_LENGTH = 72
"""zxcvbn estimates the first 72 characters (longer passwords only get stronger)."""


def _email(value: str) -> str:
    """A deliverable-looking address (syntax by `email-validator`, no DNS lookup), in ASCII only,
    so that no lookalike of an existing address (Cyrillic letters, another Unicode form) can be
    registered beside it; lower-cased."""
    if not value.isascii():
        raise PydanticCustomError(
            "email_not_ascii", "the e-mail address must be written in ASCII letters"
        )
    try:
        valid = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as invalid:
        raise PydanticCustomError(
            "email", "not an e-mail address: {why}", {"why": str(invalid)}
        ) from None
    return valid.normalized.lower()


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
    display_name: DisplayName
    password: Password = Field(
        description="At least 12 characters, hard to guess (zxcvbn score 3 of 4, judged with "
        "the e-mail and display name known to the attacker), and not the e-mail.",
        examples=["correct horse battery staple"],
    )
    role: Literal["athlete", "coach"] = "athlete"

    @field_validator("password")
    @classmethod
    def _hard_to_guess(cls, password: str, info: ValidationInfo) -> str:
        email, name = info.data.get("email"), info.data.get("display_name")
        known = [value for value in (email, email and email.split("@")[0], name) if value]
        if email and (email in password.lower() or password.lower() == email.split("@")[0]):
            raise PydanticCustomError(
                "password_is_email", "the password must not be or contain the e-mail address"
            )
        estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=known)
        if estimate["score"] < MIN_PASSWORD_SCORE:
            advice = " ".join(
                part
                for part in (estimate["feedback"]["warning"], *estimate["feedback"]["suggestions"])
                if part
            )
            raise PydanticCustomError(
                "password_too_weak",
                "the password is too easy to guess{advice}",
                {"advice": f": {advice}" if advice else ""},
            )
        return password


class RegisterAccount(Command[CommandAccepted], AccountCreate):
    """Create an account with the id the caller chose."""

    account_id: UUID


class LogInForm(BaseModel):
    """Body of `POST /auth/token`: the OAuth2 password grant (RFC 6749 §4.3), form-encoded."""

    username: Annotated[str, PlainText(max_length=254)] = Field(description="The e-mail.")
    password: Annotated[str, PlainText(max_length=128, strip=False), Field(repr=False)]
    grant_type: Literal["password"] = "password"
    scope: Annotated[str, PlainText(min_length=0, max_length=200)] = Field(
        default="", description="Ignored: an access token carries the account's role."
    )


class LogIn(Command[TokenPair]):
    """Start a login session: an access token and a refresh token."""

    replayable = False

    email: Annotated[str, PlainText(max_length=254)]
    password: Annotated[str, PlainText(max_length=128, strip=False), Field(repr=False)]


class RefreshRequest(BaseModel):
    """Body of `POST /auth/refresh`."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: RefreshToken


class RefreshSession(Command[TokenPair], RefreshRequest):
    """Exchange a refresh token for a new token pair (the old refresh token is spent)."""

    replayable = False

    client: Annotated[str, PlainText(max_length=128)] = Field(
        description="Who asks (a digest of address and user agent): the one client allowed to "
        "present a spent token again within the grace window."
    )


class EndSession(Command[Done]):
    """Log out: revoke the refresh token and every token rotated from the same login."""

    refresh_token: RefreshToken
