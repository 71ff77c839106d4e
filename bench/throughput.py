"""Throughput of Pacer's write path, read path and relay against bare baselines, measured in one
run on one private stack (every service local, the same PostgreSQL for both sides).

    uv run python -m bench.throughput [--rounds 3] [--seconds 20] [--rate 100 250 500]

1. Commands, closed loop (`wrk -t2 -c32`): `POST /runs` through Pacer's command API (bearer
   token, write limit, validation, bus, event store + outbox in one transaction) and through the
   bare app (`bench/bare_api.py`: the same body model, one INSERT), and through the bare app
   making the round trips of a `RecordRun` and nothing else of Pacer (what the guarantees cost,
   apart from what Pacer's code costs); the rounds alternate, and the pipeline drains (relay,
   projectors) before each; requests/s min / median / max.
2. Open loop at each `--rate` commands/s (vegeta) for `--seconds`: accept p50/p99; meanwhile a
   prober records a run every 50 ms and reads it back from the query API with its consistency
   token: visibility p50/p99 (201 received → 200 read); the resident memory of every Pacer
   process, the most seen during the attacks. The target rate, and two below saturation.
3. Reads, closed loop: `GET /runs/{id}` on the query API (bearer token, read model) against the
   bare app's SELECT by primary key, and against the bare app making the same round trips.
4. Relay: the same outbox records (runs recorded and corrected through the bus) published by
   Pacer's relay and by a bare aiokafka producer with the same settings.

Writes the figures to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import psutil

from bench.bare_api import bare_api
from bench.loadgen import ClosedLoop, OpenLoop, closed_loop, json_target, open_loop
from bench.movement import registered
from bench.pipeline import written_outbox
from bench.startup import write
from infra.kafka import ensure_topics, kafka_producer
from infra.runtime.postgres import sync_dsn
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings
from pacer.processes import app_processes
from workers.relay import OutboxRelay

BEGIN, END = "<!-- throughput:begin -->", "<!-- throughput:end -->"
STARTED = (datetime.now(UTC) - timedelta(days=1)).isoformat()
RUN_TEMPLATE = json.dumps(
    {"distance_km": 10.5, "duration_s": 3150, "started_at": STARTED, "notes": "bench {n}"}
)


@dataclass
class OpenFigures:
    accept: OpenLoop
    visible_ms: list[float]
    not_visible: int

    def visibility_ms(self, q: float) -> float:
        visible = sorted(self.visible_ms)
        return visible[min(len(visible) - 1, int(q * len(visible)))] if visible else float("nan")


@dataclass
class Figures:
    command: dict[str, list[ClosedLoop]] = field(
        default_factory=lambda: {"pacer": [], "bare": [], "round trips": []}
    )
    read: dict[str, list[ClosedLoop]] = field(
        default_factory=lambda: {"pacer": [], "bare": [], "round trips": []}
    )
    open_loops: dict[float, OpenFigures] = field(default_factory=dict)
    rss_mib: dict[str, float] = field(default_factory=dict)
    relay: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    relay_events: int = 0


def api(settings: Settings, name: str) -> str:
    port = settings.command_api_port if name == "command" else settings.query_api_port
    return f"http://127.0.0.1:{port}"


async def athlete(settings: Settings) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=api(settings, "command"), timeout=30) as command:
        return (await registered(command))[0]


async def drained(settings: Settings) -> None:
    """Until the relay has published everything and the runs projection holds every run."""
    connection = await asyncpg.connect(sync_dsn(settings.database_dsn))
    try:
        for _ in range(1200):
            behind = await connection.fetchval(
                "SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) + "
                "(SELECT count(*) FROM event_streams WHERE stream_type = 'run') - "
                "(SELECT count(*) FROM runs_view)"
            )
            if behind <= 0:
                return
            await asyncio.sleep(0.25)
    finally:
        await connection.close()
    raise TimeoutError("the pipeline did not drain within five minutes")


def settled(stack: DevStack, *, idle_cores: float = 0.2, at_most_s: float = 180) -> None:
    """Until Pacer's processes together use less than `idle_cores` for two seconds running (the
    reactors and projectors have worked off what the last measurement left them), or
    `at_most_s` passed: a measurement does not share the cores with the one before it."""
    processes = pacer_processes(stack)

    def cpu_seconds() -> float:
        total = 0.0
        for process in processes.values():
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    quiet, deadline = 0, time.monotonic() + at_most_s
    while quiet < 2 and time.monotonic() < deadline:
        before = cpu_seconds()
        time.sleep(1)
        quiet = quiet + 1 if cpu_seconds() - before < idle_cores else 0


def pacer_processes(stack: DevStack) -> dict[str, psutil.Process]:
    """Every running Pacer process of the stack by name, a process's children (an API's and
    Dramatiq's workers) each on its own."""
    processes: dict[str, psutil.Process] = {}
    for app in stack.apps:
        pid = app.status().pid
        if pid is None:
            continue
        parent = psutil.Process(pid)
        processes[app.name] = parent
        for index, child in enumerate(parent.children(recursive=True)):
            processes[f"{app.name} child {index + 1}"] = child
    return processes


