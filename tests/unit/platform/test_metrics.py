"""Requests are counted and timed under their route's template; dead letters, projection lag and
the outbox backlog are reported; a process without a free metrics port keeps running."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from aiokafka import TopicPartition
from fastapi import APIRouter, FastAPI, HTTPException
from prometheus_client import REGISTRY, CollectorRegistry

from infra.http_metrics import UNMATCHED, HttpMetrics, install_metrics
from infra.kafka import KafkaDeadLetters, Record
from infra.metrics import OUTBOX_OLDEST_AGE, OUTBOX_UNPUBLISHED, OutboxGauges, serve_metrics
from infra.problems import install_problem_handlers
from projections.consumer import behind


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
async def client(registry: CollectorRegistry) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_problem_handlers(app)
    things = APIRouter(prefix="/things")
    weeks = APIRouter(prefix="/weeks")

    @things.get("/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        if thing_id == "missing":
            raise HTTPException(404)
        return {"id": thing_id}

    @weeks.get("/{week}")
    async def week(week: int) -> dict[str, int]:
        return {"week": week}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("unexpected")

    async def assets(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"body {}"})

    things.include_router(weeks)
    app.include_router(things)
    app.mount("/assets", assets)
    install_metrics(app, HttpMetrics(registry))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://pacer.test") as client:
        yield client


def requests(registry: CollectorRegistry, method: str, route: str, status: int) -> float:
    labels = {"method": method, "route": route, "status": str(status)}
    return registry.get_sample_value("pacer_http_requests_total", labels) or 0.0


def timed(registry: CollectorRegistry, method: str, route: str) -> float:
    labels = {"method": method, "route": route}
    return registry.get_sample_value("pacer_http_request_duration_seconds_count", labels) or 0.0


async def test_requests_are_counted_and_timed_under_their_route_template(
    client: httpx.AsyncClient, registry: CollectorRegistry
) -> None:
    for thing in ["a", "b", "c"]:
        assert (await client.get(f"/things/{thing}")).status_code == 200
    assert (await client.get("/things/missing")).status_code == 404
    assert (await client.get("/things/weeks/3")).status_code == 200
    assert (await client.get("/assets/swagger-ui.css")).status_code == 200

    assert requests(registry, "GET", "/things/{thing_id}", 200) == 3
    assert requests(registry, "GET", "/things/{thing_id}", 404) == 1
    assert timed(registry, "GET", "/things/{thing_id}") == 4
    assert requests(registry, "GET", "/things/weeks/{week}", 200) == 1
    assert requests(registry, "GET", "/assets/{path}", 200) == 1
    assert requests(registry, "GET", "/things/a", 200) == 0


async def test_an_unexpected_error_is_counted_as_a_500_of_its_route(
    client: httpx.AsyncClient, registry: CollectorRegistry
) -> None:
    assert (await client.get("/boom")).status_code == 500
    assert requests(registry, "GET", "/boom", 500) == 1
    assert timed(registry, "GET", "/boom") == 1


async def test_requests_no_route_took_share_one_label(
    client: httpx.AsyncClient, registry: CollectorRegistry
) -> None:
    for path in ["/nothing/here", "/or/there", "/wp-admin.php"]:
        assert (await client.get(path)).status_code == 404
    assert (await client.request("BREW", "/things/a")).status_code == 405

    assert requests(registry, "GET", UNMATCHED, 404) == 3
    assert requests(registry, "OTHER", "/things/{thing_id}", 405) == 1


async def test_metrics_are_served_outside_the_openapi_document(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/things/a")
    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'pacer_http_requests_total{method="GET",route="/things/{thing_id}",status="200"}' in (
        response.text
    )
    assert "/metrics" not in (await client.get("/openapi.json")).json()["paths"]


class SentRecords:
    async def send_and_wait(self, topic: str, **_: Any) -> None:
        pass


async def test_a_dead_letter_is_counted_by_role_consumer_and_original_topic() -> None:
    labels = {"role": "projection", "consumer": "runs", "topic": "unit.pacer.training"}
    before = REGISTRY.get_sample_value("pacer_dead_letters_total", labels) or 0.0
    dead_letters = KafkaDeadLetters(SentRecords(), "pacer.deadletter", "projection")
    record = Record("unit.pacer.training", 2, 40, b"key", b"{}", [])

    await dead_letters.send(record, "runs", "ValueError: bad")
    await dead_letters.send(record, "runs", "ValueError: bad")

    assert REGISTRY.get_sample_value("pacer_dead_letters_total", labels) == before + 2


class FakeConsumer:
    def __init__(self, ends: dict[int, int | None], positions: dict[int, int]) -> None:
        self.ends = {TopicPartition("t", p): end for p, end in ends.items()}
        self.positions = {TopicPartition("t", p): pos for p, pos in positions.items()}

    def assignment(self) -> set[TopicPartition]:
        return set(self.ends)

    def highwater(self, partition: TopicPartition) -> int | None:
        return self.ends[partition]

    async def position(self, partition: TopicPartition) -> int:
        return self.positions[partition]


async def test_projection_lag_is_what_is_left_to_fetch_plus_what_is_held() -> None:
    consumer = FakeConsumer({0: 100, 1: 50, 2: None}, {0: 90, 1: 50, 2: 0})
    assert await behind(consumer) == 10

    class Held:
        size = 7

    assert await behind(consumer, Held(), None) == 17  # type: ignore[arg-type]


@pytest.fixture
def loop_in_a_thread() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield loop
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


def test_the_outbox_backlog_is_read_on_the_loop_when_scraped(
    loop_in_a_thread: asyncio.AbstractEventLoop, registry: CollectorRegistry
) -> None:
    reads: list[threading.Thread] = []

    async def backlog() -> tuple[int, float]:
        reads.append(threading.current_thread())
        return 12, 3.5

    registry.register(OutboxGauges(loop_in_a_thread, backlog))
    assert reads == []  # registering reads nothing

    assert registry.get_sample_value(OUTBOX_UNPUBLISHED) == 12
    assert registry.get_sample_value(OUTBOX_OLDEST_AGE) == 3.5
    assert len(reads) == 2
    assert threading.current_thread() not in reads


def test_a_failed_outbox_read_leaves_the_gauges_out_of_that_scrape(
    loop_in_a_thread: asyncio.AbstractEventLoop,
    registry: CollectorRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def backlog() -> tuple[int, float]:
        raise ConnectionRefusedError

    registry.register(OutboxGauges(loop_in_a_thread, backlog))
    with caplog.at_level(logging.WARNING):
        assert registry.get_sample_value(OUTBOX_UNPUBLISHED) is None
    assert "outbox backlog unavailable: ConnectionRefusedError" in caplog.text


def test_a_taken_metrics_port_leaves_the_process_running_without_metrics(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with caplog.at_level(logging.WARNING):
            serve_metrics("127.0.0.1", port)
    assert f"metrics not served: 127.0.0.1:{port} is unavailable" in caplog.text
    serve_metrics("127.0.0.1", 0)  # 0: none, and nothing to say
