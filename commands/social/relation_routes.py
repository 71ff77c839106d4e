"""Follows and blocks over HTTP (`/social`). Who follows you, whom you follow and whom you block
are listed on the query API."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, account_limit, answer, build
from contracts.commands import CommandAccepted
from contracts.social.relations import (
    ApproveFollower,
    BlockAccount,
    DeclineFollower,
    FollowAccount,
    FollowRequest,
    RemoveFollower,
    UnblockAccount,
    UnfollowAccount,
)
from infra.problems import problems

router = APIRouter(prefix="/social", tags=["social"])
Answer = problems(404, 409, 422)
FOLLOWS = account_limit("follows", "limit_follows_per_account", "follow requests")


@router.post("/follows", response_model=CommandAccepted, responses=Answer, dependencies=[FOLLOWS])
async def follow(
    body: FollowRequest, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Follow an account: at once if its profile is public, else as a request its owner approves
    or declines. Following again changes nothing; 404 for an account you cannot see."""
    command = build(FollowAccount, account_id=sender.account_id, followee_id=body.account_id)
    return answer(await sender.send(command, key), response)


@router.delete("/follows/{account_id}", response_model=CommandAccepted, responses=Answer)
async def unfollow(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Stop following an account, or withdraw your request."""
    command = build(UnfollowAccount, account_id=sender.account_id, followee_id=account_id)
    return answer(await sender.send(command, key), response)


@router.post("/followers/{account_id}/approve", response_model=CommandAccepted, responses=Answer)
async def approve_follower(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Approve an account's request to follow you."""
    command = build(ApproveFollower, account_id=sender.account_id, follower_id=account_id)
    return answer(await sender.send(command, key), response)


@router.post("/followers/{account_id}/decline", response_model=CommandAccepted, responses=Answer)
async def decline_follower(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Decline an account's request to follow you."""
    command = build(DeclineFollower, account_id=sender.account_id, follower_id=account_id)
    return answer(await sender.send(command, key), response)


@router.delete("/followers/{account_id}", response_model=CommandAccepted, responses=Answer)
async def remove_follower(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Remove a follower (or a pending request)."""
    command = build(RemoveFollower, account_id=sender.account_id, follower_id=account_id)
    return answer(await sender.send(command, key), response)


@router.put("/blocks/{account_id}", response_model=CommandAccepted, responses=Answer)
async def block(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Block an account: every follow between you ends, neither sees the other's profile, posts,
    comments or likes, and it cannot follow you. Blocking again changes nothing."""
    command = build(BlockAccount, account_id=sender.account_id, blocked_id=account_id)
    return answer(await sender.send(command, key), response)


@router.delete("/blocks/{account_id}", response_model=CommandAccepted, responses=Answer)
async def unblock(
    account_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Unblock an account (follows that the block ended stay ended)."""
    command = build(UnblockAccount, account_id=sender.account_id, blocked_id=account_id)
    return answer(await sender.send(command, key), response)
