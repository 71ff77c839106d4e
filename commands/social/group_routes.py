"""Groups over HTTP (`/social/groups`): create, join, leave, remove a member, delete. Groups,
their members and their posts are read on the query API."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, account_limit, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.social.groups import (
    CreateGroup,
    DeleteGroup,
    GroupDraft,
    JoinGroup,
    LeaveGroup,
    RemoveGroupMember,
)
from infra.problems import problems

router = APIRouter(prefix="/social/groups", tags=["social"])
Answer = problems(403, 404, 409, 422)
GROUPS = account_limit("posts", "limit_posts_per_account", "posts, comments and groups")


@router.post("", status_code=201, response_model=CommandAccepted, responses=Answer,
             dependencies=[GROUPS])  # fmt: skip
async def create_group(
    body: GroupDraft, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Create a group; you own it and are its first member. `aggregate_id` is its id."""
    command = build(CreateGroup, group_id=new_id(sender, key), account_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/{group_id}/membership", response_model=CommandAccepted, responses=Answer)
async def join_group(
    group_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Join a group (again: nothing changes); 403 if its owner removed you."""
    command = build(JoinGroup, group_id=group_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.delete("/{group_id}/membership", response_model=CommandAccepted, responses=Answer)
async def leave_group(
    group_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Leave a group (its owner deletes it instead: 409)."""
    command = build(LeaveGroup, group_id=group_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.delete("/{group_id}/members/{account_id}", response_model=CommandAccepted,
               responses=Answer)  # fmt: skip
async def remove_group_member(
    group_id: UUID, account_id: UUID, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Remove a member from your group (403 unless you own it); they cannot join again."""
    command = build(RemoveGroupMember, group_id=group_id, account_id=sender.account_id,
                    member_id=account_id)  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.delete("/{group_id}", response_model=CommandAccepted, responses=Answer)
async def delete_group(
    group_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Delete your group, its memberships and its posts (403 unless you own it)."""
    command = build(DeleteGroup, group_id=group_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)
