"""The edges' costs on this machine, all services local.

    uv run python -m bench.edges [--requests 3000] [--body-mb 100] [--fuzz-examples 25]

1. Revocation check: what checking the login session in Redis adds to a request. The query
   API in-process (ASGI, real PostgreSQL and Redis) answers `GET /runs/{id}` for a signed-in
   athlete, once with the live-session check and once with it answering "live" at once (the
   bare baseline: what the request cost before sessions could be revoked); and the Redis round
   trip alone.
2. Request size limit: the command API process's resident memory while a client sends a
   100 MB JSON body to `POST /auth/register` (declared with Content-Length, and chunked), polled
   every 10 ms; the target is to stay under 150 MiB.
3. Fuzzing: schemathesis over both APIs as the test suite runs it: cases and time.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.startup import write
from infra.redis import namespace, redis_client
from infra.runtime.stack import DevStack, isolated_settings
from infra.sessions import LiveSessions
from infra.settings import Settings
from pacer.bootstrap import query_app
from pacer.processes import app_processes
from tests.helpers import api_client, signed_in

BEGIN, END = "<!-- edges:begin -->", "<!-- edges:end -->"
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"  # noqa: S105 - throw-away benchmark account
UNLIMITED = "1000000/minute"


class AlwaysLive:
    """The baseline: a session check that costs nothing."""

    async def is_live(self, session_id: uuid.UUID, account_id: uuid.UUID) -> bool:
        return True


async def revocation_cost(settings: Settings, requests: int) -> dict[str, float]:
    app = query_app(settings)
    async with api_client(app) as client:
        headers = await signed_in(settings, uuid.uuid4())
        path = f"/runs/{uuid.uuid4()}"

        async def timed() -> float:
            began = time.perf_counter()
            for _ in range(requests):
                response = await client.get(path, headers=headers)
                assert response.status_code == 404, response.text
            return (time.perf_counter() - began) / requests * 1e6

        real = app.state.sessions
        rounds: dict[str, list[float]] = {"checked": [], "bare": []}
        await timed()  # warm up pools and caches
        for _ in range(3):
            app.state.sessions = real
            rounds["checked"].append(await timed())
            app.state.sessions = AlwaysLive()
            rounds["bare"].append(await timed())
        app.state.sessions = real
    client_ = redis_client(settings)
    sessions = LiveSessions(client_, namespace(settings))
    session, account = uuid.uuid4(), uuid.uuid4()
    began = time.perf_counter()
    for _ in range(requests):
        await sessions.is_live(session, account)
    redis_us = (time.perf_counter() - began) / requests * 1e6
    await client_.aclose()
    return {
        "checked_us": statistics.median(rounds["checked"]),
        "bare_us": statistics.median(rounds["bare"]),
        "redis_us": redis_us,
    }


def peak_rss(pid: int, stop: threading.Event, peaks: list[int]) -> None:
    process = psutil.Process(pid)
    while not stop.is_set():
        peaks.append(process.memory_info().rss)
        time.sleep(0.01)


def big_body(settings: Settings, megabytes: int, declared: bool) -> dict[str, Any]:
    size = megabytes * 2**20
    prefix = b'{"email": "big@example.com", "display_name": "'
    filler = b"x" * 2**20

    def chunks() -> Iterator[bytes]:
        yield prefix
        for _ in range(megabytes):
            yield filler
        yield b'"}'

    headers = {"Content-Type": "application/json"}
    if declared:
        headers["Content-Length"] = str(len(prefix) + size + 2)
    url = f"http://127.0.0.1:{settings.command_api_port}/auth/register"
    began = time.perf_counter()
    try:
        with httpx.Client(timeout=120) as client:
            status: int | str = client.post(url, content=chunks(), headers=headers).status_code
    except httpx.HTTPError as error:  # the server may close the connection after its 413
        status = type(error).__name__
    return {"status": status, "seconds": time.perf_counter() - began}


def memory_under_big_bodies(settings: Settings, megabytes: int) -> dict[str, Any]:
    pid = int((settings.var_path / "command-api" / "command-api.pid").read_text())
    before = psutil.Process(pid).memory_info().rss
    results: dict[str, Any] = {"before": before}
    for declared in (True, False):
        stop, peaks = threading.Event(), [before]
        watcher = threading.Thread(target=peak_rss, args=(pid, stop, peaks))
        watcher.start()
        outcome = big_body(settings, megabytes, declared)
        stop.set()
        watcher.join()
        results["declared" if declared else "chunked"] = {**outcome, "peak": max(peaks)}
    return results


def fuzz(settings: Settings, examples: str) -> dict[str, Any]:
    from tests.e2e.test_fuzz import _cases
    from tests.e2e.test_fuzz import signed_in as fuzz_token

    token = fuzz_token(f"http://127.0.0.1:{settings.command_api_port}")
    results: dict[str, Any] = {}
    for api, port in (("command", settings.command_api_port), ("query", settings.query_api_port)):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.ndjson"
            began = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-m", "schemathesis.cli", "run",
                 f"http://127.0.0.1:{port}/openapi.json",
                 "--header", f"Authorization: Bearer {token}", "--checks", "all",
                 "--max-examples", examples, "--seed", "20261202", "--workers", "1",
                 "--report", "ndjson", "--report-ndjson-path", str(report)],
                cwd=ROOT, env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks"},
                capture_output=True, text=True, timeout=900, check=False,
            )  # fmt: skip
            results[api] = {
                "cases": _cases(report),
                "seconds": time.perf_counter() - began,
                "passed": run.returncode == 0,
            }
    return results


def render(cost: dict[str, float], memory: dict[str, Any], fuzzed: dict[str, Any],
           requests: int, megabytes: int) -> str:  # fmt: skip
    mib = 2**20
    lines = [
        BEGIN,
        f"## Edges ({time.strftime('%Y-%m-%d')}; `python -m bench.edges --requests {requests} "
        f"--body-mb {megabytes}`)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `GET /runs/{{id}}` in-process, with the live-session check (median of 3 rounds of "
        f"{requests}) | {cost['checked_us']:.0f} µs |",
        f"| the same, bare baseline (the check answers at once) | {cost['bare_us']:.0f} µs |",
        f"| revocation check per request (difference) | {cost['checked_us'] - cost['bare_us']:.0f}"
        f" µs ({(cost['checked_us'] / cost['bare_us'] - 1) * 100:.0f} %) |",
        f"| Redis `GET` of the session alone | {cost['redis_us']:.0f} µs |",
        f"| command API resident memory before the big bodies | {memory['before'] / mib:.0f} MiB |",
    ]
    for kind in ("declared", "chunked"):
        seen = memory[kind]
        lines.append(
            f"| {megabytes} MB body, {kind}: answer, time, peak resident memory | "
            f"{seen['status']}, {seen['seconds']:.2f} s, {seen['peak'] / mib:.0f} MiB |"
        )
    for api in ("command", "query"):
        run = fuzzed[api]
        lines.append(
            f"| schemathesis, {api} API: cases, time, result | {run['cases']}, "
            f"{run['seconds']:.0f} s, {'passed' if run['passed'] else 'FAILED'} |"
        )
    lines += [
        "",
        "The limit is 64 KiB (`PACER_MAX_BODY_BYTES`): a declared length over it is refused before "
        "a byte is read; a chunked body is cut off at the limit. Schemathesis ran every check, all "
        "phases, 25 cases per operation and phase, the seed the suite uses.",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Pacer edge costs")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--body-mb", type=int, default=100)
    parser.add_argument("--fuzz-examples", default="25")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = isolated_settings(
            Path(folder),
            **{name: UNLIMITED for name in Settings.model_fields if name.startswith("limit_")},
        )
        apps = [app for app in app_processes(settings) if app.name in ("command-api", "query-api")]
        stack = DevStack(settings, apps)
        try:
            stack.up()
            cost = asyncio.run(revocation_cost(settings, args.requests))
            memory = memory_under_big_bodies(settings, args.body_mb)
            fuzzed = fuzz(settings, args.fuzz_examples)
        finally:
            stack.down()
    section = render(cost, memory, fuzzed, args.requests, args.body_mb)
    print(section)
    write(section, BEGIN, END)


if __name__ == "__main__":
    main()
