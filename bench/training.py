"""Training benchmark on this machine, every service local.

    uv run python -m bench.training [--plans 200] [--pdfs 8] [--runs 100000]

1. Plan generation: the generator alone on random runners (5K to marathon, 3 to 7 days a week,
   8 to 30 weeks), and `POST /plans/generate` through the whole command path (bus, event store,
   outbox) for a marathon plan, p50/p95.
2. Printable plans: `POST /documents/plan-exports` to the rendered document's link visible on
   the query API, `--pdfs` in a row with the job worker warm, p50/p95; bare baseline: the
   renderer alone on the same plan in this process.
3. Analytics: `--runs` runs of 100 athletes written into the runs read model, then each
   analytics view of one athlete (1% of the table) over HTTP, p50/p95, beside the bare SQL that
   reads the same rows.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from bench.movement import registered
from bench.startup import write
from commands.training.planning.generator import generate
from contracts.documents.events import PlanExportRequested
from contracts.documents.snapshot import PlanSnapshot, SnapshotWorkout
from contracts.training.plans import PlanGenerate
from infra.database import create_engine
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings
from pacer.processes import app_processes
from projections.sql import driver
from workers.documents.render import render_plan

BEGIN, END = "<!-- training:begin -->", "<!-- training:end -->"
MARATHON = {
    "race": "marathon", "weekly_km": 45, "longest_run_km": 18, "days_per_week": 5,
    "recent_race": {"distance_km": 10, "time_s": 2900},
}  # fmt: skip


def spread(seconds: list[float]) -> tuple[float, float]:
    return statistics.median(seconds), statistics.quantiles(seconds, n=20, method="inclusive")[-1]


def random_runner(rng: random.Random) -> PlanGenerate:
    start = date(2027, 1, 4) + timedelta(days=rng.randint(0, 200))
    return PlanGenerate(
        race=rng.choice(["5k", "10k", "half", "marathon"]),
        race_date=start + timedelta(weeks=rng.randint(10, 30)), start_date=start,
        weekly_km=rng.uniform(10, 90), longest_run_km=rng.uniform(5, 25),
        days_per_week=rng.randint(3, 7), long_run_day=rng.randint(0, 6),
    )  # fmt: skip


def bare_generation(count: int) -> tuple[float, float, float]:
    rng = random.Random(7)
    seconds, workouts = [], 0
    for _ in range(count):
        request = random_runner(rng)
        began = time.perf_counter()
        plan = generate(request)
        seconds.append(time.perf_counter() - began)
        workouts += len(plan.workouts)
    return (*spread(seconds), workouts / count)


def marathon_body(start: date) -> dict[str, Any]:
    race_day = start + timedelta(weeks=20, days=-1)
    return {**MARATHON, "start_date": start.isoformat(), "race_date": race_day.isoformat()}


async def generated_over_http(
    settings: Settings, count: int
) -> tuple[list[float], str, dict[str, str], uuid.UUID]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}",
                                 timeout=60) as command:  # fmt: skip
        who, account = await registered(command)
        seconds, plan_id = [], ""
        for index in range(count + 1):
            began = time.perf_counter()
            body = marathon_body(date(2027, 1, 4) + timedelta(days=index))
            made = await command.post("/plans/generate", headers=who, json=body)
            made.raise_for_status()
            if index:  # the first warms the process
                seconds.append(time.perf_counter() - began)
            plan_id = made.json()["aggregate_id"]
        return seconds, plan_id, who, account


async def pdf_latencies(settings: Settings, plan_id: str, who: dict[str, str], count: int,
                        ) -> list[float]:  # fmt: skip
    async with (
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}",
                          timeout=60) as command,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}",
                          timeout=60) as query,
    ):  # fmt: skip
        seconds = []
        for index in range(count + 1):
            began = time.perf_counter()
            asked = await command.post("/documents/plan-exports", headers=who,
                                       json={"plan_id": plan_id})  # fmt: skip
            asked.raise_for_status()
            document = asked.json()["aggregate_id"]
            while True:
                answer = await query.get(f"/documents/{document}", headers=who)
                if answer.status_code == 200 and answer.json()["download_url"]:
                    break
                await asyncio.sleep(0.02)
            if index:  # the first warms the worker
                seconds.append(time.perf_counter() - began)
        return seconds


def bare_pdf(count: int) -> tuple[float, float, int]:
    request = PlanGenerate.model_validate(marathon_body(date(2027, 1, 4)))
    plan = generate(request)
    snapshot = PlanSnapshot(
        plan_id=uuid.uuid4(), title=plan.title, start_date=request.start_date,
        end_date=request.race_date, goal=None, paces=plan.paces,
        workouts=[SnapshotWorkout(workout_id=uuid.uuid4(), date=w.day, session=w.session)
                  for w in plan.workouts],
    )  # fmt: skip
    event = PlanExportRequested(document_id=uuid.uuid4(), athlete_id=uuid.uuid4(),
                                plan=snapshot, paper="a4", units="metric")  # fmt: skip
    render_plan(event)  # warm: fonts and the compiler
    seconds, pages = [], 0
    for _ in range(count):
        began = time.perf_counter()
        _, pages = render_plan(event)
        seconds.append(time.perf_counter() - began)
    return (*spread(seconds), pages)


async def fill_runs(settings: Settings, runs: int, athletes: list[uuid.UUID]) -> None:
    """Runs straight into the read model (the projection's own table), one a day per athlete."""
    engine = create_engine(settings, pool_size=2)
    rng = random.Random(11)
    try:
        async with engine.begin() as sql:
            raw = await driver(sql)
            now = datetime.now(UTC)
            rows = []
            for index in range(runs):
                km = rng.uniform(4, 25)
                pace = rng.uniform(250, 400)
                rows.append((uuid.uuid4(), athletes[index % len(athletes)], 1, km, round(km * pace),
                             pace, now - timedelta(days=index // len(athletes), hours=rng.random()),
                             None, rng.randint(120, 175), None, None))  # fmt: skip
            await raw.copy_records_to_table("runs_view", records=rows, columns=list(RUN_COLUMNS))
            await sql.execute(text("ANALYZE runs_view"))
    finally:
        await engine.dispose()


RUN_COLUMNS = (
    "run_id", "athlete_id", "version", "distance_km", "duration_s", "pace_s_per_km", "started_at",
    "elevation_gain_m", "avg_heart_rate", "notes", "shoe_id",
)  # fmt: skip
ANALYTICS = ("/analytics/records", "/analytics/fitness", "/analytics/load",
             "/analytics/totals?period=month")  # fmt: skip
BARE = text(
    "SELECT count(*), sum(distance_km), max(distance_km), min(pace_s_per_km) FROM runs_view "
    "WHERE athlete_id = :athlete"
)


async def analytics_latencies(
    settings: Settings, who: dict[str, str], account: uuid.UUID, rounds: int
) -> dict[str, tuple[float, float]]:
    measured: dict[str, tuple[float, float]] = {}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}",
                                 timeout=60) as query:  # fmt: skip
        for path in ANALYTICS:
            seconds = []
            for _ in range(rounds + 1):
                began = time.perf_counter()
                (await query.get(path, headers=who)).raise_for_status()
                seconds.append(time.perf_counter() - began)
            measured[path] = spread(seconds[1:])
    engine = create_engine(settings, pool_size=1)
    try:
        seconds = []
        async with engine.connect() as sql:
            for _ in range(rounds):
                began = time.perf_counter()
                await sql.execute(BARE, {"athlete": account})
                seconds.append(time.perf_counter() - began)
        measured["bare SQL over the same runs"] = spread(seconds)
    finally:
        await engine.dispose()
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=8)
    parser.add_argument("--runs", type=int, default=100_000)
    args = parser.parse_args()
    gen_p50, gen_p95, workouts = bare_generation(args.plans)
    pdf_p50, pdf_p95, pages = bare_pdf(args.pdfs)
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as folder:
        settings = isolated_settings(Path(folder) / "var", job_worker_threads=1)
        stack = DevStack(settings, app_processes(settings))
        try:
            stack.up()
            http_gen, plan_id, who, account = asyncio.run(generated_over_http(settings, 10))
            pdfs = asyncio.run(pdf_latencies(settings, plan_id, who, args.pdfs))
            others = [uuid.uuid4() for _ in range(99)]
            asyncio.run(fill_runs(settings, args.runs, [account, *others]))
            analytics = asyncio.run(analytics_latencies(settings, who, account, 20))
        finally:
            stack.down()
    gen_http = spread(http_gen)
    pdf_http = spread(pdfs)
    lines = [
        BEGIN,
        f"## Training (`python -m bench.training --plans {args.plans} --pdfs {args.pdfs} "
        f"--runs {args.runs}`)",
        "",
        "| measure | p50 | p95 |",
        "|---|---|---|",
        f"| plan generator alone, {args.plans} random runners ({workouts:.0f} workouts a plan) | "
        f"{gen_p50 * 1000:.1f} ms | {gen_p95 * 1000:.1f} ms |",
        f"| `POST /plans/generate`, 20-week marathon, whole command path | "
        f"{gen_http[0] * 1000:.0f} ms | {gen_http[1] * 1000:.0f} ms |",
        f"| PDF renderer alone, same marathon plan ({pages} pages) | {pdf_p50 * 1000:.0f} ms | "
        f"{pdf_p95 * 1000:.0f} ms |",
        f"| export requested → download link visible, warm worker | {pdf_http[0] * 1000:.0f} ms | "
        f"{pdf_http[1] * 1000:.0f} ms |",
        *(f"| {path if path.startswith('bare') else f'`{path}`'}, one athlete's "
          f"{args.runs // 100} of {args.runs} runs | {p50 * 1000:.1f} ms | {p95 * 1000:.1f} ms |"
          for path, (p50, p95) in analytics.items()),
        "",
        "Analytics are computed from the runs and workouts read models when read (so a rebuild "
        "of the runs read model, measured above, is their rebuild); the load view walks every "
        "day since the athlete's first activity of the last five years.",
        END,
    ]  # fmt: skip
    section = "\n".join(lines)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
