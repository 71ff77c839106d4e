"""What row-level security costs per query, against the same queries without it, in one run on
the same PostgreSQL (every service local):

    uv run python -m bench.row_security [--athletes 1000] [--runs 200] [--queries 2000] [--rounds 3]

The read model `runs_view` is filled with `--athletes` times `--runs` rows and 100 coaches with 10
athletes each. Each query runs `--queries` times in its own transaction, as the query API runs
it: `BEGIN READ ONLY`, `set_config` of the caller, the query, `COMMIT`. **Pacer** also switches to
the `pacer_reader` role in that `set_config`, so the policies apply; the **baseline** sets only
the caller and reads as the tables' owner, whom the policies do not bind. The `WHERE` is the same
in both: the difference is the policy.

Writes µs per query (median, min to max over the rounds) to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import time
import uuid
from datetime import UTC, datetime

import asyncpg

from bench.projections import Spread, database
from bench.startup import on_private_stack
from infra.runtime.postgres import sync_dsn
from infra.settings import Settings

BEGIN, END = "<!-- row-security:begin -->", "<!-- row-security:end -->"
PACER = "SELECT set_config('role', 'pacer_reader', true), set_config('pacer.caller', $1, true)"
BARE = "SELECT set_config('pacer.caller', $1, true)"
QUERIES = {
    "an athlete's page of runs": (
        "SELECT run_id, distance_km, started_at FROM runs_view WHERE athlete_id = $1 "
        "ORDER BY started_at DESC, run_id DESC LIMIT 50"
    ),
    "one run by id": (
        "SELECT run_id, distance_km FROM runs_view WHERE run_id = $2 AND athlete_id = $1"
    ),
    "weekly totals (a year)": (
        "SELECT date_trunc('week', started_at) AS week, sum(distance_km) FROM runs_view "
        "WHERE athlete_id = $1 GROUP BY 1 ORDER BY 1"
    ),
}
COACHES, PER_COACH = 100, 10


async def seed(connection: asyncpg.Connection, athletes: int, runs: int) -> list[tuple[str, ...]]:
    """Rows, and for each sampled athlete: (athlete, one of its runs, a coach of theirs)."""
    await connection.execute(
        "INSERT INTO runs_view (run_id, athlete_id, distance_km, duration_s, pace_s_per_km, "
        "started_at, version) SELECT gen_random_uuid(), a.id, 5 + (r % 15), 1800, 330, "
        "now() - make_interval(days => r), 1 FROM (SELECT gen_random_uuid() AS id "
        "FROM generate_series(1, $1)) a, generate_series(1, $2) r",
        athletes, runs,
    )  # fmt: skip
    owners = [row[0] for row in await connection.fetch(
        "SELECT DISTINCT athlete_id FROM runs_view ORDER BY athlete_id LIMIT $1",
        COACHES * PER_COACH,
    )]  # fmt: skip
    samples: list[tuple[str, ...]] = []
    for index, athlete in enumerate(owners):
        coach = uuid.UUID(int=index // PER_COACH + 1)
        await connection.execute(
            "INSERT INTO grants_view (grant_id, coach_id, athlete_id, status, invited_by, scopes, "
            "version) VALUES ($1, $2, $3, 'active', 'coach', '{read_training}', 1)",
            uuid.uuid4(), coach, athlete,
        )  # fmt: skip
        run = await connection.fetchval(
            "SELECT run_id FROM runs_view WHERE athlete_id = $1 LIMIT 1", athlete
        )
        samples.append((str(athlete), str(run), str(coach)))
    await connection.execute("ANALYZE runs_view; ANALYZE grants_view")
    return samples


async def timed(
    connection: asyncpg.Connection, setup: str, query: str, samples: list[tuple[str, ...]],
    count: int, *, as_coach: bool = False,
) -> float:  # fmt: skip
    """µs per query, each in its own read-only transaction with the caller set."""
    began = time.perf_counter()
    for index in range(count):
        athlete, run, coach = samples[index % len(samples)]
        async with connection.transaction(readonly=True):
            await connection.execute(setup, coach if as_coach else athlete)
            await connection.fetch(query, uuid.UUID(athlete), *([uuid.UUID(run)] if "$2" in query
                                                                else []))  # fmt: skip
    return (time.perf_counter() - began) / count * 1e6


async def run(settings: Settings, athletes: int, runs: int, count: int, rounds_: int) -> str:
    bench = await database(settings, "bench_row_security")
    connection = await asyncpg.connect(sync_dsn(bench.database_dsn))
    try:
        samples = await seed(connection, athletes, runs)
        rows = []
        for name, query in QUERIES.items():
            cases = [(name, False)] + ([(f"{name}, read by a coach", True)]
                                       if "page" in name else [])  # fmt: skip
            for label, as_coach in cases:
                measured = []
                for setup in (PACER, BARE):
                    values = [await timed(connection, setup, query, samples, count,
                                          as_coach=as_coach) for _ in range(rounds_)]  # fmt: skip
                    measured.append(Spread(tuple(values)))
                pacer, bare = measured
                rows.append(f"| {label} | {pacer} | {bare} | "
                            f"{pacer.median - bare.median:+,.0f} µs |")  # fmt: skip
    finally:
        await connection.close()
    return "\n".join([
        BEGIN,
        f"## Row-level security ({datetime.now(UTC):%Y-%m-%d}; `python -m bench.row_security "
        f"--athletes {athletes} --runs {runs} --queries {count} --rounds {rounds_}`)",
        "",
        f"µs per query in its own read-only transaction, median (min to max) of {rounds_} rounds "
        f"of {count:,}; `runs_view` holds {athletes * runs:,} rows, {COACHES} coaches coach "
        f"{PER_COACH} athletes each; PostgreSQL on this machine's 2 cores, asyncpg, one "
        "connection. A coach's reads see the athlete's rows only through the live grant "
        "(`pacer_coached`); the baseline (the tables' owner) sees them by the `WHERE` alone.",
        "",
        "| query | with row security | without (same `WHERE`) | cost |",
        "|---|---|---|---|",
        *rows,
        END,
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Pacer row-level security cost")
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    on_private_stack(
        lambda settings: run(settings, args.athletes, args.runs, args.queries, args.rounds),
        BEGIN,
        END,
    )


if __name__ == "__main__":
    main()
