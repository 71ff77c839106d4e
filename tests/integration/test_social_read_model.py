"""The social read model on the real PostgreSQL, applied as the projector applies it and read as
the query API reads it (row security on): a feed fanned out for narrow authors and merged at read
time for wide ones, pages cut after the policies, and privacy, blocks and groups enforced even by
a query that names nobody."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.events import DomainEvent
from contracts.identity.events import AccountErased, AccountRegistered, PrivacyChanged
from contracts.identity.profile import Visibility
from contracts.social.events import (
    AccountBlocked,
    CommentAdded,
    FollowRequested,
    FollowStarted,
    GroupCreated,
    GroupDeleted,
    GroupJoined,
    PostDeleted,
    PostLiked,
    PostPublished,
)
from contracts.social.posts import SharedRun
from contracts.training.events import RunDeleted
from infra.database import AS_CALLER
from projections.projection import Applied
from projections.runner import Pending, ProjectionRunner
from projections.social import SocialProjection
from queries.social import post_views
from tests.helpers import NoDeadLetters

pytestmark = pytest.mark.integration
START = datetime(2026, 11, 1, 7, tzinfo=UTC)


class Social:
    """Events applied through the projection (with a fan-out limit of 2), one stream each."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.projection = SocialProjection(fan_out_limit=2)
        self.versions: dict[str, int] = {}
        self.minutes = 0

    async def apply(self, stream: Any, *events: DomainEvent) -> None:
        items = []
        for event in events:
            self.versions[str(stream)] = self.versions.get(str(stream), 0) + 1
            items.append(Applied(event, uuid.uuid4(), str(stream), self.versions[str(stream)]))
        async with self.engine.begin() as sql:
            await self.projection.apply(sql, items)

    async def account(self, name: str, visibility: Visibility) -> uuid.UUID:
        account = uuid.uuid4()
        await self.apply(account, AccountRegistered(
            account_id=account, email=f"{account}@example.com", display_name=name,
            role="athlete"), PrivacyChanged(account_id=account, visibility=visibility))  # fmt: skip
        return account

    async def follow(self, follower: uuid.UUID, followee: uuid.UUID) -> None:
        await self.apply(uuid.uuid4(), FollowStarted(follower_id=follower, followee_id=followee,
                                                     approved=False, at=START))  # fmt: skip

    async def post(self, author: uuid.UUID, group: uuid.UUID | None = None) -> uuid.UUID:
        post = uuid.uuid4()
        self.minutes += 1
        await self.apply(post, PostPublished(
            post_id=post, author_id=author, group_id=group, text=f"post {self.minutes}",
            published_at=START + timedelta(minutes=self.minutes)))  # fmt: skip
        return post

    async def feed(self, reader: uuid.UUID, limit: int = 50) -> list[uuid.UUID]:
        """The whole feed, page by page."""
        seen: list[uuid.UUID] = []
        cursor = None
        async with self.engine.connect() as connection:
            await connection.execute(AS_CALLER, {"caller": str(reader)})
            while True:
                page = await post_views.feed(connection, reader, limit, cursor)
                seen += [post.post_id for post in page.items]
                if page.next_cursor is None:
                    return seen
                cursor = page.next_cursor

    async def seen(self, caller: uuid.UUID, query: str) -> Sequence[Any]:
        async with self.engine.connect() as connection:
            await connection.execute(AS_CALLER, {"caller": str(caller)})
            return [row[0] for row in await connection.execute(text(query))]


async def test_a_feed_fans_out_narrow_authors_and_merges_wide_ones(engine: AsyncEngine) -> None:
    social = Social(engine)
    reader = await social.account("Reader", "followers")
    narrow = await social.account("Narrow", "public")
    wide = await social.account("Wide", "followers")
    await social.follow(reader, narrow)
    for follower in (reader, await social.account("X", "public"),
                     await social.account("Y", "public")):  # fmt: skip
        await social.follow(follower, wide)  # three followers: above the limit of two
    first = await social.post(narrow)
    second = await social.post(wide)
    third = await social.post(narrow)
    own = await social.post(reader)
    fanned = await social.seen(reader, "SELECT post_id FROM feed_view")
    assert set(fanned) == {first, third, own}  # the wide author's post is not fanned out
    expected = [own, third, second, first]  # newest first, the wide post merged in
    assert await social.feed(reader) == expected
    assert await social.feed(reader, limit=1) == expected  # one post a page: keyset pages

    late = await social.account("Late", "public")  # a new follower gets the latest posts
    await social.follow(late, narrow)
    assert await social.feed(late) == [third, first]


