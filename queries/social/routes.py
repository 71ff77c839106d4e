"""Social queries over HTTP (`/social`): your feed, posts and their comments and likes, accounts'
standing, your follows and blocks, groups and their members and posts. Whatever you may not see
(a private profile's posts, a blocker's anything, a group you are not in) is a 404."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from contracts.social.reads import (
    SOCIAL,
    Block,
    CommentPage,
    FollowPage,
    Group,
    GroupPage,
    LikePage,
    MemberPage,
    Post,
    PostPage,
    SocialAccount,
)
from contracts.social.relations import FollowStatus
from infra.http_auth import CurrentPrincipal
from infra.problems import problems
from queries.cursors import CURSOR_PATTERN
from queries.http import Connection, Consistent, NotFoundError
from queries.social import group_views, post_views, relation_views

router = APIRouter(prefix="/social", tags=["social"], dependencies=[Consistent(SOCIAL)])
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=500, pattern=CURSOR_PATTERN)]
Paged = problems(400, 404)


async def _visible_post(conn: Connection, me: UUID, post_id: UUID) -> Post:
    found = await post_views.post(conn, me, post_id)
    if found is None:
        raise NotFoundError(f"post {post_id} not found")
    return found


async def _joined_group(conn: Connection, me: UUID, group_id: UUID) -> Group:
    found = await group_views.group(conn, me, group_id)
    if found is None or not found.you_are_member:
        raise NotFoundError(f"group {group_id} not found among your groups")
    return found


@router.get("/feed", response_model=PostPage, responses=problems(400))
async def feed(
    principal: CurrentPrincipal, conn: Connection, limit: Limit = 20, cursor: Cursor = None
) -> PostPage:
    """Your posts and those of the accounts you follow and your groups, newest first."""
    return await post_views.feed(conn, principal.account_id, limit, cursor)


@router.get("/posts/{post_id}", response_model=Post, responses=problems(404))
async def get_post(post_id: UUID, principal: CurrentPrincipal, conn: Connection) -> Post:
    """A post you may see."""
    return await _visible_post(conn, principal.account_id, post_id)


@router.get("/posts/{post_id}/comments", response_model=CommentPage, responses=Paged)
async def post_comments(
    post_id: UUID, principal: CurrentPrincipal, conn: Connection, limit: Limit = 50,
    cursor: Cursor = None,
) -> CommentPage:  # fmt: skip
    """The comments on a post you may see, oldest first (not those of accounts you block or
    that block you)."""
    await _visible_post(conn, principal.account_id, post_id)
    return await post_views.comments(conn, post_id, limit, cursor)


@router.get("/posts/{post_id}/likes", response_model=LikePage, responses=Paged)
async def post_likes(
    post_id: UUID, principal: CurrentPrincipal, conn: Connection, limit: Limit = 50,
    cursor: Cursor = None,
) -> LikePage:  # fmt: skip
    """Who liked a post you may see, newest first."""
    await _visible_post(conn, principal.account_id, post_id)
    return await post_views.likes(conn, post_id, limit, cursor)


@router.get("/accounts/{account_id}", response_model=SocialAccount, responses=problems(404))
async def account(account_id: UUID, principal: CurrentPrincipal, conn: Connection) -> SocialAccount:
    """An account's followers, following and posts counted, and how you and it are related;
    404 unless you may see its profile."""
    found = await relation_views.account(conn, principal.account_id, account_id)
    if found is None:
        raise NotFoundError(f"account {account_id} not found")
    return found


@router.get("/accounts/{account_id}/posts", response_model=PostPage, responses=Paged)
async def account_posts(
    account_id: UUID, principal: CurrentPrincipal, conn: Connection, limit: Limit = 20,
    cursor: Cursor = None,
) -> PostPage:  # fmt: skip
    """The posts of an account whose profile you may see: those its privacy shows you, and its
    posts in your groups, newest first; 404 unless you may see its profile."""
    if await relation_views.account(conn, principal.account_id, account_id) is None:
        raise NotFoundError(f"account {account_id} not found")
    return await post_views.by_author(conn, principal.account_id, account_id, limit, cursor)


@router.get("/followers", response_model=FollowPage, responses=problems(400))
async def followers(
    principal: CurrentPrincipal, conn: Connection,
    status: Annotated[FollowStatus | None, Query(description="Only requests, or only followers.")]
    = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> FollowPage:  # fmt: skip
    """Who follows you, and who asks to, newest first."""
    return await relation_views.follows(
        conn, principal.account_id, "followers", status, limit, cursor
    )


@router.get("/following", response_model=FollowPage, responses=problems(400))
async def following(
    principal: CurrentPrincipal, conn: Connection,
    status: Annotated[FollowStatus | None, Query(description="Only requests, or only follows.")]
    = None,
    limit: Limit = 50, cursor: Cursor = None,
) -> FollowPage:  # fmt: skip
    """Whom you follow, and your pending requests, newest first."""
    return await relation_views.follows(
        conn, principal.account_id, "following", status, limit, cursor
    )


@router.get("/blocks", response_model=list[Block])
async def blocks(principal: CurrentPrincipal, conn: Connection) -> list[Block]:
    """The accounts you block, newest first."""
    return await relation_views.blocks(conn, principal.account_id)


@router.get("/groups", response_model=GroupPage, responses=problems(400))
async def groups(
    principal: CurrentPrincipal, conn: Connection,
    mine: Annotated[bool, Query(description="Only the groups you belong to.")] = False,
    limit: Limit = 50, cursor: Cursor = None,
) -> GroupPage:  # fmt: skip
    """Groups, newest first (not those whose owner blocks you or you block)."""
    return await group_views.groups(conn, principal.account_id, mine, limit, cursor)


@router.get("/groups/{group_id}", response_model=Group, responses=problems(404))
async def get_group(group_id: UUID, principal: CurrentPrincipal, conn: Connection) -> Group:
    """A group: its name, owner, counts, and whether you belong to it."""
    found = await group_views.group(conn, principal.account_id, group_id)
    if found is None:
        raise NotFoundError(f"group {group_id} not found")
    return found


@router.get("/groups/{group_id}/members", response_model=MemberPage, responses=Paged)
async def group_members(
    group_id: UUID, principal: CurrentPrincipal, conn: Connection, limit: Limit = 50,
    cursor: Cursor = None,
) -> MemberPage:  # fmt: skip
    """A group's members, earliest first: for its members only (404 otherwise)."""
    await _joined_group(conn, principal.account_id, group_id)
    return await group_views.members(conn, group_id, limit, cursor)


@router.get("/groups/{group_id}/posts", response_model=PostPage, responses=Paged)
async def group_posts(
    group_id: UUID, principal: CurrentPrincipal, conn: Connection, limit: Limit = 20,
    cursor: Cursor = None,
) -> PostPage:  # fmt: skip
    """A group's posts, newest first: for its members only (404 otherwise)."""
    await _joined_group(conn, principal.account_id, group_id)
    return await post_views.in_group(conn, principal.account_id, group_id, limit, cursor)
