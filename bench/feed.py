"""The feed: fan-out on write and a feed page read, against bare baselines, in one run on the
same PostgreSQL (every service local):

    uv run python -m bench.feed [--authors 500] [--posts 10000] [--followers 20] [--wide 10]
                                [--pages 500] [--rounds 3]

A reader follows `--authors` accounts who publish `--posts` posts in total. Every author has
`--followers` followers (the reader and others); `--wide` of them have more followers than the
fan-out limit (set to 50 here, 1,000 in Pacer), so their posts are not fanned out and the reader's
feed merges them in at read time.

**Fan-out**: the posts applied through the social projection's handlers, 500 events a
transaction as the projector batches them, against a **baseline** that inserts the very same
feed rows with one set-based `INSERT … SELECT` and nothing else (no post rows, no counts).

**Feed page**: `post_views.feed` as the query API runs it (row security on, the caller set, the
page joined with posts, groups and likes, wide authors merged), first and tenth page of 20,
against a **baseline** that reads 20 rows of `feed_view` by its index as the tables' owner.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.projections import Spread, database
from bench.startup import on_private_stack
from contracts.identity.events import AccountRegistered, PrivacyChanged
from contracts.social.events import FollowStarted, PostPublished
from infra.database import AS_CALLER, create_engine
from infra.settings import Settings
from projections.projection import Applied
from projections.social import SocialProjection
from queries.social import post_views

BEGIN, END = "<!-- feed:begin -->", "<!-- feed:end -->"
LIMIT = 50
BATCH = 500
START = datetime(2026, 1, 1, tzinfo=UTC)
BARE_FAN_OUT = text(
    "INSERT INTO bare_feed (owner_id, post_id, author_id, published_at) "
    "SELECT f.follower_id, p.post_id, p.author_id, p.at FROM unnest(CAST(:posts AS uuid[]), "
    "CAST(:authors AS uuid[]), CAST(:ats AS timestamptz[])) AS p(post_id, author_id, at) "
    "JOIN follows_view f ON f.followee_id = p.author_id AND f.status = 'active'"
)
BARE_PAGE = text(
    "SELECT post_id, published_at FROM feed_view WHERE owner_id = :me "
    "ORDER BY published_at DESC, post_id DESC LIMIT 20"
)


def applied(event: Any, stream: uuid.UUID, version: int = 1) -> Applied[Any]:
    return Applied(event, uuid.uuid4(), str(stream), version)


async def _apply(engine: AsyncEngine, projection: SocialProjection, items: list[Any]) -> None:
    for first in range(0, len(items), BATCH):
        async with engine.begin() as sql:
            await projection.apply(sql, items[first : first + BATCH])


async def seed(engine: AsyncEngine, projection: SocialProjection, authors: int, followers: int,
               wide: int) -> tuple[uuid.UUID, list[uuid.UUID]]:  # fmt: skip
    """The reader, the authors (public), and their followers: returns (reader, authors)."""
    reader = uuid.uuid4()
    writers = [uuid.uuid4() for _ in range(authors)]
    crowd = [uuid.uuid4() for _ in range(max(followers, LIMIT + 10) * 4)]
    accounts = [reader, *writers, *crowd]
    await _apply(engine, projection, [
        applied(event, account, version)
        for account in accounts
        for version, event in enumerate((
            AccountRegistered(account_id=account, email=f"{account}@example.com",
                              display_name="Runner", role="athlete"),
            PrivacyChanged(account_id=account, visibility="public")), start=1)
    ])  # fmt: skip
    rng = random.Random(7)
    follows = []
    for index, writer in enumerate(writers):
        count = LIMIT + 10 if index < wide else followers
        for follower in [reader, *rng.sample(crowd, count - 1)]:
            started = FollowStarted(
                follower_id=follower, followee_id=writer, approved=False, at=START
            )
            follows.append(applied(started, uuid.uuid4()))
    await _apply(engine, projection, follows)
    return reader, writers


def posts(writers: list[uuid.UUID], count: int) -> list[Applied[Any]]:
    rng = random.Random(11)
    return [
        applied(PostPublished(post_id=uuid.uuid4(), author_id=rng.choice(writers), group_id=None,
                              text="Easy 10 km, felt good.",
                              published_at=START + timedelta(minutes=index)), uuid.uuid4())
        for index in range(count)
    ]  # fmt: skip


async def fan_out(engine: AsyncEngine, projection: SocialProjection,
                  items: list[Applied[Any]]) -> tuple[float, int]:  # fmt: skip
    began = time.perf_counter()
    await _apply(engine, projection, items)
    elapsed = time.perf_counter() - began
    async with engine.connect() as sql:
        rows = int(await sql.scalar(text("SELECT count(*) FROM feed_view")) or 0)
    return elapsed, rows


async def bare_fan_out(engine: AsyncEngine, items: list[Applied[Any]]) -> float:
    async with engine.begin() as sql:
        await sql.execute(text("DROP TABLE IF EXISTS bare_feed"))
        await sql.execute(text(
            "CREATE TABLE bare_feed (owner_id uuid, post_id uuid, author_id uuid, "
            "published_at timestamptz, PRIMARY KEY (owner_id, post_id))"))  # fmt: skip
        await sql.execute(text("CREATE INDEX ON bare_feed (owner_id, published_at DESC, "
                               "post_id DESC)"))  # fmt: skip
    began = time.perf_counter()
    for first in range(0, len(items), BATCH):
        chunk = [item.event for item in items[first : first + BATCH]]
        async with engine.begin() as sql:
            await sql.execute(BARE_FAN_OUT, {
                "posts": [e.post_id for e in chunk], "authors": [e.author_id for e in chunk],
                "ats": [e.published_at for e in chunk]})  # fmt: skip
    return time.perf_counter() - began


async def pages(engine: AsyncEngine, reader: uuid.UUID, count: int, depth: int) -> list[float]:
    """ms per feed page read as the query API reads it, `depth` pages deep."""
    cursor = None
    async with engine.connect() as sql:
        for _ in range(depth - 1):
            async with sql.begin():
                await sql.execute(AS_CALLER, {"caller": str(reader)})
                cursor = (await post_views.feed(sql, reader, 20, cursor)).next_cursor
        timings = []
        for _ in range(count):
            began = time.perf_counter()
            async with sql.begin():
                await sql.execute(AS_CALLER, {"caller": str(reader)})
                page = await post_views.feed(sql, reader, 20, cursor)
            timings.append((time.perf_counter() - began) * 1000)
            assert len(page.items) == 20
    return timings


async def bare_pages(engine: AsyncEngine, reader: uuid.UUID, count: int) -> list[float]:
    timings = []
    async with engine.connect() as sql:
        for _ in range(count):
            began = time.perf_counter()
            async with sql.begin():
                rows = (await sql.execute(BARE_PAGE, {"me": reader})).all()
            timings.append((time.perf_counter() - began) * 1000)
            assert len(rows) == 20
    return timings


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


async def run(settings: Settings, authors: int, count: int, followers: int, wide: int,
              page_reads: int, rounds: int) -> str:  # fmt: skip
    rates, bare_rates, feed_rows = [], [], 0
    page_rows: dict[str, list[float]] = {"first": [], "tenth": [], "bare": []}
    for round_ in range(rounds):
        bench = await database(settings, f"bench_feed_{round_}")
        engine = create_engine(bench, pool_size=2)
        try:
            projection = SocialProjection(fan_out_limit=LIMIT)
            reader, writers = await seed(engine, projection, authors, followers, wide)
            items = posts(writers, count)
            elapsed, feed_rows = await fan_out(engine, projection, items)
            rates.append(count / elapsed)
            bare_rates.append(count / await bare_fan_out(engine, items))
            async with engine.begin() as sql:
                await sql.execute(text("ANALYZE"))
            page_rows["first"] += await pages(engine, reader, page_reads, 1)
            page_rows["tenth"] += await pages(engine, reader, page_reads, 10)
            page_rows["bare"] += await bare_pages(engine, reader, page_reads)
        finally:
            await engine.dispose()
    rows = [
        f"| fan-out (posts/s) | {Spread(tuple(rates))} | {Spread(tuple(bare_rates))} |",
        *(f"| feed page, {name} (ms p50 / p95) | {p(page_rows[name], 50):.2f} / "
          f"{p(page_rows[name], 95):.2f} | {p(page_rows['bare'], 50):.2f} / "
          f"{p(page_rows['bare'], 95):.2f} |" for name in ("first", "tenth")),
    ]  # fmt: skip
    return "\n".join([
        BEGIN,
        f"## Feed ({datetime.now(UTC):%Y-%m-%d}; `python -m bench.feed --authors {authors} "
        f"--posts {count} --followers {followers} --wide {wide} --pages {page_reads} "
        f"--rounds {rounds}`)",
        "",
        f"A reader follows {authors} accounts who publish {count:,} posts; each has {followers} "
        f"followers, {wide} of them more than the fan-out limit ({LIMIT} here), whose posts the "
        f"feed merges at read time. {feed_rows:,} feed rows are fanned out. Fan-out: posts "
        f"applied by the social projection, {BATCH} a transaction, median (min to max) of "
        f"{rounds} rounds; baseline: a feed row for every follower (wide authors' too) by "
        "one set-based `INSERT … SELECT`, nothing else. "
        f"Feed page: 20 posts read by `post_views.feed` under row security ({page_reads} reads "
        "a round, all rounds pooled); baseline: 20 `feed_view` rows by their index as the "
        "tables' owner. PostgreSQL on this machine's 2 cores, one connection.",
        "",
        "| measure | Pacer | bare baseline |",
        "|---|---|---|",
        *rows,
        END,
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Pacer feed: fan-out and page reads")
    parser.add_argument("--authors", type=int, default=500)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--followers", type=int, default=20)
    parser.add_argument("--wide", type=int, default=10)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    on_private_stack(
        lambda settings: run(
            settings, args.authors, args.posts, args.followers, args.wide, args.pages, args.rounds
        ),
        BEGIN,
        END,
    )


if __name__ == "__main__":
    main()
