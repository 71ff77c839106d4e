"""The development stack: Kafka, PostgreSQL and Redis brought up together, then migrated."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra import migrate
from infra.runtime.kafka import KafkaBroker
from infra.runtime.postgres import EmbeddedPostgres
from infra.runtime.process import free_port
from infra.runtime.redis import LocalRedis
from infra.runtime.service import LocalService, ServiceStatus
from infra.settings import Settings


@dataclass(frozen=True)
class Started:
    status: ServiceStatus
    seconds: float


class DevStack:
    """The real services, then Pacer's own processes (`apps`) on top of them."""

    def __init__(self, settings: Settings, apps: Sequence[LocalService] = ()) -> None:
        self.settings = settings
        self.infrastructure: list[LocalService] = [
            KafkaBroker(settings),
            EmbeddedPostgres(settings),
            LocalRedis(settings),
        ]
        self.apps = list(apps)

    @property
    def services(self) -> list[LocalService]:
        return [*self.infrastructure, *self.apps]

    def up(self, on_started: Callable[[Started], None] = lambda _: None) -> list[Started]:
        """Start (or reuse) every service and wait until each is usable; the schema is migrated
        before Pacer's processes start."""
        started = [self._up(service, on_started) for service in self.infrastructure]
        migrate.upgrade(self.settings.database_dsn)
        # Pacer's processes only depend on the services, not on each other: start them together.
        with ThreadPoolExecutor(max(len(self.apps), 1)) as pool:
            started += list(pool.map(lambda app: self._up(app, on_started), self.apps))
        return started

    @staticmethod
    def _up(service: LocalService, on_started: Callable[[Started], None]) -> Started:
        began = time.perf_counter()
        result = Started(service.up(), time.perf_counter() - began)
        on_started(result)
        return result

    def down(self) -> dict[str, bool]:
        """Stop the services this stack started, last first; name → whether one was running."""
        return {service.name: service.down() for service in reversed(self.services)}

    def status(self) -> list[ServiceStatus]:
        return [service.status() for service in self.services]


def isolated_settings(var_dir: Path, **overrides: Any) -> Settings:
    """Settings for a stack of its own: every service local, on free ports, under `var_dir`.

    Explicit `None` URLs: such a stack starts its own processes even where the environment
    names external services. Benchmarks and tests use it beside a running development stack.
    """
    values: dict[str, Any] = {
        "var_dir": var_dir,
        "kafka_bootstrap_servers": None,
        "database_url": None,
        "redis_url": None,
        "kafka_port": free_port(),
        "kafka_controller_port": free_port(),
        "postgres_port": free_port(),
        "redis_port": free_port(),
        "command_api_port": free_port(),
        "query_api_port": free_port(),
        **overrides,
    }
    return Settings(_env_file=None, **values)
