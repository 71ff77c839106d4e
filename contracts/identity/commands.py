"""Commands of the identity context, and the bodies the command API takes for them."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from zxcvbn import zxcvbn

from contracts.commands import Command, CommandAccepted, Done
from contracts.identity.avatars import AvatarUploadCreate
from contracts.identity.profile import (
    Bio,
    DisplayName,
    PrivacySetting,
    TimeZone,
    TrainingPreferences,
    Units,
    WeekStart,
)
from contracts.identity.reads import TokenPair
from contracts.types import Count, PlainText

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
        return hard_to_guess(password, info.data.get("email"), info.data.get("display_name"))


def hard_to_guess(password: str, email: str | None, display_name: str | None) -> str:
    """`password`, when it is not the e-mail and zxcvbn scores it safe against an attacker who
    knows the e-mail and display name; a 422-worthy error otherwise."""
    known = [value for value in (email, email and email.split("@")[0], display_name) if value]
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


class UpdateProfile(Command[CommandAccepted]):
    """Change some fields of the account's profile (None keeps a field)."""

    account_id: UUID
    display_name: DisplayName | None = None
    bio: Bio | None = None
    units: Units | None = None
    time_zone: TimeZone | None = None
    week_start: WeekStart | None = None


class SetTrainingPreferences(Command[CommandAccepted], TrainingPreferences):
    account_id: UUID


class SetPrivacy(Command[CommandAccepted], PrivacySetting):
    account_id: UUID


CurrentPassword = Annotated[str, PlainText(max_length=128, strip=False), Field(repr=False)]


class EmailChange(BaseModel):
    """Body of `PUT /me/email`."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    current_password: CurrentPassword


class ChangeEmail(Command[CommandAccepted], EmailChange):
    """Change the login e-mail; the current password proves it is the owner asking."""

    replayable = False

    account_id: UUID


class PasswordChange(BaseModel):
    """Body of `PUT /me/password`."""

    model_config = ConfigDict(extra="forbid")

    current_password: CurrentPassword
    new_password: Password = Field(
        description="The same rules as at registration: at least 12 characters and hard to "
        "guess with the e-mail and display name known."
    )


class ChangePassword(Command[CommandAccepted], PasswordChange):
    """Change the password and end every other login of the account (the one asking stays)."""

    replayable = False

    account_id: UUID
    session_id: UUID = Field(description="The login that asks: it stays open.")


class AccountErasure(BaseModel):
    """Body of `POST /me/erasure`."""

    model_config = ConfigDict(extra="forbid")

    current_password: CurrentPassword


class EraseAccount(Command[CommandAccepted], AccountErasure):
    """Erase the account for good: logins end, credentials go, the account's key is destroyed
    (its personal data in events becomes unreadable) and the read models drop the rest."""

    replayable = False

    account_id: UUID


class ReportFileErasure(Command[CommandAccepted]):
    """The erasure job deleted the erased account's stored files (or failed to)."""

    account_id: UUID
    removed: Annotated[int, Count(ge=0)]
    failure: Annotated[str, PlainText(max_length=500)] | None = None


class RequestAvatarUpload(Command[CommandAccepted], AvatarUploadCreate):
    account_id: UUID
    upload_id: UUID


class SubmitAvatar(Command[CommandAccepted]):
    """Have the uploaded picture checked and resized into the account's avatar."""

    account_id: UUID
    upload_id: UUID


class AcceptAvatar(Command[CommandAccepted]):
    """The avatar job stored every size of the picture."""

    account_id: UUID
    upload_id: UUID
    sizes: Annotated[list[Annotated[int, Count(ge=16, le=4096)]], Field(min_length=1, max_length=8)]


class RejectAvatar(Command[CommandAccepted]):
    """The avatar job found no usable picture (or failed)."""

    account_id: UUID
    upload_id: UUID
    reason: Annotated[str, PlainText(max_length=500)]


class RemoveAvatar(Command[CommandAccepted]):
    account_id: UUID
