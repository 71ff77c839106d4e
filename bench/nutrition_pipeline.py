"""Nutrition through the whole pipeline on this machine, every service local.

    uv run python -m bench.nutrition_pipeline [--plans 8] [--searches 40] [--questions 8]

1. Catalog: the shipped recipes published as events, to every one searchable (the projector
   embeds them with the configured model): recipes embedded per second.
2. Meal plans: `POST /nutrition/meal-plans` to the plan `ready` on the query API, `--plans` in a
   row (profiles of a few kinds), with one job worker process and then with two; bare baseline:
   the planner alone on the same requests in this process.
3. Search: `GET /nutrition/recipes/search` with free text and filters, p50/p95; bare baseline:
   embedding the query alone.
4. The coach (offline answerer): `POST /nutrition/coach/messages` to the reply visible, p50/p95.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from bench.movement import registered, second_worker
from bench.startup import write
from bench.training import spread
from infra.database import create_engine
from infra.embeddings import embedder
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings
from pacer.bootstrap import command_bus
from pacer.catalog import publish_catalog
from pacer.processes import app_processes

BEGIN, END = "<!-- nutrition-pipeline:begin -->", "<!-- nutrition-pipeline:end -->"
MONDAY = date.today() + timedelta(days=7 - date.today().weekday())
PROFILES: list[dict[str, Any]] = [
    {"sex": "female", "birth_date": "1991-04-12", "height_cm": 168, "weight_kg": 62,
     "activity": "active", "goal": "maintain", "diet": "pescatarian", "meal_slots": 4},
    {"sex": "male", "birth_date": "1984-09-30", "height_cm": 181, "weight_kg": 84,
     "activity": "moderate", "goal": "lose", "rate_kg_per_week": 0.5, "meal_slots": 3},
    {"sex": "female", "birth_date": "1999-01-05", "height_cm": 160, "weight_kg": 55,
     "activity": "very_active", "goal": "gain", "rate_kg_per_week": 0.25, "diet": "vegetarian",
     "allergies": ["nuts"], "meal_slots": 5},
    {"sex": "male", "birth_date": "1975-06-01", "height_cm": 175, "weight_kg": 78,
     "activity": "light", "goal": "maintain", "diet": "vegan", "dislikes": ["mushrooms"],
     "meal_slots": 4},
]  # fmt: skip
SEARCHES = [
    "high-protein breakfast without eggs",
    "vegan dinner under 600 kcal",
    "salmon",
    "quick snack with peanut butter",
    "gluten-free lunch",
    "curry with rice",
    "light dinner",
    "something with chickpeas",
    "porridge",
    "pasta without cheese",
]
QUESTIONS = [
    "How much protein should I eat a day?",
    "What should I eat before a long run?",
    "What's for dinner tomorrow?",
    "How much should I drink during a hot run?",
]


async def catalog_seconds(settings: Settings) -> tuple[int, float]:
    engine = create_engine(settings, pool_size=2)
    try:
        started = time.perf_counter()
        published = await publish_catalog(command_bus(settings, engine))
        while True:
            async with engine.connect() as sql:
                done = await sql.scalar(text(
                    "SELECT count(*) FROM recipes_view WHERE kind = 'catalog' "
                    "AND embedding IS NOT NULL"))  # fmt: skip
            if done and done >= published:
                return published, time.perf_counter() - started
            await asyncio.sleep(0.2)
    finally:
        await engine.dispose()


async def settled(query: httpx.AsyncClient, who: dict[str, str], path: str,
                  ready: Any) -> dict[str, Any]:  # fmt: skip
    while True:
        answer = await query.get(path, headers=who)
        if answer.status_code == 200 and ready(answer.json()):
            body: dict[str, Any] = answer.json()
            return body
        await asyncio.sleep(0.05)


async def plan_latencies(settings: Settings, plans: int) -> tuple[list[float], int]:
    command = httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}")
    query = httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}", timeout=30)
    async with command, query:
        seconds, ready = [], 0
        for index in range(plans):
            who, _ = await registered(command)
            profile = await command.put("/nutrition/profile", headers=who,
                                        json=PROFILES[index % len(PROFILES)])  # fmt: skip
            profile.raise_for_status()
            started = time.perf_counter()
            asked = await command.post("/nutrition/meal-plans", headers=who,
                                       json={"week_start": MONDAY.isoformat()})  # fmt: skip
            asked.raise_for_status()
            path = f"/nutrition/meal-plans/{asked.json()['aggregate_id']}"
            plan = await settled(query, who, path, lambda p: p["status"] in ("ready", "failed"))
            seconds.append(time.perf_counter() - started)
            ready += plan["status"] == "ready"
        return seconds, ready


async def parallel_plans(settings: Settings, plans: int) -> float:
    """Plans a minute with `plans` requests at once."""
    started = time.perf_counter()
    results = await asyncio.gather(*(plan_latencies(settings, 1) for _ in range(plans)))
    assert all(ready for _, ready in results), "every benchmark profile can be planned"
    return plans / (time.perf_counter() - started) * 60


async def search_latencies(settings: Settings, searches: int) -> list[float]:
    command = httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}")
    query = httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}", timeout=30)
    async with command, query:
        who, _ = await registered(command)
        seconds = []
        for index in range(searches):
            started = time.perf_counter()
            found = await query.get("/nutrition/recipes/search", headers=who,
                                    params={"q": SEARCHES[index % len(SEARCHES)]})  # fmt: skip
            found.raise_for_status()
            seconds.append(time.perf_counter() - started)
        return seconds


def bare_query_embedding(settings: Settings, searches: int) -> list[float]:
    model = embedder(settings)
    model.embed_query("warm up")
    seconds = []
    for index in range(searches):
        started = time.perf_counter()
        model.embed_query(SEARCHES[index % len(SEARCHES)])
        seconds.append(time.perf_counter() - started)
    return seconds


def bare_plans(plans: int) -> list[float]:
    from contracts.nutrition.plans import slots_for
    from contracts.nutrition.profile import age_on
    from contracts.nutrition.targets import DayKind, Profile, daily_targets
    from workers.nutrition import service

    seconds = []
    for index in range(plans):
        body = PROFILES[index % len(PROFILES)]
        profile = Profile(
            sex=body["sex"], age=age_on(date.fromisoformat(body["birth_date"]), date.today()),
            height_cm=body["height_cm"], weight_kg=body["weight_kg"], activity=body["activity"],
            goal=body["goal"], rate_kg_per_week=body.get("rate_kg_per_week", 0.0),
        )  # fmt: skip
        targets = daily_targets(profile, DayKind.NORMAL).model_dump()
        started = time.perf_counter()
        service.plan_for({
            "targets": [targets] * 7, "slots": slots_for(body["meal_slots"]),
            "diet": body.get("diet", "omnivore"), "allergens": body.get("allergies", []),
            "dislikes": body.get("dislikes", []), "seed": index,
        })  # fmt: skip
        seconds.append(time.perf_counter() - started)
    return seconds


async def coach_latencies(settings: Settings, questions: int) -> list[float]:
    command = httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}")
    query = httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}", timeout=30)
    async with command, query:
        who, _ = await registered(command)
        (await command.put("/nutrition/profile", headers=who, json=PROFILES[0])).raise_for_status()
        seconds = []
        for index in range(questions):
            started = time.perf_counter()
            sent = await command.post("/nutrition/coach/messages", headers=who,
                                      json={"text": QUESTIONS[index % len(QUESTIONS)]})  # fmt: skip
            sent.raise_for_status()
            seen = {**who, "X-Consistency-Token": sent.json()["consistency_token"]}
            await settled(query, seen, "/nutrition/coach/messages",
                          lambda page: page["messages"][0]["status"] != "pending")  # fmt: skip
            seconds.append(time.perf_counter() - started)
        return seconds


def ms(pair: tuple[float, float]) -> str:
    return f"{pair[0] * 1000:.0f} ms | {pair[1] * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=8)
    parser.add_argument("--searches", type=int, default=40)
    parser.add_argument("--questions", type=int, default=8)
    args = parser.parse_args()
    bare = spread(bare_plans(args.plans))
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as folder:
        settings = isolated_settings(Path(folder) / "var", job_worker_threads=1)
        stack = DevStack(settings, app_processes(settings))
        try:
            stack.up()
            recipes, catalog_s = asyncio.run(catalog_seconds(settings))
            one, ready = asyncio.run(plan_latencies(settings, args.plans))
            per_minute_one = asyncio.run(parallel_plans(settings, 4))
            extra = second_worker(settings)
            extra.up()
            try:
                per_minute_two = asyncio.run(parallel_plans(settings, 4))
            finally:
                extra.down()
            searched = spread(asyncio.run(search_latencies(settings, args.searches)))
            embedded = spread(bare_query_embedding(settings, args.searches))
            coached = spread(asyncio.run(coach_latencies(settings, args.questions)))
        finally:
            stack.down()
    planned = spread(one)
    lines = [
        BEGIN,
        f"## Nutrition through the pipeline (`python -m bench.nutrition_pipeline --plans "
        f"{args.plans} --searches {args.searches} --questions {args.questions}`)",
        "",
        f"Embedder `{settings.embedding_model}`, coach `{settings.coach_model}`, one job worker "
        "thread per process, every service on this 2-core machine.",
        "",
        "| measure | p50 | p95 |",
        "|---|---|---|",
        f"| planner alone, the same week requests | {ms(bare)} |",
        f"| `POST /nutrition/meal-plans` → plan ready on the query API ({ready}/{args.plans} "
        f"ready), one job worker | {ms(planned)} |",
        f"| query embedding alone | {ms(embedded)} |",
        f"| `GET /nutrition/recipes/search`, free text and filters | {ms(searched)} |",
        f"| coach message → reply visible (offline answerer) | {ms(coached)} |",
        "",
        f"- Catalog: {recipes} recipes published and embedded in {catalog_s:.1f} s "
        f"({recipes / catalog_s:.1f} recipes/s through the projector).",
        f"- Meal plans a minute, 4 asked at once: {per_minute_one:.1f} with one job worker "
        f"process, {per_minute_two:.1f} with two.",
        END,
    ]  # fmt: skip
    section = "\n".join(lines)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
