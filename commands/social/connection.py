"""The Connection aggregate: everything between two accounts, one stream per pair
(`connection_id`), so a follow and a block between the same two never race. A blocked account
is told the blocker does not exist."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConflictError, NotFoundError
from contracts.events import DomainEvent
from contracts.social.events import (
    AccountBlocked,
    AccountUnblocked,
    FollowEnded,
    FollowRequested,
    FollowStarted,
)
from contracts.social.relations import Ender, FollowStatus


class Connection(Aggregate):
    stream_type = "connection"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.follows: dict[tuple[UUID, UUID], FollowStatus] = {}
        """(follower, followee) → status."""
        self.blockers: set[UUID] = set()

    def follow_of(self, follower: UUID, followee: UUID) -> FollowStatus | None:
        return self.follows.get((follower, followee))

    def blocked_between(self) -> bool:
        return bool(self.blockers)

    def follow(self, follower: UUID, followee: UUID, needs_approval: bool, at: datetime) -> None:
        """Follow, or ask to; asking again, or following again, changes nothing."""
        if followee in self.blockers:
            raise NotFoundError(f"account {followee} does not exist")
        if follower in self.blockers:
            raise ConflictError("you block this account: unblock it to follow it")
        if self.follow_of(follower, followee) is not None:
            return
        if needs_approval:
            self.record(FollowRequested(follower_id=follower, followee_id=followee, at=at))
        else:
            self.record(FollowStarted(follower_id=follower, followee_id=followee, approved=False,
                                      at=at))  # fmt: skip

    def end(self, follower: UUID, followee: UUID, by: Ender) -> None:
        """Unfollow, withdraw, remove or decline; nothing to end is a 404."""
        status = self.follow_of(follower, followee)
        if status is None:
            raise NotFoundError(
                f"{'you do not follow' if by == 'follower' else 'no follow of yours by'} "
                f"account {followee if by == 'follower' else follower}"
            )
        self.record(FollowEnded(follower_id=follower, followee_id=followee, was=status, by=by))

    def approve(self, followee: UUID, follower: UUID, at: datetime) -> None:
        status = self.follow_of(follower, followee)
        if status is None:
            raise NotFoundError(f"no request to follow you from account {follower}")
        if status == "requested":
            self.record(FollowStarted(follower_id=follower, followee_id=followee, approved=True,
                                      at=at))  # fmt: skip

    def decline(self, followee: UUID, follower: UUID) -> None:
        if self.follow_of(follower, followee) != "requested":
            raise NotFoundError(f"no request to follow you from account {follower}")
        self.end(follower, followee, "followee")

    def block(self, blocker: UUID, blocked: UUID, at: datetime) -> None:
        """Block (again: nothing changes); every follow between the two ends first."""
        if blocker in self.blockers:
            return
        for follower, followee in list(self.follows):
            self.end(follower, followee, "block")
        self.record(AccountBlocked(blocker_id=blocker, blocked_id=blocked, at=at))

    def unblock(self, blocker: UUID, blocked: UUID) -> None:
        if blocker not in self.blockers:
            raise NotFoundError(f"you do not block account {blocked}")
        self.record(AccountUnblocked(blocker_id=blocker, blocked_id=blocked))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case FollowRequested():
                self.follows[(event.follower_id, event.followee_id)] = "requested"
            case FollowStarted():
                self.follows[(event.follower_id, event.followee_id)] = "active"
            case FollowEnded():
                self.follows.pop((event.follower_id, event.followee_id), None)
            case AccountBlocked():
                self.blockers.add(event.blocker_id)
            case AccountUnblocked():
                self.blockers.discard(event.blocker_id)
