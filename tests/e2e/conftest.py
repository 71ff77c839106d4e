"""One private deployment of Pacer's processes (both APIs, the relay, the projectors, the
reactors and the job worker) on the session's real services, shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from infra.runtime.process import free_port
from infra.settings import Settings
from pacer.processes import app_processes
from tests.conftest import private_deployment
from tests.support.local_strava import LocalStrava, RateLimits

SERVICE_PORTS = {"kafka_port", "kafka_controller_port", "postgres_port", "redis_port", "s3_port"}


@dataclass(frozen=True)
class System:
    command: httpx.AsyncClient
    query: httpx.AsyncClient
    settings: Settings


# Strava's limits, scaled down: a six-second window, so a backfill crosses several of them.
STRAVA_LIMITS = RateLimits(overall=(40, 1_000_000), read=(24, 1_000_000), window_s=6)


@pytest.fixture(scope="session")
def local_strava() -> Iterator[LocalStrava]:
    with LocalStrava(limits=STRAVA_LIMITS, webhook_retry_delay_s=0.5) as strava:
        yield strava


def strava_settings(strava: LocalStrava) -> dict[str, object]:
    """A deployment's settings for the local Strava and its scaled-down limits."""
    overall, read = STRAVA_LIMITS.overall, STRAVA_LIMITS.read
    return {
        "strava_api_url": strava.api_url, "strava_oauth_url": f"{strava.url}/oauth",
        "strava_client_id": strava.client_id,
        "strava_client_secret": SecretStr(strava.client_secret),
        "strava_rate_window_s": STRAVA_LIMITS.window_s, "strava_backfill_share": 0.5,
        "strava_limits": f"{overall[0]},{overall[1]}", "strava_read_limits": f"{read[0]},{read[1]}",
        "strava_backfill_page_size": 20, "strava_backfill_days": 3650,
    }  # fmt: skip


@pytest.fixture(scope="session")
def running(
    settings: Settings, template_database: str, process_folder: Path, local_strava: LocalStrava
) -> Iterator[Settings]:
    with private_deployment(settings, template_database) as private:
        own_ports = {
            name: free_port()
            for name in Settings.model_fields
            if name.endswith("_port") and name not in SERVICE_PORTS
        }
        # A job worker killed mid-job is found dead in seconds, not the production minute.
        quick_requeue = {"job_dead_worker_after_s": 3.0, "job_queue_checks_per_million": 1_000_000}
        deployment = private.model_copy(
            update={
                **own_ports,
                **quick_requeue,
                **strava_settings(local_strava),
                "var_dir": process_folder / "e2e",
            }
        )
        processes = app_processes(deployment)
        try:
            with ThreadPoolExecutor(len(processes)) as pool:
                list(pool.map(lambda process: process.up(), processes))
            yield deployment
        finally:
            with ThreadPoolExecutor(len(processes)) as pool:
                list(pool.map(lambda process: process.down(), processes))


@pytest.fixture
async def system(running: Settings) -> AsyncIterator[System]:
    async with (
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{running.command_api_port}") as command,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{running.query_api_port}") as query,
    ):
        yield System(command, query, running)
