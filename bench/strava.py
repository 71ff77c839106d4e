"""Strava through the whole pipeline on this machine, every service local, the local Strava in
its own process (as `make run` starts it), with Strava's windows scaled down to ten seconds.

    uv run python -m bench.strava [--rate 200] [--seconds 10] [--rounds 3] [--history 1000]

1. Webhook answers: events POSTed open loop at `--rate` per second for `--seconds` (latency
   from each request's scheduled moment, so a stall is not hidden), p50/p99, in `--rounds`
   rounds alternating with the bare baseline: the
   same bodies to a FastAPI app that validates them with the same model and INSERTs each with
   one asyncpg statement (`bench/bare_api.py`), on the same PostgreSQL.
2. Webhook to run: an activity added on the local Strava (which sends the event) until its run
   is readable on the query API, p50/p95.
3. Backfill: an athlete with `--history` activities connects; activities imported per second
   within the limits, requests per window against the backfill's share, and 429s (none
   expected); bare baseline: the same pages fetched in a loop with no limits and no Pacer.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.bare_api import bare_api
from bench.loadgen import OpenLoop, json_target, open_loop
from bench.movement import registered
from bench.startup import write
from bench.training import spread
from infra.runtime.postgres import sync_dsn
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings
from pacer.processes import app_processes

BEGIN, END = "<!-- strava:begin -->", "<!-- strava:end -->"
WINDOW_S, READS, OVERALL, PAGE = 10, 60, 120, 20
SCOPE = "read,activity:read_all,activity:write"


def strava_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.local_strava_port}"


async def connect(settings: Settings, command: httpx.AsyncClient, strava: httpx.AsyncClient,
                  history: int = 0) -> tuple[dict[str, str], int]:  # fmt: skip
    """A Pacer athlete connected to a new local Strava athlete with `history` activities."""
    headers, _ = await registered(command)
    athlete = (await strava.post("/_local/athletes", json={"firstname": "Bench"})).json()["id"]
    for _ in range(history):
        made = await strava.post(f"/_local/athletes/{athlete}/activities",
                                 json={"notify": False})  # fmt: skip
        made.raise_for_status()
    url = (await command.get("/integrations/strava/authorize", headers=headers)).json()
    consent = await strava.get(url["authorize_url"] + f"&athlete_id={athlete}")
    back = await command.get(consent.headers["location"])
    back.raise_for_status()
    return headers, athlete


async def subscribe(settings: Settings, strava: httpx.AsyncClient) -> int:
    made = await strava.post("/api/v3/push_subscriptions", data={
        "client_id": settings.strava_client_id,
        "client_secret": settings.strava_client_secret.get_secret_value(),
        "callback_url": f"http://127.0.0.1:{settings.command_api_port}/integrations/strava/webhook",
        "verify_token": settings.strava_verify_token.get_secret_value(),
    })  # fmt: skip
    made.raise_for_status()
    return int(made.json()["id"])


def events(
    athlete: int, count: int, subscription: int, first: int = 90_000_000_000
) -> list[dict[str, Any]]:
    now = int(time.time())
    # Deletions of activities Pacer never imported: each is recorded (the measured path) and the
    # reactor's removal needs no call to Strava, so the rate windows stay out of the picture.
    return [{"aspect_type": "delete", "event_time": now + i, "object_id": first + i,
             "object_type": "activity", "owner_id": athlete, "subscription_id": subscription,
             "updates": {}} for i in range(count)]  # fmt: skip


async def _subscribed_athlete(settings: Settings) -> tuple[int, int]:
    base = f"http://127.0.0.1:{settings.command_api_port}"
    async with (
        httpx.AsyncClient(base_url=base, timeout=30) as command,
        httpx.AsyncClient(base_url=strava_url(settings), timeout=30) as strava,
    ):
        subscription = await subscribe(settings, strava)
        _, athlete = await connect(settings, command, strava)
    return subscription, athlete


async def settled(settings: Settings) -> None:
    """Until the outbox is published and no event has been recorded for two seconds."""
    connection = await asyncpg.connect(sync_dsn(settings.database_dsn))
    try:
        last, quiet = -1, 0
        for _ in range(600):
            count = await connection.fetchval(
                "SELECT count(*) FROM events WHERE NOT EXISTS "
                "(SELECT 1 FROM outbox WHERE published_at IS NULL)"
            )
            quiet = quiet + 1 if count == last and count else 0
            if quiet >= 8:
                return
            last = count
            await asyncio.sleep(0.25)
    finally:
        await connection.close()


def webhook_answers(
    settings: Settings, bare_url: str, rate: float, seconds: float, rounds: int
) -> dict[str, Any]:
    """Strava's POSTs at `rate` a second, open loop (vegeta), to Pacer's webhook and to the bare
    app's in alternating rounds, each after a warm-up at that rate and once the pipeline has
    caught up; every event a different activity."""
    subscription, athlete = asyncio.run(_subscribed_athlete(settings))
    pacer_url = f"http://127.0.0.1:{settings.command_api_port}/integrations/strava/webhook"
    count = int(rate * seconds)
    first = 90_000_000_000

    def attack(url: str) -> OpenLoop:
        nonlocal first
        warm_up = events(athlete, int(rate * 2), subscription, first)
        open_loop([json_target(url, body) for body in warm_up], rate, 2)
        asyncio.run(settled(settings))
        bodies = events(athlete, count, subscription, first + 1_000_000)
        first += 10_000_000
        return open_loop([json_target(url, body) for body in bodies], rate, seconds)

    answers: dict[str, Any] = {"pacer": [], "bare": [], "count": count}
    for _ in range(rounds):
        answers["pacer"].append(attack(pacer_url))
        answers["bare"].append(attack(bare_url))
    return answers


async def event_to_run(settings: Settings, samples: int) -> list[float]:
    base = f"http://127.0.0.1:{settings.command_api_port}"
    query = f"http://127.0.0.1:{settings.query_api_port}"
    seconds = []
    async with (
        httpx.AsyncClient(base_url=base, timeout=30) as command,
        httpx.AsyncClient(base_url=query, timeout=30) as reads,
        httpx.AsyncClient(base_url=strava_url(settings), timeout=30) as strava,
    ):
        headers, athlete = await connect(settings, command, strava)
        for _ in range(samples):
            started = time.perf_counter()
            made = (await strava.post(f"/_local/athletes/{athlete}/activities", json={})).json()
            while True:
                page = (
                    await reads.get(
                        "/runs", headers=headers, params={"source": "strava", "limit": 200}
                    )
                ).json()
                if any(run["strava_activity_id"] == made["id"] for run in page["items"]):
                    break
                await asyncio.sleep(0.02)
            seconds.append(time.perf_counter() - started)
    return seconds


async def backfill(settings: Settings, history: int) -> dict[str, Any]:
    base = f"http://127.0.0.1:{settings.command_api_port}"
    query = f"http://127.0.0.1:{settings.query_api_port}"
    async with (
        httpx.AsyncClient(base_url=base, timeout=30) as command,
        httpx.AsyncClient(base_url=query, timeout=30) as reads,
        httpx.AsyncClient(base_url=strava_url(settings), timeout=30) as strava,
    ):
        before = (await strava.get("/_local/stats")).json()
        started = time.perf_counter()
        headers, athlete = await connect(settings, command, strava, history)
        made_s = time.perf_counter() - started
        started = time.perf_counter()
        while True:
            status = (await reads.get("/integrations/strava", headers=headers)).json()
            if status["backfill"]["status"] in ("done", "failed"):
                break
            await asyncio.sleep(0.2)
        took = time.perf_counter() - started
        after = (await strava.get("/_local/stats")).json()
        # Bare: the same pages, fetched with the athlete's own token straight from Strava.
        code_url = f"/oauth/authorize?client_id={settings.strava_client_id}&response_type=code"
        consent = await strava.get(f"{code_url}&redirect_uri=http://x/&scope={SCOPE}"
                                   f"&athlete_id={athlete}")  # fmt: skip
        code = httpx.URL(consent.headers["location"]).params["code"]
        token = (await strava.post("/oauth/token", data={
            "client_id": settings.strava_client_id, "grant_type": "authorization_code",
            "client_secret": settings.strava_client_secret.get_secret_value(), "code": code,
        })).json()["access_token"]  # fmt: skip
        bare_started, page, fetched = time.perf_counter(), 1, 0
        while True:
            answer = await strava.get(
                "/api/v3/athlete/activities",
                params={"page": page, "per_page": PAGE},
                headers={"Authorization": f"Bearer {token}"},
            )
            if answer.status_code == 429:
                await asyncio.sleep(0.5)
                continue
            if not answer.json():
                break
            fetched, page = fetched + len(answer.json()), page + 1
        bare_s = time.perf_counter() - bare_started
    return {"status": status["backfill"], "seconds": took, "connect_s": made_s,
            "requests": after["requests"] - before["requests"],
            "too_many": after["too_many"] - before["too_many"], "bare_s": bare_s,
            "bare_fetched": fetched}  # fmt: skip


def render(answers: dict[str, Any], visible: list[float], filled: dict[str, Any],
           rate: float, history: int) -> str:  # fmt: skip
    pacer, bare = answers["pacer"], answers["bare"]
    p50, p95 = spread(visible)
    imported = filled["status"]["imported"] + filled["status"]["skipped"]
    share = int(READS * 0.75)
    return "\n".join([
        BEGIN,
        "## Strava (webhook, import, backfill)",
        "",
        f"`uv run python -m bench.strava` — every service local on this machine (2 cores), the "
        f"local Strava in its own process, Strava's windows scaled to {WINDOW_S} s with "
        f"{READS} reads / {OVERALL} requests a window; measured {time.strftime('%Y-%m-%d')}.",
        "",
        "| measure | Pacer | bare baseline |",
        "|---|---|---|",
        *(f"| webhook answer at {rate:.0f} events/s open loop (vegeta, {answers['count']} "
          f"events), round {n}, p50 / p99 / max | {_answers(mine)} | {_answers(theirs)} |"
          for n, (mine, theirs) in enumerate(zip(pacer, bare, strict=True), start=1)),
        f"| activity added on Strava → run readable on the query API, p50 / p95 ({len(visible)}"
        f" activities) | {p50 * 1000:.0f} / {p95 * 1000:.0f} ms | — |",
        f"| backfill of {history} activities ({PAGE} a page) | {filled['seconds']:.1f} s = "
        f"{imported / filled['seconds']:.0f} activities/s, {filled['requests']} requests, "
        f"{filled['too_many']} answered 429 (backfill share {share} reads a window) | "
        f"{filled['bare_s']:.1f} s for the same {filled['bare_fetched']} activities, unlimited |",
        "",
        "Each webhook round follows a 2-s warm-up at the same rate and waits for the pipeline "
        "to catch up with the one before. "
        "The webhook answer is one command through the bus (event store + outbox in one "
        "transaction); the import itself happens later in a job. The backfill's time is set "
        "by the rate windows, as it should be: it takes the share it is given and no more.",
        END,
    ])  # fmt: skip


def _answers(attack: OpenLoop) -> str:
    statuses = Counter(result.status for result in attack.results if result.status != 200)
    failed = ", ".join(f"{count} x {status or 'no answer'}" for status, count in statuses.items())
    return (
        f"{attack.latency_ms(0.5):.1f} / {attack.latency_ms(0.99):.1f} / "
        f"{attack.latency_ms(1.0):.1f} ms" + (f" (not 200: {failed})" if failed else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--visible", type=int, default=40)
    parser.add_argument("--history", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as folder:
        settings = isolated_settings(
            Path(folder) / "var", strava_rate_window_s=WINDOW_S,
            strava_limits=f"{OVERALL},1000000", strava_read_limits=f"{READS},1000000",
            strava_backfill_page_size=PAGE, strava_backfill_days=3650,
        )  # fmt: skip
        stack = DevStack(settings, app_processes(settings))
        try:
            stack.up()
            with bare_api(settings) as bare_url:
                answers = webhook_answers(settings, f"{bare_url}/webhook", args.rate, args.seconds,
                                          args.rounds)  # fmt: skip
            visible = asyncio.run(event_to_run(settings, args.visible))
            filled = asyncio.run(backfill(settings, args.history))
        finally:
            stack.down()
    section = render(answers, visible, filled, args.rate, args.history)
    write(section, BEGIN, END)
    print(section)


if __name__ == "__main__":
    main()