def rss_sampler(stack: DevStack) -> Callable[[dict[str, float]], None]:
    """A function that raises each process's entry to its resident memory now (MiB)."""
    processes = pacer_processes(stack)

    def sample(most: dict[str, float]) -> None:
        for name, process in processes.items():
            try:
                mib = process.memory_info().rss / 2**20
            except psutil.Error:
                continue
            most[name] = max(most.get(name, 0.0), mib)

    return sample


async def probe(
    settings: Settings, headers: dict[str, str], seconds: float, sample: Callable[[], None]
) -> tuple[list[float], int]:
    """A run recorded every 50 ms and read back with its consistency token, for `seconds`."""
    visible: list[float] = []
    missing = 0
    # Idle connections are dropped well before the server's keep-alive (uvicorn's 5 s) ends
    # them: at the same 5 s, a request could go out on a connection the server was closing.
    limits = httpx.Limits(max_connections=50, keepalive_expiry=1.0)
    async with (
        httpx.AsyncClient(base_url=api(settings, "command"), timeout=30, limits=limits) as w,
        httpx.AsyncClient(base_url=api(settings, "query"), timeout=30, limits=limits) as r,
    ):

        async def one() -> None:
            nonlocal missing
            body = json.loads(RUN_TEMPLATE.replace("{n}", "probe"))
            made = await w.post("/runs", json=body, headers=headers)
            if made.status_code != 201:
                missing += 1
                return
            answered = time.perf_counter()
            token = made.json()["consistency_token"]
            read = await r.get(
                f"/runs/{made.json()['aggregate_id']}",
                headers={**headers, "X-Consistency-Token": token},
            )
            if read.status_code == 200:
                visible.append((time.perf_counter() - answered) * 1000)
            else:
                missing += 1

        tasks = []
        began = time.perf_counter()
        while time.perf_counter() - began < seconds:
            tasks.append(asyncio.create_task(one()))
            sample()
            await asyncio.sleep(0.05)
        await asyncio.gather(*tasks)
    return visible, missing


def ready(settings: Settings, stack: DevStack) -> None:
    """The pipeline drained and the stack quiet."""
    asyncio.run(drained(settings))
    settled(stack)


def commands(settings: Settings, stack: DevStack, bare: str, headers: dict[str, str],
             figures: Figures, rounds: int, seconds: int) -> None:  # fmt: skip
    sides: list[tuple[str, str, dict[str, str]]] = [
        ("pacer", f"{api(settings, 'command')}/runs", headers),
        ("bare", f"{bare}/runs", {}),
        ("round trips", f"{bare}/guarded/runs", {}),
    ]
    for _, url, auth in sides:  # warm-up, not counted: pools filled, code paths run once
        closed_loop(url, RUN_TEMPLATE, auth, seconds=3)
    for _ in range(rounds):
        for side, url, auth in sides:
            ready(settings, stack)
            figures.command[side].append(closed_loop(url, RUN_TEMPLATE, auth, seconds=seconds))


def reads(settings: Settings, stack: DevStack, bare: str, headers: dict[str, str],
          figures: Figures, rounds: int, seconds: int) -> None:  # fmt: skip
    body = json.loads(RUN_TEMPLATE.replace("{n}", "read"))
    made = httpx.post(f"{api(settings, 'command')}/runs", json=body, headers=headers).json()
    bare_id = httpx.post(f"{bare}/runs", json=body).json()["aggregate_id"]
    token = {"X-Consistency-Token": made["consistency_token"]}
    httpx.get(f"{api(settings, 'query')}/runs/{made['aggregate_id']}",
              headers={**headers, **token}, timeout=30).raise_for_status()  # fmt: skip
    ready(settings, stack)
    for _ in range(rounds):
        figures.read["pacer"].append(
            closed_loop(
                f"{api(settings, 'query')}/runs/{made['aggregate_id']}",
                None,
                headers,
                seconds=seconds,
            )
        )
        figures.read["bare"].append(closed_loop(f"{bare}/runs/{bare_id}", seconds=seconds))
        figures.read["round trips"].append(
            closed_loop(f"{bare}/guarded/runs/{bare_id}", seconds=seconds)
        )


