"""One handler per follow or block command."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from commands.errors import NotFoundError, RuleViolationError
from commands.identity.account import Account
from commands.social.audience import connection_between
from commands.unit_of_work import UnitOfWork
from contracts.commands import CommandAccepted
from contracts.social.relations import (
    ApproveFollower,
    BlockAccount,
    DeclineFollower,
    FollowAccount,
    RemoveFollower,
    UnblockAccount,
    UnfollowAccount,
)


async def _other(uow: UnitOfWork, me: UUID, other: UUID, verb: str) -> Account:
    if other == me:
        raise RuleViolationError(f"account_id: you cannot {verb} yourself")
    try:
        account = await uow.load(Account, str(other))
    except NotFoundError:
        raise NotFoundError(f"account {other} does not exist") from None
    if account.disabled:
        raise NotFoundError(f"account {other} does not exist")
    return account


async def follow_account(cmd: FollowAccount, uow: UnitOfWork) -> CommandAccepted:
    followee = await _other(uow, cmd.account_id, cmd.followee_id, "follow")
    connection = await connection_between(uow, cmd.account_id, cmd.followee_id)
    connection.follow(cmd.account_id, cmd.followee_id, followee.visibility != "public",
                      datetime.now(UTC))  # fmt: skip
    return await uow.save(connection)


async def unfollow_account(cmd: UnfollowAccount, uow: UnitOfWork) -> CommandAccepted:
    connection = await connection_between(uow, cmd.account_id, cmd.followee_id)
    connection.end(cmd.account_id, cmd.followee_id, "follower")
    return await uow.save(connection)


async def approve_follower(cmd: ApproveFollower, uow: UnitOfWork) -> CommandAccepted:
    connection = await connection_between(uow, cmd.account_id, cmd.follower_id)
    connection.approve(cmd.account_id, cmd.follower_id, datetime.now(UTC))
    return await uow.save(connection)


async def decline_follower(cmd: DeclineFollower, uow: UnitOfWork) -> CommandAccepted:
    connection = await connection_between(uow, cmd.account_id, cmd.follower_id)
    connection.decline(cmd.account_id, cmd.follower_id)
    return await uow.save(connection)


async def remove_follower(cmd: RemoveFollower, uow: UnitOfWork) -> CommandAccepted:
    connection = await connection_between(uow, cmd.account_id, cmd.follower_id)
    connection.end(cmd.follower_id, cmd.account_id, "followee")
    return await uow.save(connection)


async def block_account(cmd: BlockAccount, uow: UnitOfWork) -> CommandAccepted:
    await _other(uow, cmd.account_id, cmd.blocked_id, "block")
    connection = await connection_between(uow, cmd.account_id, cmd.blocked_id)
    connection.block(cmd.account_id, cmd.blocked_id, datetime.now(UTC))
    return await uow.save(connection)


async def unblock_account(cmd: UnblockAccount, uow: UnitOfWork) -> CommandAccepted:
    connection = await connection_between(uow, cmd.account_id, cmd.blocked_id)
    connection.unblock(cmd.account_id, cmd.blocked_id)
    return await uow.save(connection)
