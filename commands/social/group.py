"""The Group and Membership aggregates: a group's owner and whether it still exists; one
membership stream per group and account (`membership_id`), so joining never contends with the
group itself."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError, NotFoundError, NotPermittedError
from contracts.events import DomainEvent
from contracts.social.events import (
    GroupCreated,
    GroupDeleted,
    GroupJoined,
    GroupLeft,
    GroupMemberRemoved,
)

MembershipStatus = Literal["member", "left", "removed"]


class Group(Aggregate):
    stream_type = "group"

    owner_id: UUID
    deleted = False

    @property
    def group_id(self) -> UUID:
        return UUID(self.id)

    @classmethod
    def create(cls, group_id: UUID, owner_id: UUID, name: str, description: str,
               at: datetime) -> Group:  # fmt: skip
        group = cls(str(group_id))
        group.record(GroupCreated(group_id=group_id, owner_id=owner_id, group_name=name,
                                  description=description, created_at=at))  # fmt: skip
        return group

    def check_exists(self) -> None:
        if self.deleted:
            raise NotFoundError(f"group {self.id} does not exist")

    def check_owner(self, account_id: UUID) -> None:
        self.check_exists()
        if account_id != self.owner_id:
            raise NotPermittedError("only the group's owner does that")

    def delete(self, account_id: UUID) -> None:
        self.check_owner(account_id)
        self.record(GroupDeleted(group_id=self.group_id, owner_id=self.owner_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case GroupCreated():
                self.owner_id = event.owner_id
            case GroupDeleted():
                self.deleted = True


class Membership(Aggregate):
    stream_type = "membership"

    status: MembershipStatus | None = None

    @property
    def member(self) -> bool:
        return self.status == "member"

    def join(self, group_id: UUID, account_id: UUID, at: datetime) -> None:
        if self.status == "removed":
            raise NotPermittedError("the group's owner removed you from this group")
        if self.status != "member":
            self.record(GroupJoined(group_id=group_id, account_id=account_id, joined_at=at))

    def leave(self, group: Group, account_id: UUID) -> None:
        if account_id == group.owner_id:
            raise ConflictError("the owner cannot leave the group: delete it instead")
        if not self.member:
            raise NotFoundError(f"you are not a member of group {group.id}")
        self.record(GroupLeft(group_id=group.group_id, account_id=account_id))

    def remove(self, group: Group, member_id: UUID) -> None:
        if member_id == group.owner_id:
            raise ConflictError("the owner cannot remove themselves: delete the group instead")
        if not self.member:
            raise NotFoundError(f"account {member_id} is not a member of group {group.id}")
        self.record(GroupMemberRemoved(group_id=group.group_id, account_id=member_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case GroupJoined():
                self.status = "member"
            case GroupLeft():
                self.status = "left"
            case GroupMemberRemoved():
                self.status = "removed"