async def test_privacy_blocks_and_groups_hold_even_without_a_where(engine: AsyncEngine) -> None:
    social = Social(engine)
    ada = await social.account("Ada", "followers")
    bob, cy, dee = [await social.account(name, "public") for name in ("Bob", "Cy", "Dee")]
    await social.follow(bob, ada)
    await social.apply(uuid.uuid4(), FollowRequested(follower_id=cy, followee_id=ada, at=START))
    personal = await social.post(ada)
    group = uuid.uuid4()
    await social.apply(group, GroupCreated(group_id=group, owner_id=dee, group_name="Track",
                                           description="", created_at=START))  # fmt: skip
    for member in (dee, cy):
        await social.apply(uuid.uuid4(), GroupJoined(group_id=group, account_id=member,
                                                     joined_at=START))  # fmt: skip
    in_group = await social.post(dee, group)
    await social.apply(uuid.uuid4(), PostLiked(post_id=personal, account_id=bob,
                                               liked_at=START))  # fmt: skip
    everything = "SELECT post_id FROM posts_view"
    assert set(await social.seen(bob, everything)) == {personal}  # a follower; not in the group
    assert set(await social.seen(cy, everything)) == {in_group}  # a request is not a follow
    assert await social.feed(cy) == [in_group]
    assert await social.seen(cy, "SELECT account_id FROM likes_view") == []
    assert set(await social.seen(dee, "SELECT account_id FROM group_members_view")) == {dee, cy}

    await social.apply(uuid.uuid4(), AccountBlocked(blocker_id=dee, blocked_id=cy, at=START))
    assert await social.seen(cy, everything) == []  # nothing of the blocker, group or not
    assert await social.feed(cy) == []
    assert await social.seen(cy, "SELECT group_id FROM groups_view") == [group]  # a member
    assert cy not in await social.seen(dee, "SELECT account_id FROM group_members_view")
    counts = await social.seen(ada, "SELECT likes FROM posts_view")
    assert counts == [1]


async def test_a_post_applied_before_its_authors_registration_gets_the_name(
    engine: AsyncEngine,
) -> None:
    """Topics are not ordered with each other: the social projection may see a post before the
    identity topic's registration of its author."""
    social = Social(engine)
    early = uuid.uuid4()
    post = await social.post(early)
    registered = AccountRegistered(account_id=early, email=f"{early}@example.com",
                                   display_name="Early Bird", role="athlete")  # fmt: skip
    await social.apply(early, registered)
    async with engine.connect() as connection:
        await connection.execute(AS_CALLER, {"caller": str(early)})
        found = await post_views.post(connection, early, post)
    assert found is not None
    assert found.author.display_name == "Early Bird"


PROFILE = text(
    "INSERT INTO profiles_view (account_id, email, role, display_name, visibility, "
    "days_available, version, disabled) VALUES (:account, :email, 'athlete', 'Someone', "
    ":visibility, '{}', 1, :disabled)"
)
GRANT = text(
    "INSERT INTO grants_view (grant_id, coach_id, athlete_id, status, invited_by, scopes, "
    "version) VALUES (:grant, :coach, :athlete, :status, 'coach', '{}', 1)"
)


async def test_a_card_is_seen_as_privacy_follows_blocks_and_live_grants_allow(
    engine: AsyncEngine,
) -> None:
    social = Social(engine)
    coach, fan, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    private, followers_only, blocker, disabled = (uuid.uuid4() for _ in range(4))
    async with engine.begin() as sql:
        for account, visibility, off in (
            (private, "private", False),
            (followers_only, "followers", False),
            (blocker, "public", False),
            (disabled, "public", True),
        ):
            await sql.execute(PROFILE, {"account": account, "email": f"{account}@example.com",
                                        "visibility": visibility, "disabled": off})  # fmt: skip
        for athlete in (private, blocker, disabled):  # invitations only: no card yet
            await sql.execute(GRANT, {"grant": uuid.uuid4(), "coach": coach, "athlete": athlete,
                                      "status": "invited"})  # fmt: skip
    await social.follow(fan, followers_only)
    await social.apply(uuid.uuid4(), AccountBlocked(blocker_id=blocker, blocked_id=other,
                                                    at=START))  # fmt: skip
    cards = "SELECT account_id FROM profiles_view WHERE pacer_sees_card(account_id)"
    assert set(await social.seen(coach, cards)) == {blocker}  # public; not the invited others
    assert set(await social.seen(fan, cards)) == {blocker, followers_only}
    assert set(await social.seen(other, cards)) == set()  # blocked; disabled; not followed
    assert set(await social.seen(private, cards)) == {private, blocker}
    async with engine.begin() as sql:  # a live grant shows the athlete's card to the coach
        await sql.execute(text("UPDATE grants_view SET status = 'active' WHERE athlete_id = "
                               ":athlete"), {"athlete": private})  # fmt: skip
    assert set(await social.seen(coach, cards)) == {blocker, private}


