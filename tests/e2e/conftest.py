"""One private deployment of Pacer's processes (both APIs, the relay, the projectors, the
reactors and the job worker) on the session's real services, shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from infra.runtime.process import free_port
from infra.settings import Settings
from pacer.processes import app_processes
from tests.conftest import private_deployment

SERVICE_PORTS = {"kafka_port", "kafka_controller_port", "postgres_port", "redis_port", "s3_port"}


@dataclass(frozen=True)
class System:
    command: httpx.AsyncClient
    query: httpx.AsyncClient
    settings: Settings


@pytest.fixture(scope="session")
def running(settings: Settings, template_database: str, process_folder: Path) -> Iterator[Settings]:
    with private_deployment(settings, template_database) as private:
        own_ports = {
            name: free_port()
            for name in Settings.model_fields
            if name.endswith("_port") and name not in SERVICE_PORTS
        }
        # A job worker killed mid-job is found dead in seconds, not the production minute.
        quick_requeue = {"job_dead_worker_after_s": 3.0, "job_queue_checks_per_million": 1_000_000}
        deployment = private.model_copy(
            update={**own_ports, **quick_requeue, "var_dir": process_folder / "e2e"}
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
