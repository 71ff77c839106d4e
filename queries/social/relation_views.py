"""Relation views: an account's social standing as you see it, your followers and requests,
whom you follow, whom you block."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.reads import ProfileSummary
from contracts.social.reads import Block, Follow, FollowPage, SocialAccount
from contracts.social.relations import FollowStatus
from queries.cursors import page_of, page_parameters

ACCOUNT = text(
    "SELECT a.account_id, a.display_name, a.followers, a.following, a.posts, "
    "(SELECT status FROM follows_view WHERE follower_id = :me AND followee_id = a.account_id) "
    "AS you_follow, (SELECT status FROM follows_view WHERE follower_id = a.account_id "
    "AND followee_id = :me) AS follows_you, EXISTS (SELECT 1 FROM blocks_view "
    "WHERE blocker_id = :me AND blocked_id = a.account_id) AS you_block "
    "FROM social_accounts_view a WHERE a.account_id = :account"
)
SIDES = {
    "followers": ("follower_id", "follower_name", "followee_id"),
    "following": ("followee_id", "followee_name", "follower_id"),
}
BLOCKS = text(
    "SELECT blocked_id, blocked_name, since FROM blocks_view WHERE blocker_id = :me "
    "ORDER BY since DESC, blocked_id DESC LIMIT 1000"
)


async def account(connection: AsyncConnection, me: UUID, account_id: UUID) -> SocialAccount | None:
    row = (await connection.execute(ACCOUNT, {"me": me, "account": account_id})).first()
    if row is None:
        return None
    return SocialAccount(
        account_id=row.account_id, display_name=row.display_name, followers=row.followers,
        following=row.following, posts=row.posts, you_follow=row.you_follow,
        follows_you=row.follows_you, you_block=row.you_block,
    )  # fmt: skip


async def follows(
    connection: AsyncConnection,
    me: UUID,
    side: Literal["followers", "following"],
    status: FollowStatus | None,
    limit: int,
    cursor: str | None,
) -> FollowPage:
    other, name, mine = SIDES[side]
    rows = await connection.execute(
        text(
            f"SELECT {other} AS account_id, {name} AS name, status, since FROM follows_view "  # noqa: S608 - constants
            f"WHERE {mine} = :me AND (CAST(:status AS text) IS NULL OR status = :status) "
            "AND (CAST(:after_at AS timestamptz) IS NULL "
            f"OR (since, {other}) < (:after_at, :after_id)) "
            f"ORDER BY since DESC, {other} DESC LIMIT :limit"
        ),
        {"me": me, "status": status, **page_parameters(cursor, limit)},
    )
    found = [
        Follow(account=ProfileSummary(account_id=row.account_id, display_name=row.name),
               status=row.status, since=row.since)
        for row in rows
    ]  # fmt: skip
    items, next_cursor = page_of(found, limit, lambda f: (f.since, f.account.account_id))
    return FollowPage(items=items, next_cursor=next_cursor)


async def blocks(connection: AsyncConnection, me: UUID) -> list[Block]:
    return [
        Block(account=ProfileSummary(account_id=row.blocked_id, display_name=row.blocked_name),
              since=row.since)
        for row in await connection.execute(BLOCKS, {"me": me})
    ]  # fmt: skip
