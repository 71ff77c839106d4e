"""Coaching over HTTP (`/coaching`): invitations either way, answers, scopes, revocation, and the
access ticket a coach shows the query API to read an athlete's data. Grants are listed on the
query API (`GET /coaching/grants`), and the athlete sees every access (`GET /me/data-accesses`)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, answer, build
from contracts.commands import CommandAccepted
from contracts.identity.coaching import (
    AcceptGrant,
    AccessRequest,
    AccessTicket,
    AthleteInvitation,
    ChangeGrantScopes,
    CoachInvitation,
    DeclineGrant,
    GrantAcceptance,
    InviteAthlete,
    InviteCoach,
    OpenAthleteAccess,
    RevokeGrant,
    RosterAccessRequest,
    ScopeChange,
)
from infra.problems import problems

router = APIRouter(prefix="/coaching", tags=["coaching"])
Answer = problems(403, 404, 409, 422)


@router.post("/athletes", status_code=201, response_model=CommandAccepted, responses=Answer)
async def invite_athlete(
    body: AthleteInvitation, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """A coach invites an athlete (403 unless you registered as a coach); the athlete accepts,
    choosing the scopes, or declines. `aggregate_id` is the grant's id. 409 while an invitation
    between you is pending or the grant is live."""
    command = build(InviteAthlete, coach_id=sender.account_id, invitee_id=body.athlete_id)
    return answer(await sender.send(command, key), response)


@router.post("/coaches", status_code=201, response_model=CommandAccepted, responses=Answer)
async def invite_coach(
    body: CoachInvitation, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Invite a coach (404 if the account is not a coach's) with the scopes you grant; the
    coach accepts or declines."""
    command = build(InviteCoach, athlete_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.post("/grants/{grant_id}/accept", response_model=CommandAccepted, responses=Answer)
async def accept_grant(
    grant_id: UUID, body: GrantAcceptance, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Accept the other side's invitation: an athlete names the scopes, a coach sends `{}`."""
    command = build(AcceptGrant, grant_id=grant_id, account_id=sender.account_id,
                    scopes=body.scopes)  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/grants/{grant_id}/decline", response_model=CommandAccepted, responses=Answer)
async def decline_grant(
    grant_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Decline the other side's invitation."""
    command = build(DeclineGrant, grant_id=grant_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.put("/grants/{grant_id}/scopes", response_model=CommandAccepted, responses=Answer)
async def change_grant_scopes(
    grant_id: UUID, body: ScopeChange, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """The athlete changes what a live grant allows; tickets of a scope taken away stop working
    as soon as the change is projected (milliseconds: the query API checks the grants read
    model beside the ticket)."""
    command = build(ChangeGrantScopes, grant_id=grant_id, account_id=sender.account_id,
                    scopes=body.scopes)  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.post("/grants/{grant_id}/revoke", response_model=CommandAccepted, responses=Answer)
async def revoke_grant(
    grant_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Either side ends a live grant or withdraws an invitation; the coach's tickets stop
    working as soon as it is projected (milliseconds)."""
    command = build(RevokeGrant, grant_id=grant_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.post(
    "/athletes/{athlete_id}/access",
    status_code=201,
    response_model=AccessTicket,
    responses=problems(403, 404),
)
async def open_athlete_access(
    athlete_id: UUID, body: AccessRequest, sender: AccountSender
) -> AccessTicket:
    """A coach opens an athlete's data for one scope for 15 minutes: the access is recorded
    (the athlete lists it) and the ticket goes with `athlete_id` to the query routes of that
    scope. 404 without a live grant, 403 when the grant lacks the scope."""
    command = build(OpenAthleteAccess, coach_id=sender.account_id, of_athlete_ids=[athlete_id],
                    scope=body.scope)  # fmt: skip
    return (await sender.send(command)).value


@router.post("/access", status_code=201, response_model=AccessTicket, responses=problems(403, 404))
async def open_roster_access(body: RosterAccessRequest, sender: AccountSender) -> AccessTicket:
    """A coach opens several athletes' data (up to 50) for one scope at once, as the roster
    (`GET /coaching/roster` on the query API) needs: one access recorded per athlete, one ticket
    for all. 404 naming the first athlete without a live grant, 403 when one lacks the scope."""
    command = build(OpenAthleteAccess, coach_id=sender.account_id,
                    of_athlete_ids=body.athlete_ids, scope=body.scope)  # fmt: skip
    return (await sender.send(command)).value