async def test_what_was_deleted_is_not_brought_back_by_a_later_event(engine: AsyncEngine) -> None:
    """A like after its post's deletion, a post in a deleted group, a run deleted before the
    post sharing it: other streams, applied in any order."""
    social = Social(engine)
    ada = await social.account("Ada", "public")
    post = await social.post(ada)
    await social.apply(post, PostDeleted(post_id=post, author_id=ada, group_id=None,
                                         by="author"))  # fmt: skip
    await social.apply(uuid.uuid4(), PostLiked(post_id=post, account_id=ada, liked_at=START))
    assert await social.seen(ada, "SELECT post_id FROM likes_view") == []

    group = uuid.uuid4()
    await social.apply(group, GroupDeleted(group_id=group, owner_id=ada))
    late = await social.post(ada, group)
    await social.apply(uuid.uuid4(), GroupJoined(group_id=group, account_id=ada, joined_at=START))
    assert late not in await social.seen(ada, "SELECT post_id FROM posts_view")
    assert await social.seen(ada, "SELECT group_id FROM group_members_view") == []
    assert await social.seen(ada, "SELECT posts FROM social_accounts_view") == [0]

    run = uuid.uuid4()
    await social.apply(run, RunDeleted(run_id=run, athlete_id=ada))
    shared = uuid.uuid4()
    that_run = SharedRun(run_id=run, distance_km=5, duration_s=1500, started_at=START)
    await social.apply(shared, PostPublished(post_id=shared, author_id=ada, group_id=None,
                                             text="That run", published_at=START,
                                             attachment=that_run))  # fmt: skip
    assert await social.seen(ada, "SELECT attachment FROM posts_view") == [None]


async def test_what_an_erased_account_made_does_not_come_back_with_others_events(
    engine: AsyncEngine,
) -> None:
    """Replayed after an erasure (a rebuild), or met out of order after it, an erased author's
    post and group are left out, and so are the likes, comments, joins and group posts of
    others that name them: no orphan rows."""
    social = Social(engine)
    ada = await social.account("Ada", "public")
    bea = await social.account("Bea", "public")
    async with engine.begin() as sql:  # as the erasure leaves it: Ada's key destroyed
        await sql.execute(text("INSERT INTO subject_keys (subject_id, erased_at) "
                               "VALUES (:a, now())"), {"a": ada})  # fmt: skip
    runner = ProjectionRunner(social.projection, engine, NoDeadLetters())

    async def through_runner(*events: tuple[uuid.UUID, DomainEvent]) -> None:
        pending = []
        for stream, event in events:
            social.versions[str(stream)] = version = social.versions.get(str(stream), 0) + 1
            applied = Applied(event, uuid.uuid4(), str(stream), version)
            pending.append(Pending(applied, source=lambda: pytest.fail("nothing is parked")))
        outcome = await runner.apply(pending)
        assert outcome.parked == []

    post, group, beas_post, early = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    # Bea likes Ada's `early` post before it is applied (another topic, another pace)...
    await through_runner((uuid.uuid4(), PostLiked(post_id=early, account_id=bea, liked_at=START)))
    # ...then the rest comes in the event store's order, Ada's erasure last.
    await through_runner(
        (post, PostPublished(post_id=post, author_id=ada, group_id=None, text="Ada's",
                             published_at=START)),
        (group, GroupCreated(group_id=group, owner_id=ada, group_name="Ada's club",
                             description="", created_at=START)),
        (uuid.uuid4(), PostLiked(post_id=post, account_id=bea, liked_at=START)),
        (uuid.uuid4(), CommentAdded(comment_id=uuid.uuid4(), post_id=post, author_id=bea,
                                    text="Nice", commented_at=START)),
        (uuid.uuid4(), GroupJoined(group_id=group, account_id=bea, joined_at=START)),
        (beas_post, PostPublished(post_id=beas_post, author_id=bea, group_id=group,
                                  text="Bea's", published_at=START)),
        (early, PostPublished(post_id=early, author_id=ada, group_id=None, text="Early",
                              published_at=START)),
        (ada, AccountErased(account_id=ada, erased_at=START)),
    )  # fmt: skip
    named = {"ids": [post, early, group, beas_post]}
    async with engine.connect() as sql:
        for table, column in (
            ("posts_view", "post_id"),
            ("likes_view", "post_id"),
            ("comments_view", "post_id"),
            ("feed_view", "post_id"),
            ("group_members_view", "group_id"),
            ("groups_view", "group_id"),
        ):
            rows = await sql.scalar(text(
                f"SELECT count(*) FROM {table} WHERE {column} = ANY(CAST(:ids AS uuid[]))"  # noqa: S608
            ), named)  # fmt: skip
            assert rows == 0, table
        counts = (await sql.execute(text("SELECT posts, following FROM social_accounts_view "
                                         "WHERE account_id = :b"), {"b": bea})).one()  # fmt: skip
    assert tuple(counts) == (0, 0)
