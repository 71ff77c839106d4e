"""One handler per coaching command: invitations either way, answers, scopes, revocation, and
the access ticket a coach needs to read an athlete's data (each one an event the athlete sees)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from commands.errors import NotFoundError, NotPermittedError, RuleViolationError
from commands.identity.account import Account
from commands.identity.grant import Grant
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.commands import CommandAccepted
from contracts.identity.coaching import (
    ACCESS_TICKET_MINUTES,
    AcceptGrant,
    AccessTicket,
    ChangeGrantScopes,
    DeclineGrant,
    InviteAthlete,
    InviteCoach,
    OpenAthleteAccess,
    RevokeGrant,
    grant_id,
)
from infra.access_tickets import AccessClaims, issue_ticket


async def _account(uow: UnitOfWork, account_id: UUID) -> Account:
    try:
        return await uow.load(Account, str(account_id))
    except NotFoundError:
        raise NotFoundError(f"account {account_id} does not exist") from None


async def invite_athlete(cmd: InviteAthlete, uow: UnitOfWork) -> CommandAccepted:
    if (await _account(uow, cmd.coach_id)).role != "coach":
        raise NotPermittedError("only a coach invites athletes; invite a coach instead")
    if cmd.invitee_id == cmd.coach_id:
        raise RuleViolationError("athlete_id: a coach does not coach themselves")
    await _account(uow, cmd.invitee_id)
    grant = await load_or_start(uow, Grant, str(grant_id(cmd.coach_id, cmd.invitee_id)))
    grant.invite(cmd.coach_id, cmd.invitee_id, "coach", [])
    return await uow.save(grant)


async def invite_coach(cmd: InviteCoach, uow: UnitOfWork) -> CommandAccepted:
    if cmd.coach_id == cmd.athlete_id:
        raise RuleViolationError("coach_id: you cannot coach yourself")
    if (await _account(uow, cmd.coach_id)).role != "coach":
        raise NotFoundError(f"no coach has the account {cmd.coach_id}")
    grant = await load_or_start(uow, Grant, str(grant_id(cmd.coach_id, cmd.athlete_id)))
    grant.invite(cmd.coach_id, cmd.athlete_id, "athlete", cmd.scopes)
    return await uow.save(grant)


async def accept_grant(cmd: AcceptGrant, uow: UnitOfWork) -> CommandAccepted:
    grant = await uow.load(Grant, str(cmd.grant_id))
    grant.accept(cmd.account_id, cmd.scopes)
    return await uow.save(grant)


async def decline_grant(cmd: DeclineGrant, uow: UnitOfWork) -> CommandAccepted:
    grant = await uow.load(Grant, str(cmd.grant_id))
    grant.decline(cmd.account_id)
    return await uow.save(grant)


async def change_grant_scopes(cmd: ChangeGrantScopes, uow: UnitOfWork) -> CommandAccepted:
    grant = await uow.load(Grant, str(cmd.grant_id))
    grant.change_scopes(cmd.account_id, cmd.scopes)
    return await uow.save(grant)


async def revoke_grant(cmd: RevokeGrant, uow: UnitOfWork) -> CommandAccepted:
    grant = await uow.load(Grant, str(cmd.grant_id))
    grant.revoke(cmd.account_id)
    return await uow.save(grant)


async def open_athlete_access(
    cmd: OpenAthleteAccess, uow: UnitOfWork, signing_key: str
) -> AccessTicket:
    now = datetime.now(UTC)
    until = (now + timedelta(minutes=ACCESS_TICKET_MINUTES)).replace(microsecond=0)
    for athlete in cmd.of_athlete_ids:
        try:
            grant = await uow.load(Grant, str(grant_id(cmd.coach_id, athlete)))
        except NotFoundError:
            raise NotFoundError(f"no live grant of athlete {athlete} to you") from None
        grant.open_access(cmd.coach_id, cmd.scope, uuid4(), now, until)
        await uow.save(grant)
    claims = AccessClaims(ticket_id=uuid4(), coach_id=cmd.coach_id,
                          athlete_ids=tuple(cmd.of_athlete_ids), scope=cmd.scope,
                          expires_at=until)  # fmt: skip
    ticket = issue_ticket(claims, signing_key, now=now)
    return AccessTicket(ticket=ticket, athlete_ids=cmd.of_athlete_ids, scope=cmd.scope,
                        expires_at=until)  # fmt: skip
