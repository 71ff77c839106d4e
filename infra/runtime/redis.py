"""A local `redis-server` (Debian's package), without persistence: Redis holds only caches,
idempotency keys, rate limits and the Dramatiq queue in development."""

from __future__ import annotations

import shutil

from infra.runtime.probes import probe_redis
from infra.runtime.service import LocalService
from infra.settings import LOOPBACK as HOST


class LocalRedis(LocalService):
    name = "redis"
    start_timeout_s = 20.0

    @property
    def external_url(self) -> str | None:
        return self.settings.redis_url

    @property
    def address(self) -> str:
        return self.settings.redis_dsn

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.settings.redis_port,)

    def spawn(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise self.proc.failure("`redis-server` is not installed; run `make setup`")
        self.home.mkdir(parents=True, exist_ok=True)
        self.proc.spawn(
            [
                binary, "--bind", HOST, "--port", str(self.settings.redis_port),
                # Jobs waiting in Dramatiq's queues (a late erasure sweep among them) and live
                # sessions survive a restart: the append-only file, synced every second.
                "--dir", str(self.home), "--save", "", "--appendonly", "yes",
                "--appendfsync", "everysec",
                "--daemonize", "no", "--protected-mode", "yes",
            ]
        )  # fmt: skip

    async def ready(self) -> str:
        return f"Redis {await probe_redis(self.address)}"
