"""Post views: the feed, a post, an account's or a group's posts, a post's comments and likes.
Who sees what is the row policies' decision (migration 0014): each query names only what it
is about, and a page is cut after the policies have filtered it, so pages are full."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import TypeAdapter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.reads import ProfileSummary
from contracts.social.posts import Attachment
from contracts.social.reads import (
    Comment,
    CommentPage,
    GroupSummary,
    Like,
    LikePage,
    Post,
    PostPage,
)
from queries.cursors import page_of, page_parameters

_ATTACHMENT: TypeAdapter[Attachment] = TypeAdapter(Attachment)
AFTER = "(CAST(:after_at AS timestamptz) IS NULL OR ({at}, {id}) < (:after_at, :after_id))"
BEFORE = "(CAST(:after_at AS timestamptz) IS NULL OR ({at}, {id}) > (:after_at, :after_id))"
NEWEST = "ORDER BY {at} DESC, {id} DESC LIMIT :limit"
POSTS = (
    "SELECT p.post_id, p.author_id, p.author_name, p.group_id, g.name AS group_name, p.text, "
    "p.attachment, p.published_at, p.edited_at, p.likes, p.comments, p.version, "
    "EXISTS (SELECT 1 FROM likes_view l WHERE l.post_id = p.post_id "
    "AND l.account_id = :me) AS liked FROM posts_view p "
    "LEFT JOIN groups_view g ON g.group_id = p.group_id "
)
PAGE_ORDER = "ORDER BY p.published_at DESC, p.post_id DESC LIMIT :limit"
POST_AFTER = AFTER.format(at="p.published_at", id="p.post_id")
# The feed: its fanned-out rows, merged with the posts of wide authors and groups it follows.
# Each branch is filtered by the posts' policy before its limit.
FEED = text(
    "WITH page AS ("  # noqa: S608 - constants
    "(SELECT f.post_id, f.published_at FROM feed_view f JOIN posts_view p USING (post_id) "
    f"WHERE f.owner_id = :me AND {AFTER.format(at='f.published_at', id='f.post_id')} "
    f"{NEWEST.format(at='f.published_at', id='f.post_id')}) "
    "UNION (SELECT p.post_id, p.published_at FROM posts_view p WHERE NOT p.fanned_out "
    "AND p.group_id IS NULL AND p.author_id IN (SELECT followee_id FROM follows_view "
    f"WHERE follower_id = :me AND status = 'active') AND {POST_AFTER} {PAGE_ORDER}) "
    "UNION (SELECT p.post_id, p.published_at FROM posts_view p WHERE NOT p.fanned_out "
    "AND p.group_id IN (SELECT group_id FROM group_members_view WHERE account_id = :me) "
    f"AND {POST_AFTER} {PAGE_ORDER})) "
    f"{POSTS}WHERE p.post_id IN (SELECT post_id FROM page) {PAGE_ORDER}"
)
ONE = text(f"{POSTS}WHERE p.post_id = :post")
BY_AUTHOR = text(f"{POSTS}WHERE p.author_id = :author AND {POST_AFTER} {PAGE_ORDER}")
IN_GROUP = text(f"{POSTS}WHERE p.group_id = :group AND {POST_AFTER} {PAGE_ORDER}")
COMMENTS = text(
    "SELECT comment_id, post_id, author_id, author_name, text, commented_at FROM comments_view "  # noqa: S608 - constants
    f"WHERE post_id = :post AND {BEFORE.format(at='commented_at', id='comment_id')} "
    "ORDER BY commented_at, comment_id LIMIT :limit"
)
LIKES = text(
    "SELECT account_id, display_name, liked_at FROM likes_view "  # noqa: S608 - constants
    f"WHERE post_id = :post AND {AFTER.format(at='liked_at', id='account_id')} "
    f"{NEWEST.format(at='liked_at', id='account_id')}"
)


def _post(row: Any) -> Post:
    return Post(
        post_id=row.post_id,
        author=ProfileSummary(account_id=row.author_id, display_name=row.author_name),
        group=GroupSummary(group_id=row.group_id, name=row.group_name or "")
        if row.group_id else None,
        text=row.text,
        attachment=_ATTACHMENT.validate_python(row.attachment) if row.attachment else None,
        published_at=row.published_at, edited_at=row.edited_at, likes=row.likes,
        comments=row.comments, liked_by_you=row.liked, version=row.version,
    )  # fmt: skip


async def _page(
    connection: AsyncConnection, query: Any, me: UUID, limit: int, cursor: str | None,
    **where: Any,
) -> PostPage:  # fmt: skip
    rows = await connection.execute(query, {"me": me, **where, **page_parameters(cursor, limit)})
    items, next_cursor = page_of(
        [_post(row) for row in rows], limit, lambda post: (post.published_at, post.post_id)
    )
    return PostPage(items=items, next_cursor=next_cursor)


async def feed(connection: AsyncConnection, me: UUID, limit: int, cursor: str | None) -> PostPage:
    return await _page(connection, FEED, me, limit, cursor)


async def by_author(
    connection: AsyncConnection, me: UUID, author: UUID, limit: int, cursor: str | None
) -> PostPage:
    return await _page(connection, BY_AUTHOR, me, limit, cursor, author=author)


async def in_group(
    connection: AsyncConnection, me: UUID, group: UUID, limit: int, cursor: str | None
) -> PostPage:
    return await _page(connection, IN_GROUP, me, limit, cursor, group=group)


async def post(connection: AsyncConnection, me: UUID, post_id: UUID) -> Post | None:
    row = (await connection.execute(ONE, {"me": me, "post": post_id})).first()
    return _post(row) if row else None


async def comments(
    connection: AsyncConnection, post_id: UUID, limit: int, cursor: str | None
) -> CommentPage:
    rows = await connection.execute(COMMENTS, {"post": post_id, **page_parameters(cursor, limit)})
    found = [
        Comment(comment_id=row.comment_id, post_id=row.post_id,
                author=ProfileSummary(account_id=row.author_id, display_name=row.author_name),
                text=row.text, commented_at=row.commented_at)
        for row in rows
    ]  # fmt: skip
    items, next_cursor = page_of(found, limit, lambda c: (c.commented_at, c.comment_id))
    return CommentPage(items=items, next_cursor=next_cursor)


async def likes(
    connection: AsyncConnection, post_id: UUID, limit: int, cursor: str | None
) -> LikePage:
    rows = await connection.execute(LIKES, {"post": post_id, **page_parameters(cursor, limit)})
    found = [
        Like(account=ProfileSummary(account_id=row.account_id, display_name=row.display_name),
             liked_at=row.liked_at)
        for row in rows
    ]  # fmt: skip
    items, next_cursor = page_of(found, limit, lambda like: (like.liked_at,
                                                             like.account.account_id))  # fmt: skip
    return LikePage(items=items, next_cursor=next_cursor)