def open_loop_with_probe(settings: Settings, stack: DevStack, headers: dict[str, str],
                         figures: Figures, rate: float, seconds: float) -> None:  # fmt: skip
    ready(settings, stack)
    url = f"{api(settings, 'command')}/runs"
    # Each target its own notes, so no two requests are alike; vegeta goes round them in turn.
    targets = [
        json_target(url, json.loads(RUN_TEMPLATE.replace("{n}", str(n))), headers)
        for n in range(int(rate * seconds))
    ]
    sampler = rss_sampler(stack)
    with ThreadPoolExecutor(1) as pool:
        attack = pool.submit(open_loop, targets, rate, seconds)
        visible, missing = asyncio.run(
            probe(settings, headers, seconds, lambda: sampler(figures.rss_mib))
        )
        figures.open_loops[rate] = OpenFigures(attack.result(), visible, missing)


async def relay_against_raw(settings: Settings, events: int, figures: Figures) -> None:
    """The same outbox published once by a bare producer (to topics of their own) and once by
    the relay; events per second each."""
    async with written_outbox(settings, events) as (private, engine):
        connection = await asyncpg.connect(sync_dsn(private.database_dsn))
        try:
            rows = await connection.fetch(
                "SELECT topic, message_key, headers, payload FROM outbox ORDER BY id"
            )
        finally:
            await connection.close()
        prefix = private.kafka_topic_prefix
        figures.relay_events = len(rows)
        await ensure_topics(settings.kafka_bootstrap, {f"{prefix}raw.{r['topic']}" for r in rows})
        await ensure_topics(settings.kafka_bootstrap, {f"{prefix}{r['topic']}" for r in rows})
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()
        try:
            began = time.perf_counter()
            sent = [
                await producer.send(
                    f"{prefix}raw.{row['topic']}",
                    value=row["payload"].encode(),
                    key=row["message_key"].encode(),
                    headers=[(k, v.encode()) for k, v in json.loads(row["headers"]).items()],
                )
                for row in rows
            ]
            await asyncio.gather(*sent)
            figures.raw.append(len(rows) / (time.perf_counter() - began))
        finally:
            await producer.stop()
        producer = kafka_producer(settings.kafka_bootstrap)
        await producer.start()  # started before the clock, as the raw producer was
        try:
            relay = OutboxRelay(engine, producer, topic_prefix=prefix)
            began = time.perf_counter()
            published = await relay.drain()
            figures.relay.append(published / (time.perf_counter() - began))
        finally:
            await producer.stop()


def spread(values: list[float]) -> str:
    return f"{min(values):.0f} / {statistics.median(values):.0f} / {max(values):.0f}"


