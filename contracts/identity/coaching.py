"""Coaching grants: a coach and an athlete agree that the coach may read (and, if the athlete
says so, plan) the athlete's training. Either side invites; the other accepts or declines; the
athlete chooses the scopes; either side revokes. A coach reads an athlete's data through the
same query routes as the athlete, naming the athlete and showing an access ticket: each ticket is
issued by a command that checks the grant and records the access for the athlete to see."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from contracts.commands import Command, CommandAccepted

Scope = Literal["read_training", "read_nutrition", "read_movement", "write_training_plans"]
SCOPES: tuple[Scope, ...] = (
    "read_training", "read_nutrition", "read_movement", "write_training_plans",
)  # fmt: skip
Party = Literal["coach", "athlete"]
GrantStatus = Literal["invited", "active", "declined", "revoked"]
"""`invited`: waiting for the other side; `active`: the coach may use the scopes; `declined` and
`revoked`: ended (either side may invite again)."""

ACCESS_TICKET_HEADER: Final = "X-Access-Ticket"
ACCESS_TICKET_MINUTES: Final = 15
MAX_ATHLETES_PER_TICKET: Final = 50


def grant_id(coach_id: UUID, athlete_id: UUID) -> UUID:
    """One grant per coach and athlete, invited again after it ended."""
    return uuid5(NAMESPACE_URL, f"pacer:grant:{coach_id}:{athlete_id}")


def _distinct(scopes: list[Scope]) -> list[Scope]:
    if len(set(scopes)) != len(scopes):
        raise PydanticCustomError("repeated_scope", "scopes names a scope twice")
    return sorted(scopes, key=SCOPES.index)  # one order for equal grants


Scopes = Annotated[
    list[Scope],
    Field(
        min_length=1,
        max_length=len(SCOPES),
        json_schema_extra={"uniqueItems": True},
        description="What the coach may do: `read_training` (runs, weekly totals, plans: "
        "runs imported from Strava are never shown to anyone but their owner), "
        "`read_nutrition` (targets, weights, days, meal plans), `read_movement` (strength "
        "workouts), `write_training_plans` (create and change the athlete's plans).",
        examples=[["read_training", "write_training_plans"]],
    ),
    AfterValidator(_distinct),
]


class AthleteInvitation(BaseModel):
    """Body of `POST /coaching/athletes`: a coach invites an athlete."""

    model_config = ConfigDict(extra="forbid")

    athlete_id: UUID


class CoachInvitation(BaseModel):
    """Body of `POST /coaching/coaches`: an athlete invites a coach, choosing the scopes."""

    model_config = ConfigDict(extra="forbid")

    coach_id: UUID
    scopes: Scopes


class GrantAcceptance(BaseModel):
    """Body of `POST /coaching/grants/{grant_id}/accept`: an athlete accepting a coach's
    invitation chooses the scopes; a coach accepting an athlete's invitation sends `{}` (the
    athlete chose them)."""

    model_config = ConfigDict(extra="forbid")

    scopes: Scopes | None = None


class ScopeChange(BaseModel):
    """Body of `PUT /coaching/grants/{grant_id}/scopes` (the athlete only)."""

    model_config = ConfigDict(extra="forbid")

    scopes: Scopes


class AccessRequest(BaseModel):
    """Body of `POST /coaching/athletes/{athlete_id}/access`."""

    model_config = ConfigDict(extra="forbid")

    scope: Scope


def _distinct_athletes(athletes: list[UUID]) -> list[UUID]:
    if len(set(athletes)) != len(athletes):
        raise PydanticCustomError("repeated_athlete", "athlete_ids names an athlete twice")
    return athletes


Athletes = Annotated[
    list[UUID],
    Field(min_length=1, max_length=MAX_ATHLETES_PER_TICKET,
          json_schema_extra={"uniqueItems": True}),
    AfterValidator(_distinct_athletes),
]  # fmt: skip


class RosterAccessRequest(BaseModel):
    """Body of `POST /coaching/access`: open several athletes' data at once (the roster)."""

    model_config = ConfigDict(extra="forbid")

    scope: Scope
    athlete_ids: Athletes


class AccessTicket(BaseModel):
    """Send `ticket` as the `X-Access-Ticket` header with `athlete_id` on query routes of the
    scope, until `expires_at`. The athlete sees each ticket issued."""

    ticket: str
    athlete_ids: list[UUID]
    scope: Scope
    expires_at: datetime


# A command's `athlete_id` names whose data it acts on (`commands/delegation.py`); the athlete a
# coach invites or opens is no such thing yet, hence other names.
class InviteAthlete(Command[CommandAccepted]):
    coach_id: UUID
    invitee_id: UUID


class InviteCoach(Command[CommandAccepted]):
    athlete_id: UUID
    coach_id: UUID
    scopes: Scopes


class AcceptGrant(Command[CommandAccepted]):
    grant_id: UUID
    account_id: UUID
    scopes: Scopes | None = None


class DeclineGrant(Command[CommandAccepted]):
    grant_id: UUID
    account_id: UUID


class ChangeGrantScopes(Command[CommandAccepted]):
    grant_id: UUID
    account_id: UUID
    scopes: Scopes


class RevokeGrant(Command[CommandAccepted]):
    grant_id: UUID
    account_id: UUID


class OpenAthleteAccess(Command[AccessTicket]):
    """Check the coach's live grant of each athlete for the scope, record each access, issue
    one ticket."""

    replayable = False  # each ticket is an access of its own

    coach_id: UUID
    of_athlete_ids: Athletes
    scope: Scope
