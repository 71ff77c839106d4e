"""The development stack: Kafka, PostgreSQL, Redis and an S3 store brought up together, then
migrated and given their buckets; Pacer's processes on top, and a supervisor that starts any of
them again when it crashes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from infra import migrate
from infra.blobs import BlobStore
from infra.runtime.kafka import KafkaBroker
from infra.runtime.postgres import EmbeddedPostgres
from infra.runtime.process import free_port
from infra.runtime.redis import LocalRedis
from infra.runtime.s3 import LocalS3
from infra.runtime.service import LocalService, ServiceStatus
from infra.runtime.supervisor import RestartRecord, load_records
from infra.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Started:
    status: ServiceStatus
    seconds: float


class DevStack:
    """The real services, then Pacer's own processes (`apps`) on top of them, and a `supervisor`
    that watches both."""

    def __init__(
        self,
        settings: Settings,
        apps: Sequence[LocalService] = (),
        supervisor: LocalService | None = None,
    ) -> None:
        self.settings = settings
        self.infrastructure: list[LocalService] = [
            KafkaBroker(settings),
            EmbeddedPostgres(settings),
            LocalRedis(settings),
            LocalS3(settings),
        ]
        self.apps = list(apps)
        self.supervisors = [supervisor] if supervisor else []

    @property
    def services(self) -> list[LocalService]:
        """What a supervisor watches."""
        return [*self.infrastructure, *self.apps]

    def up(self, on_started: Callable[[Started], None] = lambda _: None) -> list[Started]:
        """Start (or reuse) every service and wait until each is usable; the schema is migrated
        and the buckets are created before Pacer's processes start."""
        started = [self._up(service, on_started) for service in self.infrastructure]
        migrate.upgrade(self.settings.database_dsn)
        asyncio.run(BlobStore(self.settings).ensure_buckets())
        # Pacer's processes only depend on the services, not on each other, and the supervisor
        # takes over whatever runs: start them together.
        return started + _together(
            lambda app: self._up(app, on_started), self.apps + self.supervisors
        )

    @staticmethod
    def _up(service: LocalService, on_started: Callable[[Started], None]) -> Started:
        began = time.perf_counter()
        result = Started(service.up(), time.perf_counter() - began)
        on_started(result)
        return result

    def down(self) -> dict[str, bool]:
        """Stop what this stack started: the supervisor first (so that it starts nothing again),
        then Pacer's processes together, then the services together; name → whether one was
        running."""
        stopped: dict[str, bool] = {}
        for group in (self.supervisors, self.apps, self.infrastructure):
            stopped.update(_together(lambda s: (s.name, s.down()), group))
        return stopped

    def status(self) -> list[ServiceStatus]:
        """Each service with what the supervisor did for it."""
        records = load_records(self.settings.var_path)
        return [
            _with_record(service.status(), records.get(service.name, RestartRecord()))
            for service in self.services + self.supervisors
        ]


def _with_record(status: ServiceStatus, record: RestartRecord) -> ServiceStatus:
    return replace(
        status,
        restarts=record.restarts,
        last_restart=record.last_restart,
        next_restart=record.next_restart,
    )


def _together(action: Callable[[LocalService], T], services: list[LocalService]) -> list[T]:
    """`action` on every service at once, in threads; the results in the services' order."""
    with ThreadPoolExecutor(max(len(services), 1)) as pool:
        return list(pool.map(action, services))


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
        "s3_url": None,
        # Every port setting, those added later (a process's metrics, say) included.
        **{name: free_port() for name in Settings.model_fields if name.endswith("_port")},
        **overrides,
    }
    return Settings(_env_file=None, **values)
