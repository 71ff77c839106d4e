"""Coaching grants and administration through the real bus on the in-memory unit of work:
invitations either way, answers, scopes, revocation, access tickets, coaches' plan commands;
appointing admins, disabling and enabling accounts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    NotPermittedError,
    RuleViolationError,
)
from contracts.identity.admin import AppointAdmin, DisableAccount, EnableAccount
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
from contracts.identity.commands import LogIn, RefreshSession, RegisterAccount
from contracts.identity.events import (
    AccountDisabled,
    AthleteDataAccessed,
    CoachingInvited,
    GrantAccepted,
    GrantRevoked,
)
from contracts.training.commands import RecordRun
from contracts.training.plans import CreatePlan, RenamePlan
from infra.access_tickets import read_ticket
from infra.tokens import read_access_token
from tests.fakes import SIGNING_KEY, FakeDatabase, InMemorySessions, fake_bus

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
    accepted = await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
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
    assert isinstance(invited, CoachingInvited)
    assert invited.invited_by == "coach"
    assert isinstance(live, GrantAccepted)
    assert live.scopes == ["read_training"]


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
        await world.send(athlete, InviteAthlete(coach_id=athlete, invitee_id=other))
    with pytest.raises(RuleViolationError):
        await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=coach))
    with pytest.raises(NotFoundError):
        await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=uuid4()))


async def test_a_pending_or_live_grant_is_not_invited_again_but_an_ended_one_is(
    world: World,
) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
    with pytest.raises(ConflictError):
        await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
    await world.send(athlete, DeclineGrant(grant_id=grant, account_id=athlete))
    await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
    await world.send(athlete, AcceptGrant(grant_id=grant, account_id=athlete,
                                          scopes=["read_movement"]))  # fmt: skip
    with pytest.raises(ConflictError):
        await world.send(athlete, InviteCoach(athlete_id=athlete, coach_id=coach,
                                              scopes=["read_training"]))  # fmt: skip
    await world.send(coach, RevokeGrant(grant_id=grant, account_id=coach))
    revoked = world.events(coach, athlete)[-1]
    assert isinstance(revoked, GrantRevoked)
    assert revoked.by == "coach"
    with pytest.raises(ConflictError):
        await world.send(athlete, RevokeGrant(grant_id=grant, account_id=athlete))


async def test_strangers_find_no_grant(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    stranger = await world.account("eve", "coach")
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
    for command in (
        AcceptGrant(grant_id=grant, account_id=stranger, scopes=["read_training"]),
        DeclineGrant(grant_id=grant, account_id=stranger),
        RevokeGrant(grant_id=grant, account_id=stranger),
        ChangeGrantScopes(grant_id=grant, account_id=stranger, scopes=["read_training"]),
    ):
        with pytest.raises(NotFoundError):
            await world.send(stranger, command)
    with pytest.raises(NotFoundError):
        await world.send(stranger, OpenAthleteAccess(coach_id=stranger, of_athlete_ids=[athlete],
                                                     scope="read_training"))  # fmt: skip


async def test_access_needs_a_live_grant_with_the_scope_and_is_recorded(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
    with pytest.raises(NotFoundError):  # invited is not live
        await world.send(coach, OpenAthleteAccess(coach_id=coach, of_athlete_ids=[athlete],
                                                  scope="read_training"))  # fmt: skip
    await world.send(athlete, AcceptGrant(grant_id=grant, account_id=athlete,
                                          scopes=["read_training"]))  # fmt: skip
    with pytest.raises(NotPermittedError):
        await world.send(coach, OpenAthleteAccess(coach_id=coach, of_athlete_ids=[athlete],
                                                  scope="read_nutrition"))  # fmt: skip
    ticket = await world.send(
        coach, OpenAthleteAccess(coach_id=coach, of_athlete_ids=[athlete], scope="read_training")
    )
    claims = read_ticket(ticket.ticket, SIGNING_KEY)
    assert (claims.coach_id, claims.athlete_ids, claims.scope) == (
        coach, (athlete,), "read_training")  # fmt: skip
    recorded = world.events(coach, athlete)[-1]
    assert isinstance(recorded, AthleteDataAccessed)
    assert recorded.expires_at == ticket.expires_at

    with pytest.raises(NotPermittedError):  # the coach does not choose scopes
        await world.send(coach, ChangeGrantScopes(grant_id=grant, account_id=coach,
                                                  scopes=["read_nutrition"]))  # fmt: skip
    await world.send(athlete, ChangeGrantScopes(grant_id=grant, account_id=athlete,
                                                scopes=["read_nutrition"]))  # fmt: skip
    with pytest.raises(NotPermittedError):
        await world.send(coach, OpenAthleteAccess(coach_id=coach, of_athlete_ids=[athlete],
                                                  scope="read_training"))  # fmt: skip
    await world.send(athlete, RevokeGrant(grant_id=grant, account_id=athlete))
    with pytest.raises(NotFoundError):
        await world.send(coach, OpenAthleteAccess(coach_id=coach, of_athlete_ids=[athlete],
                                                  scope="read_nutrition"))  # fmt: skip


def test_scopes_are_named_once_and_at_least_one() -> None:
    for scopes in ([], ["read_training", "read_training"], ["read_everything"]):
        with pytest.raises(ValidationError):
            CoachInvitation(coach_id=uuid4(), scopes=scopes)


async def test_a_coach_plans_for_an_athlete_only_with_the_write_scope(world: World) -> None:
    coach, athlete = await world.account("cora", "coach"), await world.account("ada", "athlete")
    plan = {"title": "Spring", "start_date": date(2027, 3, 1), "end_date": date(2027, 4, 30)}
    create = CreatePlan(plan_id=uuid4(), athlete_id=athlete, **plan)
    with pytest.raises(NotFoundError):  # no grant: as if the athlete did not exist
        await world.send(coach, create)
    run = RecordRun(run_id=uuid4(), athlete_id=athlete, distance_km=5, duration_s=1500,
                    started_at=datetime.now(UTC))  # fmt: skip
    with pytest.raises(NotFoundError):  # a record of a run is the athlete's own, grant or not
        await world.send(coach, run)
    grant = grant_id(coach, athlete)
    await world.send(coach, InviteAthlete(coach_id=coach, invitee_id=athlete))
    await world.send(athlete, AcceptGrant(grant_id=grant, account_id=athlete,
                                          scopes=["read_training"]))  # fmt: skip
    with pytest.raises(NotFoundError):  # a grant without the scope: missing all the same
        await world.send(coach, create)
    await world.send(athlete, ChangeGrantScopes(grant_id=grant, account_id=athlete,
                                                scopes=["write_training_plans"]))  # fmt: skip
    accepted = await world.send(coach, create)
    assert accepted.aggregate_id == str(create.plan_id)
    created = world.database.events_of(str(create.plan_id))
    assert len(list(created)) == 1
    recorded = world.events(coach, athlete)[-1]
    assert isinstance(recorded, AthleteDataAccessed)
    assert recorded.scope == "write_training_plans"
    # The athlete's own plan commands need no grant.
    await world.send(athlete, RenamePlan(plan_id=create.plan_id, athlete_id=athlete,
                                         title="Spring 10K", expected_version=1))  # fmt: skip


async def test_an_admin_disables_an_account_whose_logins_end_and_enables_it_again(
    world: World,
) -> None:
    sessions = InMemorySessions()
    world.bus = fake_bus(world.database, dependencies={"sessions": sessions})
    admin, ada = await world.account("root", "athlete"), await world.account("ada", "athlete")
    with pytest.raises(NotPermittedError):  # not an admin yet
        await world.send(admin, DisableAccount(admin_id=admin, account_id=ada, reason="spam"))
    with pytest.raises(NotFoundError):
        await world.bus.dispatch(AppointAdmin(email="nobody@example.com"), Actor.system("cli"))
    await world.bus.dispatch(AppointAdmin(email="ROOT@example.com"), Actor.system("cli"))
    login = await world.bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD),
                                     Actor.anonymous())  # fmt: skip
    session = read_access_token(login.value.access_token, SIGNING_KEY).session_id
    assert await sessions.is_live(session, ada)

    with pytest.raises(RuleViolationError):
        await world.send(admin, DisableAccount(admin_id=admin, account_id=admin, reason="x"))
    await world.send(admin, DisableAccount(admin_id=admin, account_id=ada, reason="spam"))
    assert not await sessions.is_live(session, ada)
    disabled = world.database.events_of(str(ada))[-1]
    assert isinstance(disabled, AccountDisabled)
    assert disabled.sessions_ended == 1
    with pytest.raises(AuthenticationError):
        await world.bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD),
                                 Actor.anonymous())  # fmt: skip
    refresh = RefreshSession(refresh_token=login.value.refresh_token, client="t")
    with pytest.raises(AuthenticationError):
        await world.bus.dispatch(refresh, Actor.anonymous())
    with pytest.raises(ConflictError):
        await world.send(admin, DisableAccount(admin_id=admin, account_id=ada, reason="spam"))
    await world.send(admin, EnableAccount(admin_id=admin, account_id=ada))
    await world.bus.dispatch(LogIn(email="ada@example.com", password=PASSWORD),
                             Actor.anonymous())  # fmt: skip
