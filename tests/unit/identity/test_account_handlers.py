"""Registration, login and session rotation through the real bus on the in-memory unit of work."""

from __future__ import annotations

from uuid import uuid4

import pytest

from commands.actors import Actor
from commands.errors import AuthenticationError, ConflictError, SessionRevokedError
from contracts.identity.commands import EndSession, LogIn, RefreshSession, RegisterAccount
from contracts.identity.events import AccountRegistered
from infra.tokens import read_access_token
from tests.fakes import SIGNING_KEY, FakeDatabase, fake_bus

NOBODY = Actor.anonymous()
PASSWORD = "correct horse battery"


def registration(email: str = "ada@example.com") -> RegisterAccount:
    return RegisterAccount(
        account_id=uuid4(), email=email, password=PASSWORD, display_name="Ada", role="coach"
    )


async def test_registering_records_the_account_without_its_password() -> None:
    database = FakeDatabase()
    command = registration("Ada@Example.com")

    await fake_bus(database).dispatch(command, NOBODY)

    [recorded] = database.outbox
    assert isinstance(recorded.event, AccountRegistered)
    assert recorded.event.email == "ada@example.com"
    assert PASSWORD not in recorded.event.model_dump_json()
    assert database.state.credentials["ada@example.com"].password_hash != PASSWORD


async def test_an_e_mail_registers_once_and_the_refusal_records_nothing() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    await bus.dispatch(registration(), NOBODY)

    with pytest.raises(ConflictError):
        await bus.dispatch(registration("ADA@example.com"), NOBODY)

    assert len(database.outbox) == 1


async def test_logging_in_issues_an_access_token_for_the_account_and_its_role() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    command = registration()
    await bus.dispatch(command, NOBODY)

    tokens = (await bus.dispatch(LogIn(email="ADA@example.com", password=PASSWORD), NOBODY)).value

    principal = read_access_token(tokens.access_token, SIGNING_KEY)
    assert (principal.account_id, principal.role) == (command.account_id, "coach")
    with pytest.raises(AuthenticationError):
        await bus.dispatch(LogIn(email="ada@example.com", password="wrong password!"), NOBODY)


async def test_a_reused_refresh_token_revokes_the_login_and_that_revocation_is_kept() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    await bus.dispatch(registration(), NOBODY)
    first = (await bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD), NOBODY)).value
    second = (await bus.dispatch(RefreshSession(refresh_token=first.refresh_token), NOBODY)).value

    with pytest.raises(SessionRevokedError):
        await bus.dispatch(RefreshSession(refresh_token=first.refresh_token), NOBODY)

    # The refusal committed the revocation: the rotated token is dead too.
    with pytest.raises(AuthenticationError):
        await bus.dispatch(RefreshSession(refresh_token=second.refresh_token), NOBODY)


async def test_logging_out_ends_the_login() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    await bus.dispatch(registration(), NOBODY)
    tokens = (await bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD), NOBODY)).value

    await bus.dispatch(EndSession(refresh_token=tokens.refresh_token), NOBODY)

    with pytest.raises(AuthenticationError):
        await bus.dispatch(RefreshSession(refresh_token=tokens.refresh_token), NOBODY)
