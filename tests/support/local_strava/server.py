"""`LocalStrava`: the local Strava served over real HTTP by uvicorn, from a background thread."""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from tests.support.local_strava.api import build_app
from tests.support.local_strava.limits import RateLimits
from tests.support.local_strava.model import Strava

STARTUP_S = 10.0
DEFAULT_CLIENT_SECRET = "local-strava-secret"
DEFAULT_LIMITS = RateLimits()


class LocalStrava(Strava):
    """A real HTTP server speaking the parts of Strava API v3 that Pacer uses, with its state and
    observations open to the test that runs it; use as a context manager or start() and stop()."""

    def __init__(
        self,
        *,
        client_id: int = 1234,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        host: str = "127.0.0.1",
        port: int = 0,
        token_ttl_s: int = 21600,
        limits: RateLimits = DEFAULT_LIMITS,
        webhook_retry_delay_s: float = 1.0,
    ) -> None:
        super().__init__(
            client_id=client_id,
            client_secret=client_secret,
            token_ttl_s=token_ttl_s,
            limits=limits,
            webhook_retry_delay_s=webhook_retry_delay_s,
        )
        self._address = (host, port)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("the local Strava is not started")
        return self._url

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v3"

    def start(self) -> None:
        host, port = self._address
        config = uvicorn.Config(
            build_app(self),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="local-strava", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_S
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the local Strava did not start")
            time.sleep(0.01)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self._url = f"http://{host}:{port}"
        self.webhooks.start()

    def stop(self) -> None:
        self.webhooks.stop()
        if self._server is not None and self._thread is not None:
            self._server.should_exit = self._server.force_exit = True
            self._thread.join(timeout=STARTUP_S)

    def send_event(self, event: dict[str, Any], *, times: int = 1) -> list[int | None]:
        """Delivers a raw webhook event to the subscription's callback, `times` times, now (one
        attempt each, no retries); returns the statuses (None for a timeout or error)."""
        subscription = self.subscription
        if subscription is None:
            raise RuntimeError("no webhook subscription")
        return [self.webhooks.deliver_once(subscription.callback_url, event) for _ in range(times)]

    def wait_for_deliveries(self, n: int, timeout_s: float = 10) -> None:
        """Waits until `n` delivery attempts are recorded in `deliveries`."""
        self.webhooks.wait_for(n, timeout_s)

    def __enter__(self) -> LocalStrava:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
