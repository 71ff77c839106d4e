"""Registration, login and session rotation through the real bus on the in-memory unit of work."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import uuid4

import pytest

from commands.actors import Actor
from commands.errors import AuthenticationError, ConflictError, SessionRevokedError
from commands.identity.handlers import REUSE_GRACE
from commands.identity.sessions import digest
from contracts.identity.commands import EndSession, LogIn, RefreshSession, RegisterAccount
from contracts.identity.events import AccountRegistered
from infra.tokens import read_access_token
from tests.fakes import SIGNING_KEY, FakeDatabase, InMemorySessions, fake_bus

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


def refresh(token: str, client: str = "tab") -> RefreshSession:
    return RefreshSession(refresh_token=token, client=client)


async def test_a_reused_refresh_token_revokes_the_login_and_that_revocation_is_kept() -> None:
    database, sessions = FakeDatabase(), InMemorySessions()
    bus = fake_bus(database, dependencies={"sessions": sessions})
    await bus.dispatch(registration(), NOBODY)
    first = (await bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD), NOBODY)).value
    second = (await bus.dispatch(refresh(first.refresh_token), NOBODY)).value

    with pytest.raises(SessionRevokedError):
        await bus.dispatch(refresh(first.refresh_token, client="elsewhere"), NOBODY)

    # The refusal committed the revocation: the rotated token is dead too, and so is the login
    # session its access tokens name.
    with pytest.raises(AuthenticationError):
        await bus.dispatch(refresh(second.refresh_token), NOBODY)
    assert sessions.live == {}


async def test_the_same_client_may_refresh_twice_within_the_grace_window() -> None:
    """Two tabs refresh with the same token at once: both get a pair, and both pairs work."""
    database, sessions = FakeDatabase(), InMemorySessions()
    bus = fake_bus(database, dependencies={"sessions": sessions})
    await bus.dispatch(registration(), NOBODY)
    login = (await bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD), NOBODY)).value

    winner = (await bus.dispatch(refresh(login.refresh_token), NOBODY)).value
    other_tab = (await bus.dispatch(refresh(login.refresh_token), NOBODY)).value

    session = read_access_token(winner.access_token, SIGNING_KEY).session_id
    assert read_access_token(other_tab.access_token, SIGNING_KEY).session_id == session
    assert session in sessions.live
    assert (await bus.dispatch(refresh(winner.refresh_token), NOBODY)).value.access_token


async def test_a_spent_token_presented_again_after_the_grace_window_revokes_the_login() -> None:
    database, sessions = FakeDatabase(), InMemorySessions()
    bus = fake_bus(database, dependencies={"sessions": sessions})
    await bus.dispatch(registration(), NOBODY)
    login = (await bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD), NOBODY)).value
    await bus.dispatch(refresh(login.refresh_token), NOBODY)
    spent = database.state.refresh_tokens[digest(login.refresh_token)]
    assert spent.used_at is not None
    database.state.refresh_tokens[spent.token_hash] = replace(
        spent, used_at=spent.used_at - REUSE_GRACE - timedelta(seconds=1)
    )

    with pytest.raises(SessionRevokedError):
        await bus.dispatch(refresh(login.refresh_token), NOBODY)
    assert sessions.live == {}


async def test_logging_out_ends_the_login() -> None:
    database, sessions = FakeDatabase(), InMemorySessions()
    bus = fake_bus(database, dependencies={"sessions": sessions})
    await bus.dispatch(registration(), NOBODY)
    tokens = (await bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD), NOBODY)).value

    session = read_access_token(tokens.access_token, SIGNING_KEY).session_id
    assert session in sessions.live

    await bus.dispatch(EndSession(refresh_token=tokens.refresh_token), NOBODY)

    assert session not in sessions.live
    with pytest.raises(AuthenticationError):
        await bus.dispatch(refresh(tokens.refresh_token), NOBODY)
