"""Who follows whom, and who blocks whom. A public account is followed at once; following an
account whose privacy is `followers` or `private` is a request its owner approves or declines. A
block ends every follow between the two and hides each from the other."""

from __future__ import annotations

from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict

from contracts.commands import Command, CommandAccepted

FollowStatus = Literal["requested", "active"]
Ender = Literal["follower", "followee", "block"]
"""Who ended a follow (or a request): the follower unfollowed or withdrew, the followee removed or
declined, or a block between the two ended it."""


def connection_id(one: UUID, other: UUID) -> UUID:
    """One stream per pair of accounts, whichever side acts: follows both ways and blocks."""
    low, high = sorted((one, other), key=str)
    return uuid5(NAMESPACE_URL, f"pacer:connection:{low}:{high}")


class FollowRequest(BaseModel):
    """Body of `POST /social/follows`."""

    model_config = ConfigDict(extra="forbid")

    account_id: UUID


class FollowAccount(Command[CommandAccepted]):
    account_id: UUID
    followee_id: UUID


class UnfollowAccount(Command[CommandAccepted]):
    """Stop following, or withdraw a request."""

    account_id: UUID
    followee_id: UUID


class ApproveFollower(Command[CommandAccepted]):
    account_id: UUID
    follower_id: UUID


class DeclineFollower(Command[CommandAccepted]):
    account_id: UUID
    follower_id: UUID


class RemoveFollower(Command[CommandAccepted]):
    account_id: UUID
    follower_id: UUID


class BlockAccount(Command[CommandAccepted]):
    account_id: UUID
    blocked_id: UUID


class UnblockAccount(Command[CommandAccepted]):
    account_id: UUID
    blocked_id: UUID
