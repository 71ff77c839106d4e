"""One handler per group command."""

from __future__ import annotations

from datetime import UTC, datetime

from commands.errors import NotFoundError
from commands.social.audience import connection_between, live_group, member_of
from commands.social.group import Group
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.commands import CommandAccepted
from contracts.social.groups import (
    CreateGroup,
    DeleteGroup,
    JoinGroup,
    LeaveGroup,
    RemoveGroupMember,
)


async def create_group(cmd: CreateGroup, uow: UnitOfWork) -> CommandAccepted:
    existing = await load_or_start(uow, Group, str(cmd.group_id))
    if existing.version:
        return await uow.save(existing)  # the same request again
    now = datetime.now(UTC)
    group = Group.create(cmd.group_id, cmd.account_id, cmd.name, cmd.description, now)
    membership = await member_of(uow, cmd.group_id, cmd.account_id)
    membership.join(cmd.group_id, cmd.account_id, now)
    await uow.save(membership)
    return await uow.save(group)


async def join_group(cmd: JoinGroup, uow: UnitOfWork) -> CommandAccepted:
    group = await live_group(uow, cmd.group_id)
    if (await connection_between(uow, cmd.account_id, group.owner_id)).blocked_between():
        raise NotFoundError(f"group {cmd.group_id} does not exist")
    membership = await member_of(uow, cmd.group_id, cmd.account_id)
    membership.join(cmd.group_id, cmd.account_id, datetime.now(UTC))
    return await uow.save(membership)


async def leave_group(cmd: LeaveGroup, uow: UnitOfWork) -> CommandAccepted:
    group = await live_group(uow, cmd.group_id)
    membership = await member_of(uow, cmd.group_id, cmd.account_id)
    membership.leave(group, cmd.account_id)
    return await uow.save(membership)


async def remove_group_member(cmd: RemoveGroupMember, uow: UnitOfWork) -> CommandAccepted:
    group = await live_group(uow, cmd.group_id)
    group.check_owner(cmd.account_id)
    membership = await member_of(uow, cmd.group_id, cmd.member_id)
    membership.remove(group, cmd.member_id)
    return await uow.save(membership)


async def delete_group(cmd: DeleteGroup, uow: UnitOfWork) -> CommandAccepted:
    group = await live_group(uow, cmd.group_id)
    group.delete(cmd.account_id)
    return await uow.save(group)
