"""Prometheus metrics of Pacer's processes: the ones every layer records, the outbox backlog read
at scrape time, and the port a background process serves them on.

The two APIs serve their metrics at `GET /metrics` themselves (`infra/http_metrics.py`). Labels
stay bounded: route templates, projection, reactor and topic names; never ids or raw paths."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from prometheus_client import Counter, Gauge, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

DEAD_LETTERS = Counter(
    "pacer_dead_letters",
    "Records a projection or reactor gave up on and sent to the dead-letter topic.",
    ["role", "consumer", "topic"],
)
PROJECTION_LAG = Gauge(
    "pacer_projection_lag_events",
    "Events on a projection's partitions not yet applied: the end offsets minus the consumer's "
    "positions, plus what it has polled and not yet committed.",
    ["projection"],
)
OUTBOX_UNPUBLISHED = "pacer_outbox_unpublished_events"
OUTBOX_OLDEST_AGE = "pacer_outbox_oldest_unpublished_age_seconds"


class OutboxGauges(Collector):
    """The outbox backlog, read from the database when Prometheus scrapes and never in between.

    `read` (rows unpublished, age in seconds of the oldest) runs on the relay's event loop; the
    metrics server's thread waits for it, at most `timeout_s`. When it fails, the two gauges are
    missing from that scrape, which an alert on `absent()` notices."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        read: Callable[[], Coroutine[Any, Any, tuple[int, float]]],
        timeout_s: float = 5.0,
    ) -> None:
        self.loop = loop
        self.read = read
        self.timeout_s = timeout_s

    def describe(self) -> Iterable[Metric]:
        # Without values: registering the collector must not query anything.
        return self._families(None)

    def collect(self) -> Iterable[Metric]:
        if _running_loop() is self.loop:  # waiting here would block the very loop that answers
            return []
        future = asyncio.run_coroutine_threadsafe(self.read(), self.loop)
        try:
            return self._families(future.result(self.timeout_s))
        except Exception as error:  # the database is down or slow: skip this scrape's values
            future.cancel()
            log.warning("outbox backlog unavailable: %s", type(error).__name__)
            return []

    @staticmethod
    def _families(values: tuple[int, float] | None) -> list[Metric]:
        unpublished = GaugeMetricFamily(
            OUTBOX_UNPUBLISHED, "Outbox rows not yet published to Kafka."
        )
        oldest = GaugeMetricFamily(
            OUTBOX_OLDEST_AGE, "Age of the oldest unpublished outbox row; 0 when there is none."
        )
        if values is not None:
            unpublished.add_metric([], values[0])
            oldest.add_metric([], values[1])
        return [unpublished, oldest]


def serve_metrics(host: str, port: int) -> None:
    """Serve this process's metrics at `http://host:port/metrics` from a thread; port 0 serves
    none. A port already taken (another copy of the process on this machine) leaves the process
    running without metrics, and says so."""
    if not port:
        return
    try:
        start_http_server(port, addr=host)
    except OSError as error:
        log.warning("metrics not served: %s:%d is unavailable (%s)", host, port, error.strerror)
        return
    log.info("metrics at http://%s:%d/metrics", host, port)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
