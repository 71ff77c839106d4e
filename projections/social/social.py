"""The social read model: accounts' standing (names, privacy, counts), follows and blocks, posts
with their likes and comments, groups and members, and each account's feed, fanned out on write
(`statements.py` says how replicas take turns). It also reads the identity context (names,
privacy, disabled accounts) and drops a shared run or workout once its owner deletes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.events import (
    AccountDisabled,
    AccountEnabled,
    AccountErased,
    AccountRegistered,
    PrivacyChanged,
    ProfileUpdated,
)
from contracts.movement.events import WorkoutDeleted
from contracts.social.events import (
    AccountBlocked,
    AccountUnblocked,
    CommentAdded,
    CommentDeleted,
    FollowEnded,
    FollowRequested,
    FollowStarted,
    GroupCreated,
    GroupDeleted,
    GroupJoined,
    GroupLeft,
    GroupMemberRemoved,
    PostDeleted,
    PostEdited,
    PostLiked,
    PostPublished,
    PostUnliked,
)
from contracts.social.posts import SharedRun
from contracts.social.reads import BACKFILL_POSTS, FAN_OUT_LIMIT, SOCIAL
from contracts.training.events import RunDeleted
from projections.projection import Applied, Projection, forgets, on
from projections.social import statements as sql_

Events = Sequence[Applied[Any]]


async def _accounts(sql: AsyncConnection, *accounts: Any, changing: bool = False) -> None:
    """Each account's row, made before anything counts on it (their identity events may come
    later), then locked in one order: to change (counts), or to copy its name (so a rename
    applied by another replica at the same time waits, and then renames the new row too)."""
    ids = sorted({str(one) for one in accounts})
    await sql.execute(sql_.ACCOUNTS, {"ids": ids})
    await sql.execute(sql_.LOCK_ACCOUNTS_TO_CHANGE if changing else sql_.LOCK_ACCOUNTS_TO_READ,
                      {"ids": ids})  # fmt: skip


def _shared_id(post: PostPublished) -> Any:
    attachment = post.attachment
    if isinstance(attachment, SharedRun):
        return attachment.run_id
    return attachment.workout_id if attachment is not None else None


class SocialProjection(Projection):
    name = SOCIAL
    tables = (
        "social_accounts_view", "follows_view", "blocks_view", "posts_view", "feed_view",
        "likes_view", "comments_view", "groups_view", "group_members_view", "social_tombstones",
    )  # fmt: skip

    def __init__(self, fan_out_limit: int = FAN_OUT_LIMIT) -> None:
        self.fan_out_limit = fan_out_limit

    # Identity: names, privacy, disabled accounts.
    @on(AccountRegistered, ProfileUpdated)
    async def named(self, sql: AsyncConnection, events: Events) -> None:
        """The name, copied into every row that shows it: the identity topic is not ordered
        with this one, so a post may be applied before its author's registration."""
        rows = [{"account": e.event.account_id, "name": e.event.display_name} for e in events]
        await sql.execute(sql_.REGISTERED, rows)
        for statement in sql_.RENAMED:
            await sql.execute(statement, rows)

    @on(PrivacyChanged)
    async def privacy(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.PRIVACY, [
            {"account": e.event.account_id, "visibility": e.event.visibility} for e in events
        ])  # fmt: skip
        await sql.execute(sql_.AUDIENCE, [{"account": e.event.account_id} for e in events])

    @on(AccountDisabled, AccountEnabled)
    async def disabled(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.DISABLED, [
            {"account": e.event.account_id, "disabled": isinstance(e.event, AccountDisabled)}
            for e in events
        ])  # fmt: skip
        await sql.execute(sql_.AUDIENCE, [{"account": e.event.account_id} for e in events])

    # Follows and blocks.
    @on(FollowRequested)
    async def requested(self, sql: AsyncConnection, events: Events) -> None:
        pairs = [{"follower": e.event.follower_id, "followee": e.event.followee_id,
                  "at": e.event.at} for e in events]  # fmt: skip
        await _accounts(sql, *(p["follower"] for p in pairs), *(p["followee"] for p in pairs))
        await sql.execute(sql_.REQUESTED, pairs)

    @on(FollowStarted)
    async def started(self, sql: AsyncConnection, events: Events) -> None:
        pairs = [{"follower": e.event.follower_id, "followee": e.event.followee_id,
                  "at": e.event.at, "backfill": BACKFILL_POSTS} for e in events]  # fmt: skip
        await _accounts(sql, *(p["follower"] for p in pairs), *(p["followee"] for p in pairs),
                        changing=True)  # fmt: skip
        for pair in pairs:  # every row of the wave is locked already (statements.py)
            await sql.execute(sql_.FOLLOWERS_UP, pair)
            await sql.execute(sql_.FOLLOWING_UP, pair)
            await sql.execute(sql_.STARTED, pair)
            await sql.execute(sql_.BACKFILL_FOLLOWER, pair)

    @on(FollowEnded)
    async def ended(self, sql: AsyncConnection, events: Events) -> None:
        for e in events:
            pair = {"follower": e.event.follower_id, "followee": e.event.followee_id}
            await sql.execute(sql_.FOLLOW_GONE, pair)
            if e.event.was == "active":
                await sql.execute(sql_.FOLLOWERS_DOWN, pair)
                await sql.execute(sql_.FOLLOWING_DOWN, pair)
                await sql.execute(sql_.UNFED, pair)

    @on(AccountBlocked)
    async def blocked(self, sql: AsyncConnection, events: Events) -> None:
        pairs = [{"blocker": e.event.blocker_id, "blocked": e.event.blocked_id, "at": e.event.at}
                 for e in events]  # fmt: skip
        await _accounts(sql, *(p["blocked"] for p in pairs))
        await sql.execute(sql_.BLOCKED, pairs)
        await sql.execute(sql_.BLOCK_UNFED, pairs)

    @on(AccountUnblocked)
    async def unblocked(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.UNBLOCKED, [
            {"blocker": e.event.blocker_id, "blocked": e.event.blocked_id} for e in events
        ])  # fmt: skip

    # Posts, likes, comments.
    @on(PostPublished)
    async def published(self, sql: AsyncConnection, events: Events) -> None:
        await _accounts(sql, *(e.event.author_id for e in events), changing=True)
        groups = [e.event.group_id for e in events if e.event.group_id is not None]
        if groups:
            await sql.execute(sql_.LOCK_GROUPS, {"ids": groups})
        shared = [_shared_id(e.event) for e in events if e.event.attachment is not None]
        gone = {row.id for row in await sql.execute(sql_.GONE, {"ids": [*groups, *shared]})}
        kept = [e for e in events if e.event.group_id not in gone]  # its group was deleted
        if not kept:
            return
        posts: list[PostPublished] = [e.event for e in kept]
        authors = {"ids": [post.author_id for post in posts]}
        standing = {row.account_id: row for row in await sql.execute(sql_.AUTHORS_POSTS_UP,
                                                                     authors)}  # fmt: skip
        members: dict[Any, int] = {}
        groups = [post.group_id for post in posts if post.group_id is not None]
        if groups:
            rows = await sql.execute(sql_.GROUPS_POSTS_UP, {"ids": groups})
            members = {row.group_id: row.members for row in rows}
        audiences, fanned = [], []
        for post in posts:
            author = standing[post.author_id]
            if post.group_id is None:
                audiences.append("hidden" if author.disabled else author.visibility)
                fanned.append(author.followers <= self.fan_out_limit)
            else:  # a group not projected yet: its members so far
                audiences.append("hidden" if author.disabled else "group")
                fanned.append(members.get(post.group_id, 0) <= self.fan_out_limit)
        columns = {
            "posts": [post.post_id for post in posts],
            "authors": [post.author_id for post in posts],
            "groups": [post.group_id for post in posts],
            "ats": [post.published_at for post in posts],
            "fanned": fanned,
        }
        await sql.execute(sql_.PUBLISHED, {
            **columns, "texts": [post.text for post in posts], "audiences": audiences,
            "attachments": [
                post.attachment.model_dump_json()
                if post.attachment and _shared_id(post) not in gone else None
                for post in posts
            ],
            "versions": [e.version for e in kept],
        })  # fmt: skip
        await sql.execute(sql_.FAN_OUT, columns)

    @on(PostEdited)
    async def edited(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.EDITED, [
            {"post": e.event.post_id, "text": e.event.text, "at": e.event.edited_at,
             "version": e.version}
            for e in events
        ])  # fmt: skip

    @on(PostDeleted)
    async def post_deleted(self, sql: AsyncConnection, events: Events) -> None:
        rows = [{"post": e.event.post_id, "author": e.event.author_id, "group": e.event.group_id}
                for e in events]  # fmt: skip
        for statement in sql_.POST_GONE:
            await sql.execute(statement, rows)

    @on(RunDeleted)
    async def run_deleted(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.TOMBSTONE, [{"id": e.event.run_id, "kind": "run"} for e in events])
        await sql.execute(sql_.RUN_GONE, [{"run": e.event.run_id} for e in events])

    @on(WorkoutDeleted)
    async def workout_deleted(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.TOMBSTONE, [
            {"id": e.event.workout_id, "kind": "workout"} for e in events
        ])  # fmt: skip
        await sql.execute(sql_.WORKOUT_GONE, [{"workout": e.event.workout_id} for e in events])

    @on(PostLiked)
    async def liked(self, sql: AsyncConnection, events: Events) -> None:
        await _accounts(sql, *(e.event.account_id for e in events))
        await sql.execute(sql_.LIKED, [
            {"post": e.event.post_id, "account": e.event.account_id, "at": e.event.liked_at}
            for e in events
        ])  # fmt: skip

    @on(PostUnliked)
    async def unliked(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.UNLIKED, [
            {"post": e.event.post_id, "account": e.event.account_id} for e in events
        ])  # fmt: skip

    @on(CommentAdded)
    async def commented(self, sql: AsyncConnection, events: Events) -> None:
        await _accounts(sql, *(e.event.author_id for e in events))
        await sql.execute(sql_.COMMENTED, [
            {"comment": e.event.comment_id, "post": e.event.post_id,
             "author": e.event.author_id, "text": e.event.text, "at": e.event.commented_at}
            for e in events
        ])  # fmt: skip

    @on(CommentDeleted)
    async def uncommented(self, sql: AsyncConnection, events: Events) -> None:
        await sql.execute(sql_.UNCOMMENTED, [{"comment": e.event.comment_id} for e in events])

    # Groups.
    @on(GroupCreated)
    async def group_created(self, sql: AsyncConnection, events: Events) -> None:
        await _accounts(sql, *(e.event.owner_id for e in events))
        await sql.execute(sql_.GROUP_CREATED, [
            {"group": e.event.group_id, "owner": e.event.owner_id, "name": e.event.group_name,
             "description": e.event.description, "at": e.event.created_at}
            for e in events
        ])  # fmt: skip

    @on(GroupJoined)
    async def joined(self, sql: AsyncConnection, events: Events) -> None:
        await _accounts(sql, *(e.event.account_id for e in events))
        for e in sorted(events, key=lambda one: str(one.event.group_id)):
            row = {"group": e.event.group_id, "account": e.event.account_id,
                   "at": e.event.joined_at, "backfill": BACKFILL_POSTS}  # fmt: skip
            await sql.execute(sql_.MEMBERS_UP, row)  # the group's row first: the lock
            await sql.execute(sql_.JOINED, row)
            await sql.execute(sql_.BACKFILL_MEMBER, row)

    @on(GroupLeft, GroupMemberRemoved)
    async def left(self, sql: AsyncConnection, events: Events) -> None:
        rows = [{"group": e.event.group_id, "account": e.event.account_id} for e in events]
        await sql.execute(sql_.MEMBER_GONE, rows)
        await sql.execute(sql_.MEMBER_UNFED, rows)

    @on(AccountErased)
    async def erased(self, sql: AsyncConnection, events: Events) -> None:
        """An erased account's groups and posts go as if deleted, its comments, likes,
        memberships, follows (both ways, counted down) and blocks with them, then its row."""
        for e in events:
            account = {"account": e.event.account_id}
            for group in (await sql.execute(sql_.ERASED_GROUPS, account)).all():
                for statement in sql_.GROUP_GONE:
                    await sql.execute(statement, {"group": group.group_id})
            for post in (await sql.execute(sql_.ERASED_POSTS, account)).all():
                row = {"post": post.post_id, "author": post.author_id, "group": post.group_id}
                for statement in sql_.POST_GONE:
                    await sql.execute(statement, row)
            for comment in (await sql.execute(sql_.ERASED_COMMENTS, account)).all():
                await sql.execute(sql_.UNCOMMENTED, {"comment": comment.comment_id})
            for like in (await sql.execute(sql_.ERASED_LIKES, account)).all():
                await sql.execute(sql_.UNLIKED, {"post": like.post_id, "account": like.account_id})
            for member in (await sql.execute(sql_.ERASED_MEMBERSHIPS, account)).all():
                pair = {"group": member.group_id, "account": member.account_id}
                await sql.execute(sql_.MEMBER_GONE, pair)
                await sql.execute(sql_.MEMBER_UNFED, pair)
            for follow in (await sql.execute(sql_.ERASED_FOLLOWS, account)).all():
                pair = {"follower": follow.follower_id, "followee": follow.followee_id}
                await sql.execute(sql_.FOLLOWERS_DOWN, pair)
                await sql.execute(sql_.FOLLOWING_DOWN, pair)
            for statement in sql_.ERASED_REST:
                await sql.execute(statement, account)

    @on(GroupDeleted)
    async def group_deleted(self, sql: AsyncConnection, events: Events) -> None:
        rows = [{"group": e.event.group_id} for e in events]
        for statement in sql_.GROUP_GONE:
            await sql.execute(statement, rows)

    @forgets(PostPublished)
    async def erased_post(self, sql: AsyncConnection, events: Events) -> None:
        """An erased author's post, met after the erasure (out of order, or in a rebuild): gone
        as if deleted, with the likes and comments others gave it."""
        rows = [{"post": e.event.post_id} for e in events]
        for statement in sql_.POST_GONE:
            await sql.execute(statement, rows)

    @forgets(GroupCreated)
    async def erased_group(self, sql: AsyncConnection, events: Events) -> None:
        """An erased owner's group, met after the erasure: gone as if deleted, with the posts
        and memberships of others in it."""
        await self.group_deleted(sql, events)
