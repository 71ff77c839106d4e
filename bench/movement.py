"""Movement pipeline benchmark on this machine, every service local.

    uv run python -m bench.movement [--clips 8] [--seconds 30]

1. Starts a private stack (Kafka, PostgreSQL, Redis, s3proxy, both APIs, relay, projectors,
   reactors, one job worker with one thread) on free ports in a temporary folder.
2. Latency: one athlete uploads a 640x480 mp4 of `--seconds` seconds (the hopping astronaut of
   `workers.pose.testing`), submits it, and polls the query API until the analysis is done;
   submit → result visible, `--clips` times in a row with the worker warm (a first clip warms
   it and is not counted). Bare baseline in the same run: `analyze_video` on the same file in
   this process, which is what the worker spends most of that time on.
3. Throughput: `--clips` clips submitted at once, analyses per minute from the first submit to
   the last result: with the one job worker process, then with a second one beside it (the way
   to scale out: one MediaPipe graph analyses one video at a time per process).

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.startup import write
from infra.runtime.apps import AppProcess
from infra.runtime.process import free_port
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings
from pacer.processes import app_processes
from workers.pose import analyze_video
from workers.pose.testing import astronaut_video

BEGIN, END = "<!-- movement:begin -->", "<!-- movement:end -->"
PASSWORD = "benchmark password 123"  # noqa: S105 - a throw-away benchmark account
FPS = 30
HOP_S = 0.8  # astronaut_video: 0.4 s in the air, 0.4 s on the ground


async def registered(command: httpx.AsyncClient) -> tuple[dict[str, str], uuid.UUID]:
    """A new benchmark account: its bearer header and its id."""
    email = f"bench-{time.time_ns()}@example.com"
    body = {"email": email, "password": PASSWORD, "display_name": "bench"}
    account = await command.post("/auth/register", json=body)
    account.raise_for_status()
    login = await command.post("/auth/token", data={"username": email, "password": PASSWORD})
    login.raise_for_status()
    token = login.json()["access_token"]
    return {"Authorization": f"Bearer {token}"}, uuid.UUID(account.json()["aggregate_id"])


async def athlete(command: httpx.AsyncClient) -> dict[str, str]:
    return (await registered(command))[0]


async def submit(command: httpx.AsyncClient, who: dict[str, str], clip: bytes) -> str:
    ticket = await command.post(
        "/movement/uploads",
        headers=who,
        json={"content_type": "video/mp4", "size_bytes": len(clip)},
    )
    ticket.raise_for_status()
    body = ticket.json()
    async with httpx.AsyncClient(timeout=60) as storage:
        (await storage.put(body["url"], content=clip, headers=body["headers"])).raise_for_status()
    submitted = await command.post(
        f"/movement/uploads/{body['upload_id']}/submit", headers=who, json={"exercise": "jump_rope"}
    )
    submitted.raise_for_status()
    upload_id: str = body["upload_id"]
    return upload_id


async def result(query: httpx.AsyncClient, who: dict[str, str], upload_id: str) -> dict[str, Any]:
    while True:
        answer = await query.get(f"/movement/analyses/{upload_id}", headers=who)
        if answer.status_code == 200 and answer.json()["status"] in ("completed", "failed"):
            outcome: dict[str, Any] = answer.json()
            return outcome
        await asyncio.sleep(0.05)


async def latencies(settings: Settings, clip: bytes, runs: int) -> tuple[list[float], int]:
    async with (
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}",
                          timeout=60) as command,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}",
                          timeout=60) as query,
    ):  # fmt: skip
        who = await athlete(command)
        await result(query, who, await submit(command, who, clip))  # warm-up
        seconds, reps = [], 0
        for _ in range(runs):
            upload_id = await submit(command, who, clip)
            began = time.perf_counter()
            outcome = await result(query, who, upload_id)
            seconds.append(time.perf_counter() - began)
            reps = outcome["result"]["reps"] if outcome["status"] == "completed" else -1
        return seconds, reps


async def throughput(settings: Settings, clip: bytes, clips: int) -> float:
    async with (
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.command_api_port}",
                          timeout=60) as command,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.query_api_port}",
                          timeout=60) as query,
    ):  # fmt: skip
        who = await athlete(command)
        uploads = [await submit(command, who, clip) for _ in range(clips)]
        began = time.perf_counter()
        await asyncio.gather(*(result(query, who, upload_id) for upload_id in uploads))
        return clips / (time.perf_counter() - began) * 60


def second_worker(settings: Settings) -> AppProcess:
    """Another job worker process beside the stack's, with a metrics port of its own."""
    [jobs] = [p for p in app_processes(settings) if p.name == "jobs"]
    own = settings.model_copy(update={"jobs_metrics_port": free_port()})
    return AppProcess(own, "jobs-2", jobs.argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as folder:
        hops = round((args.seconds - 0.8) / HOP_S)
        video = astronaut_video(Path(folder) / "clip.mp4", hops, fps=FPS)
        clip = video.read_bytes()
        began = time.perf_counter()
        bare = analyze_video(video, "jump_rope")
        bare_s = time.perf_counter() - began
        settings = isolated_settings(Path(folder) / "var", job_worker_threads=1)
        stack = DevStack(settings, app_processes(settings))
        try:
            stack.up()
            seconds, reps = asyncio.run(latencies(settings, clip, args.clips))
            one_worker = asyncio.run(throughput(settings, clip, args.clips))
            extra = second_worker(settings)
            extra.up()
            try:
                two_workers = asyncio.run(throughput(settings, clip, args.clips))
            finally:
                extra.down()
        finally:
            stack.down()
    p50 = statistics.median(seconds)
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[-1]
    lines = [
        BEGIN,
        f"## Movement pipeline (`python -m bench.movement --clips {args.clips} "
        f"--seconds {args.seconds}`)",
        "",
        f"A {args.seconds}-s 640x480 mp4 at {FPS} fps ({len(clip) / 1e6:.1f} MB, {hops} hops), "
        "uploaded with its presigned URL, submitted, analysed by the Dramatiq job, read back.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| submit → result visible, one warm worker, p50 | {p50:.1f} s |",
        f"| submit → result visible, p95 | {p95:.1f} s |",
        f"| bare `analyze_video` on the same file, this process | {bare_s:.1f} s "
        f"({bare.frames / bare_s:.0f} frames/s) |",
        f"| pipeline overhead over the bare engine, p50 | {p50 - bare_s:+.1f} s |",
        f"| analyses per minute, one worker process, {args.clips} at once | {one_worker:.1f} |",
        f"| analyses per minute, two worker processes, {args.clips} at once | "
        f"{two_workers:.1f} ({two_workers / one_worker:.2f}x) |",
        f"| bare engine, analyses per minute in this process | {60 / bare_s:.1f} |",
        f"| reps counted (truth {hops}) | pipeline {reps}, bare {bare.reps} |",
        "",
        f"On this machine ({os.cpu_count()} cores, shared with Kafka, PostgreSQL, Redis, s3proxy "
        "and the other processes). A MediaPipe graph keeps tracking state, so a worker process "
        "analyses one video at a time; more analyses per minute take more worker processes "
        "(`pacer serve jobs` on more machines, or more of them here), about one per core.",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
