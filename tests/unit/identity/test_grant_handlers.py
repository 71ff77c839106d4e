"""Coaching grants through the real bus on the in-memory unit of work: invitations either way,
answers, scopes, revocation and access tickets."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConflictError, NotFoundError, NotPermittedError, RuleViolationError
from contracts.identity.coaching import (
    AcceptGrant,
    ChangeGrantScopes,
    CoachInvitation,
    DeclineGrant,
    InviteAthlete,
    InviteCoach,
    OpenAthleteAccess,
    RevokeGrant,
    grant_id,
)
from contracts.identity.commands import RegisterAccount
from contracts.identity.events import (
    AthleteDataAccessed,
    CoachingInvited,
    GrantAccepted,
    GrantRevoked,
)
from infra.access_tickets import read_ticket
from tests.fakes import SIGNING_KEY, FakeDatabase, fake_bus

PASSWORD = "correct horse battery"


class World:
    def __init__(self) -> None:
        self.database = FakeDatabase()
        self.bus: CommandBus = fake_bus(self.database)

    async def account(self, name: str, role: Literal["athlete", "coach"]) -> UUID:
        account_id = uuid4()
        await self.bus.dispatch(
            RegisterAccount(account_id=account_id, email=f"{name}@example.com",
                            password=PASSWORD, display_name=name.title(), role=role),
            Actor.anonymous(),
        )  # fmt: skip
        return account_id

    async def send(self, by: UUID, command: Any) -> Any:
        return (await self.bus.dispatch(command, Actor.account(by, "athlete"))).value

    def events(self, coach: UUID, athlete: UUID) -> list[Any]:
        return list(self.database.events_of(str(grant_id(coach, athlete))))


@pytest.fixture
async def world() -> World:
    return World()


async def test_a_coach_invites_and_the_athlete_accepts_with_scopes(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    accepted = await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=athlete))
    assert accepted.aggregate_id == str(grant_id(coach, athlete))
    grant = grant_id(coach, athlete)

    with pytest.raises(ConflictError):  # the inviter does not answer their own invitation
        await world.send(coach, AcceptGrant(grant_id=grant, account_id=coach))
    with pytest.raises(RuleViolationError):  # the athlete must choose scopes
        await world.send(athlete, AcceptGrant(grant_id=grant, account_id=athlete))
    await world.send(
        athlete, AcceptGrant(grant_id=grant, account_id=athlete, scopes=["read_training"])
    )
    invited, live = world.events(coach, athlete)
    assert isinstance(invited, CoachingInvited) and invited.invited_by == "coach"
    assert isinstance(live, GrantAccepted) and live.scopes == ["read_training"]


async def test_an_athlete_invites_a_coach_who_accepts_the_scopes_chosen(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    other_athlete = await world.account("bob", "athlete")
    with pytest.raises(NotFoundError):  # only a coach's account can be invited as a coach
        await world.send(athlete, InviteCoach(athlete_id=athlete, coach_id=other_athlete,
                                              scopes=["read_training"]))  # fmt: skip
    await world.send(athlete, InviteCoach(
        athlete_id=athlete, coach_id=coach, scopes=["write_training_plans", "read_training"]
    ))  # fmt: skip
    grant = grant_id(coach, athlete)
    with pytest.raises(RuleViolationError):  # the coach does not choose scopes
        await world.send(coach, AcceptGrant(grant_id=grant, account_id=coach,
                                            scopes=["read_nutrition"]))  # fmt: skip
    await world.send(coach, AcceptGrant(grant_id=grant, account_id=coach))
    live = world.events(coach, athlete)[-1]
    assert isinstance(live, GrantAccepted)
    assert live.scopes == ["read_training", "write_training_plans"]  # one order


async def test_only_coaches_invite_athletes_and_nobody_coaches_themselves(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    other = await world.account("bob", "athlete")
    with pytest.raises(NotPermittedError):
        await world.send(athlete, InviteAthlete(coach_id=athlete, athlete_id=other))
    with pytest.raises(RuleViolationError):
        await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=coach))
    with pytest.raises(NotFoundError):
        await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=uuid4()))


async def test_a_pending_or_live_grant_is_not_invited_again_but_an_ended_one_is(
    world: World,
) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=athlete))
    with pytest.raises(ConflictError):
        await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=athlete))
    await world.send(athlete, DeclineGrant(grant_id=grant, account_id=athlete))
    await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=athlete))
    await world.send(athlete, AcceptGrant(grant_id=grant, account_id=athlete,
                                          scopes=["read_movement"]))  # fmt: skip
    with pytest.raises(ConflictError):
        await world.send(athlete, InviteCoach(athlete_id=athlete, coach_id=coach,
                                              scopes=["read_training"]))  # fmt: skip
    await world.send(coach, RevokeGrant(grant_id=grant, account_id=coach))
    revoked = world.events(coach, athlete)[-1]
    assert isinstance(revoked, GrantRevoked) and revoked.by == "coach"
    with pytest.raises(ConflictError):
        await world.send(athlete, RevokeGrant(grant_id=grant, account_id=athlete))


async def test_strangers_find_no_grant(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    stranger = await world.account("eve", "coach")
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=athlete))
    for command in (
        AcceptGrant(grant_id=grant, account_id=stranger, scopes=["read_training"]),
        DeclineGrant(grant_id=grant, account_id=stranger),
        RevokeGrant(grant_id=grant, account_id=stranger),
        ChangeGrantScopes(grant_id=grant, account_id=stranger, scopes=["read_training"]),
    ):
        with pytest.raises(NotFoundError):
            await world.send(stranger, command)
    with pytest.raises(NotFoundError):
        await world.send(stranger, OpenAthleteAccess(coach_id=stranger, athlete_id=athlete,
                                                     scope="read_training"))  # fmt: skip


async def test_access_needs_a_live_grant_with_the_scope_and_is_recorded(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, athlete_id=athlete))
    with pytest.raises(NotFoundError):  # invited is not live
        await world.send(coach, OpenAthleteAccess(coach_id=coach, athlete_id=athlete,
                                                  scope="read_training"))  # fmt: skip
    await world.send(athlete, AcceptGrant(grant_id=grant, account_id=athlete,
                                          scopes=["read_training"]))  # fmt: skip
    with pytest.raises(NotPermittedError):
        await world.send(coach, OpenAthleteAccess(coach_id=coach, athlete_id=athlete,
                                                  scope="read_nutrition"))  # fmt: skip
    ticket = await world.send(
        coach, OpenAthleteAccess(coach_id=coach, athlete_id=athlete, scope="read_training")
    )
    claims = read_ticket(ticket.ticket, SIGNING_KEY)
    assert (claims.coach_id, claims.athlete_id, claims.scope) == (coach, athlete, "read_training")
    recorded = world.events(coach, athlete)[-1]
    assert isinstance(recorded, AthleteDataAccessed)
    assert recorded.access_id == claims.access_id and recorded.expires_at == ticket.expires_at

    with pytest.raises(NotPermittedError):  # the coach does not choose scopes
        await world.send(coach, ChangeGrantScopes(grant_id=grant, account_id=coach,
                                                  scopes=["read_nutrition"]))  # fmt: skip
    await world.send(athlete, ChangeGrantScopes(grant_id=grant, account_id=athlete,
                                                scopes=["read_nutrition"]))  # fmt: skip
    with pytest.raises(NotPermittedError):
        await world.send(coach, OpenAthleteAccess(coach_id=coach, athlete_id=athlete,
                                                  scope="read_training"))  # fmt: skip
    await world.send(athlete, RevokeGrant(grant_id=grant, account_id=athlete))
    with pytest.raises(NotFoundError):
        await world.send(coach, OpenAthleteAccess(coach_id=coach, athlete_id=athlete,
                                                  scope="read_nutrition"))  # fmt: skip


def test_scopes_are_named_once_and_at_least_one() -> None:
    for scopes in ([], ["read_training", "read_training"], ["read_everything"]):
        with pytest.raises(ValidationError):
            CoachInvitation(coach_id=uuid4(), scopes=scopes)  # type: ignore[arg-type]
