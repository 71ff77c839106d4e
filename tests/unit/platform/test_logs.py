"""Every process logs one JSON object per line, with its trace and the request's correlation id;
a 5xx is one line, tracebacks are rate-limited, and repeats are backed off."""

from __future__ import annotations

import io
import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from infra.logs import (
    CorrelationIds,
    JsonLines,
    RepeatBackoff,
    ReportedOnce,
    correlated,
    current_request,
    install_correlation,
)
from infra.problems import install_problem_handlers


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Lines:
    """What a handler configured like `configure_logging`'s wrote, line by line."""

    def __init__(self, clock: FakeClock) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JsonLines("test-process", clock=clock))
        self.handler.addFilter(RepeatBackoff(clock=clock))
        self.handler.addFilter(ReportedOnce())

    @property
    def raw(self) -> list[str]:
        return self.stream.getvalue().splitlines()

    def __call__(self) -> list[dict[str, Any]]:
        """The lines written, but the test client's own (httpx logs every request)."""
        return [line for line in map(json.loads, self.raw) if line["logger"] != "httpx"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def lines(clock: FakeClock) -> Iterator[Lines]:
    written = Lines(clock)
    root = logging.getLogger()
    level = root.level
    root.addHandler(written.handler)
    root.setLevel(logging.INFO)
    try:
        yield written
    finally:
        root.removeHandler(written.handler)
        root.setLevel(level)


log = logging.getLogger("pacer.test")


def test_a_line_has_the_time_level_logger_message_process_and_extra_fields(lines: Lines) -> None:
    log.info("recorded %d runs", 3, extra={"athlete": "a-1"})

    [line] = lines()
    assert line["timestamp"].endswith("Z")
    assert line["level"] == "INFO"
    assert line["logger"] == "pacer.test"
    assert line["message"] == "recorded 3 runs"
    assert line["process"] == "test-process"
    assert isinstance(line["pid"], int)
    assert line["trace_id"] is None
    assert line["span_id"] is None
    assert line["athlete"] == "a-1"
    assert "correlation_id" not in line


def test_a_line_written_inside_a_span_carries_its_trace_and_span_ids(lines: Lines) -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        log.info("inside")
    context = span.get_span_context()

    [line] = lines()
    assert line["trace_id"] == f"{context.trace_id:032x}"
    assert line["span_id"] == f"{context.span_id:016x}"


def test_an_exception_is_one_line_with_its_class_message_and_traceback(lines: Lines) -> None:
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        log.exception("could not apply")

    assert len(lines.raw) == 1
    [line] = lines()
    assert line["message"] == "could not apply"
    assert line["error"] == "ValueError: bad\nvalue"
    assert line["exc_info"].startswith("Traceback (most recent call last):")
    assert "raise ValueError" in line["exc_info"]


def _fail(kind: type[Exception], message: str, logger: logging.Logger = log) -> None:
    try:
        raise kind(message)
    except kind:
        logger.exception("request failed: %s", message)


def test_a_traceback_is_written_once_per_error_class_a_minute(
    lines: Lines, clock: FakeClock
) -> None:
    with correlated(None):  # request lines are never backed off, so every one is written
        _fail(ValueError, "first")
        clock.now += 10
        _fail(ValueError, "second")
        _fail(KeyError, "other class")
        clock.now += 50
        _fail(ValueError, "a minute later")

    written = lines()
    assert [line["error"] for line in written] == [
        "ValueError: first",
        "ValueError: second",
        "KeyError: 'other class'",
        "ValueError: a minute later",
    ]
    assert ["exc_info" in line for line in written] == [True, False, True, True]


async def test_each_5xx_is_one_line_with_its_correlation_id_even_when_the_server_reports_it(
    lines: Lines,
) -> None:
    app = FastAPI()
    install_problem_handlers(app)
    install_correlation(app)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("the database said no")

    async def server(scope: Any, receive: Any, send: Any) -> None:
        # What uvicorn does with an exception the app re-raises after answering it.
        try:
            await app(scope, receive, send)
        except Exception as error:
            logging.getLogger("uvicorn.error").error(
                "Exception in ASGI application\n", exc_info=error
            )

    transport = httpx.ASGITransport(app=server)
    async with httpx.AsyncClient(transport=transport, base_url="http://pacer.test") as client:
        for correlation_id in ["corr-1", "corr-2", "corr-3"]:
            response = await client.get("/boom", headers={"X-Correlation-Id": correlation_id})
            assert response.status_code == 500

    assert current_request() is None
    # Only the app's and the server's lines: in a full test run, work other tests left behind
    # (a pending task, a closing client) may log while this one runs.
    written = [line for line in lines() if line["logger"] in {"infra.problems", "uvicorn.error"}]
    assert {line["logger"] for line in written} == {"infra.problems"}
    assert [line.get("correlation_id") for line in written] == ["corr-1", "corr-2", "corr-3"]
    assert {line["level"] for line in written} == {"ERROR"}
    assert {line["error"] for line in written} == {"RuntimeError: the database said no"}
    assert ["exc_info" in line for line in written] == [True, False, False]  # once a minute


async def test_lines_written_while_handling_a_request_carry_its_correlation_id(
    lines: Lines,
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        log.warning("handling")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    transport = httpx.ASGITransport(app=CorrelationIds(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://pacer.test") as client:
        await client.get("/", headers={"X-Correlation-Id": "corr-7"})
        await client.get("/")

    first, second = lines()
    assert first["correlation_id"] == "corr-7"
    assert "correlation_id" not in second
    assert current_request() is None


def test_repeats_are_let_through_at_doubling_intervals_and_report_what_was_held_back(
    lines: Lines, clock: FakeClock
) -> None:
    kafka = logging.getLogger("aiokafka.test")
    start = clock.now
    for tick in range(100):  # an unreachable broker, reported every 100 ms for 10 s
        clock.now = start + tick / 10
        kafka.error("Unable connect to node %s: %s", tick % 3, "refused", extra={"at": tick / 10})

    written = lines()
    assert [line["at"] for line in written] == [0.0, 1.0, 3.0, 7.0]
    assert [line.get("suppressed") for line in written] == [None, 9, 19, 39]
    assert written[1]["message"] == "Unable connect to node 1: refused"


def test_the_back_off_is_capped_and_starts_over_after_a_quiet_period(clock: FakeClock) -> None:
    backoff = RepeatBackoff(clock=clock)
    allowed: list[float] = []
    start = clock.now
    for tick in range(1600):  # every 250 ms for 400 s
        clock.now = start + tick / 4
        if backoff.filter(_record("relay lost its connection")):
            allowed.append(clock.now - start)
    gaps = [b - a for a, b in itertools.pairwise(allowed)]
    assert gaps[:6] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
    assert set(gaps[6:]) == {60.0}

    clock.now += 60  # quiet for a minute
    assert backoff.filter(_record("relay lost its connection"))
    clock.now += 0.5
    assert not backoff.filter(_record("relay lost its connection"))
    clock.now += 0.5
    assert backoff.filter(_record("relay lost its connection"))


def test_the_back_off_is_per_logger_and_template_and_spares_info_crashes_and_requests(
    clock: FakeClock,
) -> None:
    backoff = RepeatBackoff(clock=clock)
    assert backoff.filter(_record("connection refused"))
    assert not backoff.filter(_record("connection refused"))
    assert backoff.filter(_record("connection refused", logger="other"))
    assert backoff.filter(_record("another template"))
    assert backoff.filter(_record("connection refused", level=logging.INFO))
    assert backoff.filter(_record("connection refused", level=logging.CRITICAL))
    with correlated("corr-1"):
        assert backoff.filter(_record("connection refused"))


def test_only_a_servers_second_report_of_an_exception_is_dropped() -> None:
    once = ReportedOnce()
    error = RuntimeError("boom")
    assert once.filter(_record("unexpected error", error=error))
    assert once.filter(_record("retrying after", error=error))
    assert not once.filter(_record("Exception in ASGI application", "uvicorn.error", error=error))
    assert once.filter(_record("Exception in ASGI application", "uvicorn.error", error=KeyError()))


def _record(
    message: str,
    logger: str = "pacer.test",
    *,
    level: int = logging.ERROR,
    error: BaseException | None = None,
) -> logging.LogRecord:
    exc_info = (type(error), error, None) if error else None
    return logging.LogRecord(logger, level, __file__, 1, message, (), exc_info)
