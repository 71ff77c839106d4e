"""The development stack: Kafka, PostgreSQL and Redis brought up together, then migrated."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from infra import migrate
from infra.runtime.kafka import KafkaBroker
from infra.runtime.postgres import EmbeddedPostgres
from infra.runtime.redis import LocalRedis
from infra.runtime.service import LocalService, ServiceStatus
from infra.settings import Settings


@dataclass(frozen=True)
class Started:
    status: ServiceStatus
    seconds: float


class DevStack:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.services: list[LocalService] = [
            KafkaBroker(settings),
            EmbeddedPostgres(settings),
            LocalRedis(settings),
        ]

    def up(self, on_started: Callable[[Started], None] = lambda _: None) -> list[Started]:
        """Start (or reuse) every service, wait until each is usable, then migrate the schema."""
        started = []
        for service in self.services:
            began = time.perf_counter()
            result = Started(service.up(), time.perf_counter() - began)
            on_started(result)
            started.append(result)
        migrate.upgrade(self.settings.database_dsn)
        return started

    def down(self) -> dict[str, bool]:
        """Stop the services this stack started, last first; name → whether one was running."""
        return {service.name: service.down() for service in reversed(self.services)}

    def status(self) -> list[ServiceStatus]:
        return [service.status() for service in self.services]
