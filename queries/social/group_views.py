"""Group views: groups (all, or yours), one group, its members."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contracts.identity.reads import ProfileSummary
from contracts.social.reads import Group, GroupPage, Member, MemberPage
from queries.cursors import page_of, page_parameters

GROUPS = (
    "SELECT g.group_id, g.name, g.description, g.owner_id, g.owner_name, g.members, g.posts, "
    "g.created_at, EXISTS (SELECT 1 FROM group_members_view m WHERE m.group_id = g.group_id "
    "AND m.account_id = :me) AS member FROM groups_view g "
)
LIST = text(
    f"{GROUPS}WHERE (NOT CAST(:mine AS boolean) OR g.group_id IN (SELECT group_id "  # noqa: S608 - constants
    "FROM group_members_view WHERE account_id = :me)) AND (CAST(:after_at AS timestamptz) "
    "IS NULL OR (g.created_at, g.group_id) < (:after_at, :after_id)) "
    "ORDER BY g.created_at DESC, g.group_id DESC LIMIT :limit"
)
ONE = text(f"{GROUPS}WHERE g.group_id = :group")
MEMBERS = text(
    "SELECT account_id, display_name, joined_at FROM group_members_view WHERE group_id = :group "
    "AND (CAST(:after_at AS timestamptz) IS NULL OR (joined_at, account_id) > "
    "(:after_at, :after_id)) ORDER BY joined_at, account_id LIMIT :limit"
)


def _group(row: Any) -> Group:
    return Group(
        group_id=row.group_id, name=row.name, description=row.description,
        owner=ProfileSummary(account_id=row.owner_id, display_name=row.owner_name),
        members=row.members, posts=row.posts, created_at=row.created_at,
        you_are_member=row.member,
    )  # fmt: skip


async def groups(
    connection: AsyncConnection, me: UUID, mine: bool, limit: int, cursor: str | None
) -> GroupPage:
    rows = await connection.execute(LIST, {"me": me, "mine": mine,
                                           **page_parameters(cursor, limit)})  # fmt: skip
    items, next_cursor = page_of([_group(row) for row in rows], limit,
                                 lambda g: (g.created_at, g.group_id))  # fmt: skip
    return GroupPage(items=items, next_cursor=next_cursor)


async def group(connection: AsyncConnection, me: UUID, group_id: UUID) -> Group | None:
    row = (await connection.execute(ONE, {"me": me, "group": group_id})).first()
    return _group(row) if row else None


async def members(
    connection: AsyncConnection, group_id: UUID, limit: int, cursor: str | None
) -> MemberPage:
    rows = await connection.execute(MEMBERS, {"group": group_id,
                                              **page_parameters(cursor, limit)})  # fmt: skip
    found = [
        Member(account=ProfileSummary(account_id=row.account_id, display_name=row.display_name),
               joined_at=row.joined_at)
        for row in rows
    ]  # fmt: skip
    items, next_cursor = page_of(found, limit, lambda m: (m.joined_at, m.account.account_id))
    return MemberPage(items=items, next_cursor=next_cursor)
