"""Profile, preferences, privacy, e-mail and password changes and the avatar's life, through the
real bus on the in-memory unit of work."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RuleViolationError,
    WrongPasswordError,
)
from contracts.events import DomainEvent
from contracts.identity.avatars import avatar_upload_key
from contracts.identity.commands import (
    AcceptAvatar,
    ChangeEmail,
    ChangePassword,
    EraseAccount,
    LogIn,
    RegisterAccount,
    RejectAvatar,
    RemoveAvatar,
    ReportFileErasure,
    RequestAvatarUpload,
    SetPrivacy,
    SetTrainingPreferences,
    SubmitAvatar,
    UpdateProfile,
)
from contracts.identity.events import (
    AccountErased,
    AccountFilesErased,
    EmailChanged,
    PasswordChanged,
    PrivacyChanged,
    ProfileUpdated,
    TrainingPreferencesSet,
)
from contracts.identity.profile import ProfileChange, TrainingPreferences
from infra.tokens import read_access_token
from tests.fakes import SIGNING_KEY, FakeDatabase, InMemorySessions, InMemoryUploads, fake_bus

PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple lantern orbit meadow"


class Ada:
    def __init__(self) -> None:
        self.database = FakeDatabase()
        self.sessions = InMemorySessions()
        self.uploads = InMemoryUploads()
        self.bus: CommandBus = fake_bus(
            self.database, dependencies={"sessions": self.sessions, "uploads": self.uploads}
        )
        self.id = uuid4()
        self.actor = Actor.account(self.id, "athlete")

    async def register(self) -> Ada:
        await self.bus.dispatch(
            RegisterAccount(
                account_id=self.id, email="ada@example.com", password=PASSWORD, display_name="Ada"
            ),
            Actor.anonymous(),
        )
        return self

    async def send(self, command: object) -> object:
        return (await self.bus.dispatch(command, self.actor)).value  # type: ignore[arg-type]

    async def log_in(self, email: str = "ada@example.com", password: str = PASSWORD) -> UUID:
        tokens = (await self.bus.dispatch(LogIn(email=email, password=password), self.actor)).value
        return read_access_token(tokens.access_token, SIGNING_KEY).session_id

    def events(self) -> list[DomainEvent]:
        return list(self.database.events_of(str(self.id)))[1:]


async def test_a_profile_change_keeps_what_it_does_not_name_and_repeats_record_nothing() -> None:
    ada = await Ada().register()

    await ada.send(UpdateProfile(account_id=ada.id, bio="Trail runner", time_zone="Europe/Paris"))
    await ada.send(UpdateProfile(account_id=ada.id, units="imperial"))
    await ada.send(UpdateProfile(account_id=ada.id, units="imperial"))

    first, second = ada.events()
    assert isinstance(first, ProfileUpdated)
    assert isinstance(second, ProfileUpdated)
    assert (second.display_name, second.bio, second.time_zone, second.units) == (
        "Ada",
        "Trail runner",
        "Europe/Paris",
        "imperial",
    )


def test_a_profile_change_names_something_and_only_real_time_zones() -> None:
    with pytest.raises(ValidationError, match="at least one field"):
        ProfileChange.model_validate({})
    with pytest.raises(ValidationError, match="valid string"):
        ProfileChange.model_validate({"bio": None})
    with pytest.raises(ValidationError, match="IANA"):
        ProfileChange.model_validate({"time_zone": "Mars/Olympus_Mons"})
    with pytest.raises(ValidationError):
        ProfileChange.model_validate({"display_name": "x" * 81})
    assert ProfileChange.model_validate({"bio": ""}).bio == ""


def test_training_preferences_hold_together() -> None:
    with pytest.raises(ValidationError, match="one of the days available"):
        TrainingPreferences(days_available=["monday", "wednesday"], long_run_day="sunday")
    with pytest.raises(ValidationError, match="twice"):
        TrainingPreferences(days_available=["monday", "monday"])
    with pytest.raises(ValidationError, match="at least 1 item"):
        TrainingPreferences(days_available=[])
    with pytest.raises(ValidationError, match="twice"):
        TrainingPreferences(goals=["marathon", "marathon"])
    sorted_days = TrainingPreferences(days_available=["sunday", "tuesday"], long_run_day="sunday")
    assert sorted_days.days_available == ["tuesday", "sunday"]


async def test_preferences_and_privacy_are_recorded() -> None:
    ada = await Ada().register()

    await ada.send(
        SetTrainingPreferences(
            account_id=ada.id,
            days_available=["tuesday", "sunday"],
            long_run_day="sunday",
            goals=["marathon"],
            weekly_distance_km=50,
        )
    )
    await ada.send(SetPrivacy(account_id=ada.id, visibility="public"))
    await ada.send(SetPrivacy(account_id=ada.id, visibility="public"))

    preferences, privacy = ada.events()
    assert isinstance(preferences, TrainingPreferencesSet)
    assert preferences.long_run_day == "sunday"
    assert preferences.weekly_distance_km == 50
    assert isinstance(privacy, PrivacyChanged)
    assert privacy.visibility == "public"


async def test_the_e_mail_changes_only_with_the_current_password_and_only_to_a_free_one() -> None:
    ada = await Ada().register()
    await ada.bus.dispatch(
        RegisterAccount(
            account_id=uuid4(), email="bob@example.com", password=PASSWORD, display_name="Bob"
        ),
        Actor.anonymous(),
    )

    with pytest.raises(WrongPasswordError):
        await ada.send(
            ChangeEmail(account_id=ada.id, email="ada@new.example", current_password="nope")
        )
    with pytest.raises(ConflictError):
        await ada.send(
            ChangeEmail(account_id=ada.id, email="BOB@example.com", current_password=PASSWORD)
        )
    await ada.send(
        ChangeEmail(account_id=ada.id, email="Ada@New.Example", current_password=PASSWORD)
    )

    [changed] = ada.events()
    assert isinstance(changed, EmailChanged)
    assert changed.email == "ada@new.example"
    assert await ada.log_in("ada@new.example")
    with pytest.raises(AuthenticationError):
        await ada.log_in("ada@example.com")


async def test_a_password_change_ends_every_other_login_and_keeps_the_one_asking() -> None:
    ada = await Ada().register()
    phone, laptop = await ada.log_in(), await ada.log_in()

    with pytest.raises(WrongPasswordError):
        await ada.send(
            ChangePassword(
                account_id=ada.id,
                session_id=laptop,
                current_password="wrong password",
                new_password=NEW_PASSWORD,
            )
        )
    with pytest.raises(RuleViolationError, match="too easy"):
        await ada.send(
            ChangePassword(
                account_id=ada.id,
                session_id=laptop,
                current_password=PASSWORD,
                new_password="password1234",
            )
        )
    with pytest.raises(RuleViolationError, match="differ"):
        await ada.send(
            ChangePassword(
                account_id=ada.id,
                session_id=laptop,
                current_password=PASSWORD,
                new_password=PASSWORD,
            )
        )
    assert {phone, laptop} <= set(ada.sessions.live)

    await ada.send(
        ChangePassword(
            account_id=ada.id,
            session_id=laptop,
            current_password=PASSWORD,
            new_password=NEW_PASSWORD,
        )
    )

    assert laptop in ada.sessions.live
    assert phone not in ada.sessions.live
    [changed] = ada.events()
    assert isinstance(changed, PasswordChanged)
    assert changed.sessions_ended == 1
    assert NEW_PASSWORD not in changed.model_dump_json()
    with pytest.raises(AuthenticationError):
        await ada.log_in()
    assert await ada.log_in(password=NEW_PASSWORD)


async def test_an_avatar_is_submitted_once_uploaded_and_has_one_outcome() -> None:
    ada = await Ada().register()
    upload = uuid4()
    await ada.send(
        RequestAvatarUpload(
            account_id=ada.id, upload_id=upload, content_type="image/png", size_bytes=2048
        )
    )

    with pytest.raises(ConflictError, match="nothing was uploaded"):
        await ada.send(SubmitAvatar(account_id=ada.id, upload_id=upload))
    with pytest.raises(NotFoundError):
        await ada.send(SubmitAvatar(account_id=ada.id, upload_id=uuid4()))
    ada.uploads.sizes[avatar_upload_key(ada.id, upload)] = 2048
    await ada.send(SubmitAvatar(account_id=ada.id, upload_id=upload))
    with pytest.raises(ConflictError):
        await ada.send(SubmitAvatar(account_id=ada.id, upload_id=upload))

    await ada.send(AcceptAvatar(account_id=ada.id, upload_id=upload, sizes=[512, 128]))
    await ada.send(AcceptAvatar(account_id=ada.id, upload_id=upload, sizes=[512, 128]))
    await ada.send(RejectAvatar(account_id=ada.id, upload_id=upload, reason="late twin"))
    await ada.send(RemoveAvatar(account_id=ada.id))
    with pytest.raises(ConflictError, match="no avatar"):
        await ada.send(RemoveAvatar(account_id=ada.id))

    kinds = [type(event).__name__ for event in ada.events()[1:]]
    assert kinds == ["AvatarSubmitted", "AvatarAccepted", "AvatarRemoved"]


async def test_an_erasure_needs_the_password_ends_every_login_and_forgets_the_login() -> None:
    ada = await Ada().register()
    phone = await ada.log_in()

    with pytest.raises(WrongPasswordError):
        await ada.send(EraseAccount(account_id=ada.id, current_password="wrong password"))
    assert phone in ada.sessions.live
    await ada.send(EraseAccount(account_id=ada.id, current_password=PASSWORD))

    [erased] = ada.events()
    assert isinstance(erased, AccountErased)
    assert not ada.sessions.live
    assert ada.id in ada.database.state.erased_subjects
    with pytest.raises(AuthenticationError):
        await ada.log_in()
    with pytest.raises(NotFoundError):  # nothing personal is recorded for the erased any more
        await ada.send(UpdateProfile(account_id=ada.id, bio="back again"))

    job = Actor.system("job:identity.erase_files")
    await ada.bus.dispatch(ReportFileErasure(account_id=ada.id, removed=4), job)
    [_, files] = ada.events()
    assert isinstance(files, AccountFilesErased)
    assert files.removed == 4


async def test_only_an_erased_account_has_its_files_erasure_reported() -> None:
    ada = await Ada().register()
    job = Actor.system("job:identity.erase_files")
    with pytest.raises(ConflictError):
        await ada.bus.dispatch(ReportFileErasure(account_id=ada.id, removed=0), job)
