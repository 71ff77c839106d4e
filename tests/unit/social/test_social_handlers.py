"""The social commands through the real bus on the in-memory unit of work: follows and requests
as privacy says, blocks, what may be shared in a post, who may like or comment (exactly who may
see the post), groups and their owners' powers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConflictError, NotFoundError, NotPermittedError, RuleViolationError
from contracts.identity.commands import RegisterAccount, SetPrivacy
from contracts.identity.profile import Visibility
from contracts.social.events import (
    AccountBlocked,
    FollowEnded,
    FollowRequested,
    FollowStarted,
    PostPublished,
)
from contracts.social.groups import (
    CreateGroup,
    DeleteGroup,
    JoinGroup,
    LeaveGroup,
    RemoveGroupMember,
)
from contracts.social.posts import (
    CommentOnPost,
    DeleteComment,
    DeletePost,
    EditPost,
    LikePost,
    PostDraft,
    PublishPost,
    SharedRun,
    UnlikePost,
)
from contracts.social.relations import (
    ApproveFollower,
    BlockAccount,
    DeclineFollower,
    FollowAccount,
    UnblockAccount,
    UnfollowAccount,
    connection_id,
)
from contracts.training.commands import RecordRun
from contracts.training.events import RunRecorded
from tests.fakes import FakeDatabase, fake_bus

PASSWORD = "correct horse battery"
YESTERDAY = datetime.now(UTC) - timedelta(days=1)


class World:
    def __init__(self) -> None:
        self.database = FakeDatabase()
        self.bus: CommandBus = fake_bus(self.database)

    async def account(self, name: str, visibility: Visibility = "followers") -> UUID:
        account_id = uuid4()
        await self.bus.dispatch(
            RegisterAccount(account_id=account_id, email=f"{name}@example.com",
                            password=PASSWORD, display_name=name.title(), role="athlete"),
            Actor.anonymous(),
        )  # fmt: skip
        if visibility != "followers":
            await self.send(account_id, SetPrivacy(account_id=account_id, visibility=visibility))
        return account_id

    async def send(self, by: UUID, command: Any) -> Any:
        return (await self.bus.dispatch(command, Actor.account(by, "athlete"))).value

    def between(self, one: UUID, other: UUID) -> list[Any]:
        return self.database.events_of(str(connection_id(one, other)))

    async def post(self, author: UUID, **fields: Any) -> UUID:
        post_id = uuid4()
        await self.send(author, PublishPost(post_id=post_id, account_id=author,
                                            **{"text": "Easy ten", **fields}))  # fmt: skip
        return post_id


@pytest.fixture
async def world() -> World:
    return World()


async def test_a_public_account_is_followed_at_once_another_by_approval(world: World) -> None:
    ada, bob = await world.account("ada", "public"), await world.account("bob")
    cy = await world.account("cy")
    await world.send(bob, FollowAccount(account_id=bob, followee_id=ada))
    [started] = world.between(ada, bob)
    assert isinstance(started, FollowStarted)
    await world.send(bob, FollowAccount(account_id=bob, followee_id=ada))  # again: nothing
    assert len(world.between(ada, bob)) == 1

    await world.send(ada, FollowAccount(account_id=ada, followee_id=bob))  # Bob is followers-only
    assert isinstance(world.between(ada, bob)[-1], FollowRequested)
    with pytest.raises(NotFoundError):  # Cy asked nothing of Ada
        await world.send(ada, ApproveFollower(account_id=ada, follower_id=cy))
    await world.send(bob, ApproveFollower(account_id=bob, follower_id=ada))
    approved = world.between(ada, bob)[-1]
    assert isinstance(approved, FollowStarted)
    assert approved.approved

    await world.send(cy, FollowAccount(account_id=cy, followee_id=bob))
    await world.send(bob, DeclineFollower(account_id=bob, follower_id=cy))
    declined = world.between(bob, cy)[-1]
    assert isinstance(declined, FollowEnded)
    assert (declined.was, declined.by) == ("requested", "followee")
    with pytest.raises(NotFoundError):
        await world.send(cy, UnfollowAccount(account_id=cy, followee_id=bob))
    with pytest.raises(RuleViolationError):
        await world.send(cy, FollowAccount(account_id=cy, followee_id=cy))
    with pytest.raises(NotFoundError):
        await world.send(cy, FollowAccount(account_id=cy, followee_id=uuid4()))


async def test_a_block_ends_follows_both_ways_and_the_blocked_cannot_follow(
    world: World,
) -> None:
    ada, dee = await world.account("ada", "public"), await world.account("dee", "public")
    await world.send(dee, FollowAccount(account_id=dee, followee_id=ada))
    await world.send(ada, FollowAccount(account_id=ada, followee_id=dee))
    await world.send(ada, BlockAccount(account_id=ada, blocked_id=dee))
    *_, first, second, blocked = world.between(ada, dee)
    assert {(e.follower_id, e.by) for e in (first, second)} == {(dee, "block"), (ada, "block")}
    assert isinstance(blocked, AccountBlocked)
    with pytest.raises(NotFoundError):  # as if Ada did not exist
        await world.send(dee, FollowAccount(account_id=dee, followee_id=ada))
    with pytest.raises(ConflictError):  # Ada unblocks first
        await world.send(ada, FollowAccount(account_id=ada, followee_id=dee))
    await world.send(ada, UnblockAccount(account_id=ada, blocked_id=dee))
    await world.send(dee, FollowAccount(account_id=dee, followee_id=ada))
    assert isinstance(world.between(ada, dee)[-1], FollowStarted)


async def test_a_post_shares_only_its_authors_own_manual_runs(world: World) -> None:
    ada, bob = await world.account("ada"), await world.account("bob")
    run_id = uuid4()
    await world.send(ada, RecordRun(run_id=run_id, athlete_id=ada, distance_km=10,
                                    duration_s=3000, started_at=YESTERDAY))  # fmt: skip
    post_id = await world.post(ada, run_id=run_id)
    [published] = world.database.events_of(str(post_id))
    assert isinstance(published, PostPublished)
    assert isinstance(published.attachment, SharedRun)
    assert published.attachment.distance_km == 10
    with pytest.raises(NotFoundError):  # someone else's run is missing
        await world.post(bob, run_id=run_id)

    imported = uuid4()  # a run Strava imported: Strava's data stays its owner's
    world.database.state.streams[str(imported)] = ("run", 1)
    world.database.state.events[str(imported)] = [RunRecorded(
        run_id=imported, athlete_id=ada, distance_km=5, duration_s=1500, started_at=YESTERDAY,
        source="strava", strava_activity_id=42, sport_type="Run")]  # fmt: skip
    with pytest.raises(RuleViolationError, match="Strava"):
        await world.post(ada, run_id=imported)
    with pytest.raises(ValidationError):
        PostDraft(text="both", run_id=uuid4(), workout_id=uuid4())
    with pytest.raises(ValidationError):
        PostDraft(text="   ")


async def test_only_those_who_may_see_a_post_like_or_comment_on_it(world: World) -> None:
    ada, bob, cy = await world.account("ada"), await world.account("bob"), await world.account("cy")
    post_id = await world.post(ada)
    await world.send(bob, FollowAccount(account_id=bob, followee_id=ada))
    with pytest.raises(NotFoundError):  # a request is not a follow
        await world.send(bob, LikePost(post_id=post_id, account_id=bob))
    await world.send(ada, ApproveFollower(account_id=ada, follower_id=bob))
    await world.send(bob, LikePost(post_id=post_id, account_id=bob))
    comment = uuid4()
    await world.send(bob, CommentOnPost(comment_id=comment, post_id=post_id, account_id=bob,
                                        text="Nice"))  # fmt: skip
    for command in (
        LikePost(post_id=post_id, account_id=cy),
        CommentOnPost(comment_id=uuid4(), post_id=post_id, account_id=cy, text="Hi"),
    ):
        with pytest.raises(NotFoundError):  # a stranger to a followers-only account
            await world.send(cy, command)
    await world.send(ada, SetPrivacy(account_id=ada, visibility="private"))
    with pytest.raises(NotFoundError):  # private: nobody but Ada
        await world.send(bob, LikePost(post_id=post_id, account_id=bob))
    await world.send(bob, UnlikePost(post_id=post_id, account_id=bob))  # taking back still works
    with pytest.raises(NotFoundError):  # a stranger does not delete a comment
        await world.send(cy, DeleteComment(comment_id=comment, account_id=cy))
    await world.send(ada, DeleteComment(comment_id=comment, account_id=ada))  # the post's author
    with pytest.raises(NotFoundError):
        await world.send(bob, EditPost(post_id=post_id, account_id=bob, text="mine",
                                       expected_version=1))  # fmt: skip
    await world.send(ada, EditPost(post_id=post_id, account_id=ada, text="Easy 12",
                                   expected_version=1))  # fmt: skip
    with pytest.raises(NotFoundError):
        await world.send(bob, DeletePost(post_id=post_id, account_id=bob))
    await world.send(ada, DeletePost(post_id=post_id, account_id=ada))
    with pytest.raises(NotFoundError):
        await world.send(ada, DeletePost(post_id=post_id, account_id=ada))


async def test_groups_members_post_and_owners_remove(world: World) -> None:
    ada, bob, cy = await world.account("ada"), await world.account("bob"), await world.account("cy")
    group = uuid4()
    await world.send(ada, CreateGroup(group_id=group, account_id=ada, name="Track Tuesdays"))
    with pytest.raises(NotPermittedError):  # members post
        await world.post(bob, group_id=group)
    await world.send(bob, JoinGroup(group_id=group, account_id=bob))
    post_id = await world.post(bob, group_id=group)  # Bob is followers-only: the group sees it
    await world.send(ada, LikePost(post_id=post_id, account_id=ada))
    with pytest.raises(NotFoundError):  # not a member
        await world.send(cy, LikePost(post_id=post_id, account_id=cy))
    with pytest.raises(NotPermittedError):
        await world.send(bob, RemoveGroupMember(group_id=group, account_id=bob, member_id=ada))
    with pytest.raises(ConflictError):  # the owner deletes the group instead
        await world.send(ada, LeaveGroup(group_id=group, account_id=ada))
    await world.send(ada, DeletePost(post_id=post_id, account_id=ada))  # the group's owner
    await world.send(ada, RemoveGroupMember(group_id=group, account_id=ada, member_id=bob))
    with pytest.raises(NotPermittedError):  # removed: cannot join again
        await world.send(bob, JoinGroup(group_id=group, account_id=bob))
    await world.send(cy, JoinGroup(group_id=group, account_id=cy))
    await world.send(cy, LeaveGroup(group_id=group, account_id=cy))
    with pytest.raises(NotPermittedError):
        await world.send(cy, DeleteGroup(group_id=group, account_id=cy))
    await world.send(ada, DeleteGroup(group_id=group, account_id=ada))
    with pytest.raises(NotFoundError):
        await world.send(cy, JoinGroup(group_id=group, account_id=cy))
