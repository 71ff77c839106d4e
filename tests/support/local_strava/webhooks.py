"""Strava's webhook side: the subscription handshake (a GET to the callback that must echo
`hub.challenge` within two seconds) and event delivery (a POST that must get a 200 within two
seconds, tried up to three times). Events go out in order from one background thread."""

from __future__ import annotations

import queue
import secrets
import ssl
import threading
import time
from typing import Any, NamedTuple

import httpx

ANSWER_WITHIN_S = 2.0
ATTEMPTS = 3
TLS = ssl.create_default_context()  # shared: loading the CA bundle takes ~60 ms a client

Json = dict[str, Any]


class Delivery(NamedTuple):
    """One attempt to deliver an event; `status` is None when the callback timed out or failed."""

    event: Json
    attempt: int
    status: int | None
    seconds: float


def verify_callback(callback_url: str, verify_token: str) -> bool:
    """Strava's subscription check: the callback answers 200 with `{"hub.challenge": <echo>}`."""
    challenge = secrets.token_hex(16)
    params = {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token}
    try:
        response = httpx.get(callback_url, params=params, timeout=ANSWER_WITHIN_S, verify=TLS)
        body = response.json()
    except (httpx.HTTPError, ValueError):
        return False
    return (
        response.status_code == 200
        and isinstance(body, dict)
        and body.get("hub.challenge") == challenge
    )


class Deliverer:
    def __init__(self, retry_delay_s: float) -> None:
        self.retry_delay_s = retry_delay_s
        self.deliveries: list[Delivery] = []
        self._queue: queue.Queue[tuple[str, Json] | None] = queue.Queue()
        self._recorded = threading.Condition()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="local-strava-webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout=ANSWER_WITHIN_S * 2)

    def enqueue(self, callback_url: str, event: Json) -> None:
        self._queue.put((callback_url, event))

    def deliver_once(self, callback_url: str, event: Json) -> int | None:
        """One attempt, now, in the caller's thread."""
        with _client() as client:
            return self._attempt(client, callback_url, event, 1)

    def wait_for(self, n: int, timeout_s: float) -> None:
        with self._recorded:
            if not self._recorded.wait_for(lambda: len(self.deliveries) >= n, timeout_s):
                raise TimeoutError(f"{len(self.deliveries)} webhook deliveries, not {n}")

    def _run(self) -> None:
        with _client() as client:
            while (item := self._queue.get()) is not None and not self._stopping.is_set():
                callback_url, event = item
                for attempt in range(1, ATTEMPTS + 1):
                    if self._attempt(client, callback_url, event, attempt) == 200:
                        break
                    if attempt < ATTEMPTS and self._stopping.wait(self.retry_delay_s):
                        return

    def _attempt(self, client: httpx.Client, url: str, event: Json, attempt: int) -> int | None:
        started = time.monotonic()
        status: int | None
        try:
            status = client.post(url, json=event).status_code
        except httpx.HTTPError:
            status = None
        with self._recorded:
            self.deliveries.append(Delivery(event, attempt, status, time.monotonic() - started))
            self._recorded.notify_all()
        return status


def _client() -> httpx.Client:
    return httpx.Client(timeout=ANSWER_WITHIN_S, verify=TLS)