def render(figures: Figures, rounds: int, seconds: int, rates_offered: list[float]) -> str:
    def rates(loops: list[ClosedLoop]) -> list[float]:
        return [loop.per_second for loop in loops]

    def ratio(table: dict[str, list[ClosedLoop]], of: str = "pacer", to: str = "bare") -> float:
        return statistics.median(rates(table[of])) / statistics.median(rates(table[to]))

    def latency(loops: list[ClosedLoop]) -> str:
        middle = sorted(loops, key=lambda loop: loop.per_second)[len(loops) // 2]
        return f"p50 {middle.p50_ms:.1f} ms, p99 {middle.p99_ms:.1f} ms"

    def failed(loops: list[ClosedLoop]) -> int:
        return sum(loop.non_2xx + loop.errors for loop in loops)

    def open_row(rate: float) -> str:
        at = figures.open_loops[rate]
        accept = at.accept
        return (
            f"| {rate:g}/s | {len(accept.ok)} of {len(accept.results)} ({accept.failed} not "
            f"2xx), {accept.achieved_rate:.0f}/s | {accept.latency_ms(0.5):.1f} / "
            f"{accept.latency_ms(0.99):.1f} / {accept.latency_ms(1.0):.1f} ms | "
            f"{at.visibility_ms(0.5):.1f} / {at.visibility_ms(0.99):.1f} ms "
            f"({len(at.visible_ms)} probes, {at.not_visible} not visible) |"
        )

    heaviest = max(figures.rss_mib.items(), key=lambda item: item[1])
    raw, relay = statistics.median(figures.raw), statistics.median(figures.relay)
    lines = [
        BEGIN,
        f"## Throughput against bare baselines ({time.strftime('%Y-%m-%d')}; "
        f"`uv run python -m bench.throughput --rounds {rounds} --seconds {seconds} "
        f"--rate {' '.join(f'{rate:g}' for rate in rates_offered)}`)",
        "",
        "One private stack, every service and Pacer process on this machine's 2 cores with the "
        "load generator (wrk, vegeta: native programs). Closed loop: `wrk -t2 -c32` for "
        f"{seconds} s a round, rounds alternating Pacer and the bare app's sides, min / median / "
        f"max over {rounds} rounds. The bare app with a `RecordRun`'s round trips makes them and "
        "nothing else of Pacer: the live session's Redis `GET` and the write limit (the same "
        "`limits` sliding window on the same Redis), then BEGIN, a read by primary key, one "
        "statement writing the run and its outbox row and notifying, COMMIT; the ceiling of any "
        "command path with these guarantees on this machine. Likewise for a read: the session's "
        "`GET`, then BEGIN READ ONLY, the caller set for row-level security, the SELECT, COMMIT.",
        "",
        "| measure | Pacer | bare baseline | Pacer / bare |",
        "|---|---|---|---|",
        f"| `POST /runs`, commands/s | {spread(rates(figures.command['pacer']))} "
        f"({latency(figures.command['pacer'])}; {failed(figures.command['pacer'])} failed) | "
        f"{spread(rates(figures.command['bare']))} ({latency(figures.command['bare'])}) | "
        f"{ratio(figures.command):.2f}x |",
        f"| `POST /runs` in the bare app with a `RecordRun`'s round trips, commands/s | - | "
        f"{spread(rates(figures.command['round trips']))} "
        f"({latency(figures.command['round trips'])}) | "
        f"{ratio(figures.command, 'round trips'):.2f}x (Pacer / it: "
        f"{ratio(figures.command, 'pacer', 'round trips'):.2f}x) |",
        f"| `GET /runs/{{id}}`, reads/s | {spread(rates(figures.read['pacer']))} "
        f"({latency(figures.read['pacer'])}; {failed(figures.read['pacer'])} failed) | "
        f"{spread(rates(figures.read['bare']))} ({latency(figures.read['bare'])}) | "
        f"{ratio(figures.read):.2f}x |",
        f"| `GET /runs/{{id}}` in the bare app with its round trips, reads/s | - | "
        f"{spread(rates(figures.read['round trips']))} "
        f"({latency(figures.read['round trips'])}) | "
        f"{ratio(figures.read, 'round trips'):.2f}x (Pacer / it: "
        f"{ratio(figures.read, 'pacer', 'round trips'):.2f}x) |",
        f"| relay, events/s ({figures.relay_events} events) | {spread(figures.relay)} | "
        f"{spread(figures.raw)} (aiokafka producer, same records and settings) | "
        f"{relay / raw:.2f}x |",
        "",
        f"Open loop (vegeta), `POST /runs` for {seconds} s at each rate; visibility: 201 received "
        "→ the run read from the query API with its consistency token (a probe every 50 ms):",
        "",
        "| offered | accepted | accept p50 / p99 / max | visibility p50 / p99 |",
        "|---|---|---|---|",
        *[open_row(rate) for rate in rates_offered],
        "",
        f"Resident memory, heaviest process: {heaviest[0]}, {heaviest[1]:.0f} MiB.",
        "",
        "Resident memory of each process under that load (MiB, most seen): "
        + ", ".join(f"{name} {mib:.0f}" for name, mib in sorted(figures.rss_mib.items()))
        + ".",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument(
        "--rate",
        type=float,
        nargs="+",
        default=[100, 250, 500],
        help="open-loop rates, commands/s (the target, and two below saturation)",
    )
    parser.add_argument("--relay-events", type=int, default=20000)
    parser.add_argument("--only", choices=["commands", "open", "reads", "relay"], default=None)
    args = parser.parse_args()
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="pacer-bench-") as folder:
        # The write limit stays on the path (one Redis call a command) but does not bind here.
        settings = isolated_settings(Path(folder) / "var",
                                     limit_writes_per_account="100000000/minute")  # fmt: skip
        stack = DevStack(settings, app_processes(settings))
        try:
            stack.up()
            headers = asyncio.run(athlete(settings))
            with bare_api(settings) as bare:
                if args.only in (None, "commands"):
                    commands(settings, stack, bare, headers, figures, args.rounds, args.seconds)
                if args.only in (None, "open"):
                    for rate in sorted(args.rate):  # the lower first: no backlog before it
                        open_loop_with_probe(settings, stack, headers, figures, rate,
                                             args.seconds)  # fmt: skip
                if args.only in (None, "reads"):
                    reads(settings, stack, bare, headers, figures, args.rounds, args.seconds)
            if args.only in (None, "relay"):
                for _ in range(args.rounds):
                    settled(stack)
                    asyncio.run(relay_against_raw(settings, args.relay_events, figures))
        finally:
            stack.down()
    if args.only is None:
        section = render(figures, args.rounds, args.seconds, args.rate)
        write(section, BEGIN, END)
        print(section)
    else:
        print(figures)


if __name__ == "__main__":
    main()
