"""Groups: anyone signed in creates one and becomes its owner; anyone joins and leaves; members
post in it and read its posts; the owner removes posts and members (a removed member cannot join
again) and may delete the group."""

from __future__ import annotations

from typing import Annotated, Final
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.types import PlainText

MAX_GROUP_NAME: Final = 80
MAX_GROUP_DESCRIPTION: Final = 1000

GroupName = Annotated[str, PlainText(max_length=MAX_GROUP_NAME)]
GroupDescription = Annotated[
    str, PlainText(min_length=0, max_length=MAX_GROUP_DESCRIPTION, multiline=True)
]


def membership_id(group_id: UUID, account_id: UUID) -> UUID:
    """One membership stream per group and account: joined, left, joined again, removed."""
    return uuid5(NAMESPACE_URL, f"pacer:membership:{group_id}:{account_id}")


class GroupDraft(BaseModel):
    """Body of `POST /social/groups`."""

    model_config = ConfigDict(extra="forbid")

    name: GroupName
    description: GroupDescription = Field(default="")


class CreateGroup(Command[CommandAccepted]):
    group_id: UUID
    account_id: UUID
    name: GroupName
    description: GroupDescription = ""


class JoinGroup(Command[CommandAccepted]):
    group_id: UUID
    account_id: UUID


class LeaveGroup(Command[CommandAccepted]):
    group_id: UUID
    account_id: UUID


class RemoveGroupMember(Command[CommandAccepted]):
    group_id: UUID
    account_id: UUID
    member_id: UUID


class DeleteGroup(Command[CommandAccepted]):
    group_id: UUID
    account_id: UUID
