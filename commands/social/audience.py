"""Who may see a post, decided on the write side exactly as the read side's row policies decide
it: its author; nobody with a block between them and the author; in a group, its members; else as
the author's privacy says (`public`: anyone, `followers`: approved followers, `private`: none).
What one may not see is reported as missing."""

from __future__ import annotations

from uuid import UUID

from commands.errors import NotFoundError
from commands.identity.account import Account
from commands.social.connection import Connection
from commands.social.group import Group, Membership
from commands.social.post import Post
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.social.groups import membership_id
from contracts.social.relations import connection_id


async def connection_between(uow: UnitOfWork, one: UUID, other: UUID) -> Connection:
    return await load_or_start(uow, Connection, str(connection_id(one, other)))


async def member_of(uow: UnitOfWork, group_id: UUID, account_id: UUID) -> Membership:
    return await load_or_start(uow, Membership, str(membership_id(group_id, account_id)))


async def live_group(uow: UnitOfWork, group_id: UUID) -> Group:
    try:
        group = await uow.load(Group, str(group_id))
    except NotFoundError:
        raise NotFoundError(f"group {group_id} does not exist") from None
    group.check_exists()
    return group


async def live_post(uow: UnitOfWork, post_id: UUID) -> Post:
    try:
        post = await uow.load(Post, str(post_id))
    except NotFoundError:
        raise NotFoundError(f"post {post_id} does not exist") from None
    post.check_exists()
    return post


async def post_seen_by(uow: UnitOfWork, post_id: UUID, viewer: UUID) -> Post:
    """The post, if `viewer` may see it."""
    post = await live_post(uow, post_id)
    if viewer == post.author_id:
        return post
    missing = NotFoundError(f"post {post_id} does not exist")
    connection = await connection_between(uow, viewer, post.author_id)
    if connection.blocked_between():
        raise missing
    author = await uow.load(Account, str(post.author_id))
    if author.disabled:
        raise missing
    if post.group_id is not None:
        group = await uow.load(Group, str(post.group_id))
        if group.deleted or not (await member_of(uow, post.group_id, viewer)).member:
            raise missing
        return post
    if author.visibility == "private":
        raise missing
    if author.visibility == "followers" and (
        connection.follow_of(viewer, post.author_id) != "active"
    ):
        raise missing
    return post
