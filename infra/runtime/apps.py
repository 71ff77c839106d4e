"""Pacer's own processes, run by the local supervisor like the services they depend on. Which
processes there are, and how each is started, is the caller's (`pacer/processes.py`)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from pydantic import SecretStr

from infra.runtime.service import LocalService
from infra.settings import LOOPBACK as HOST
from infra.settings import Settings

READY_LINE = "pacer process ready"
"""A process without a port prints this line (and its name) once it is ready."""
URL_VARIABLES = {
    "kafka_bootstrap_servers": ("KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap"),
    "database_url": ("DATABASE_URL", "database_dsn"),
    "redis_url": ("REDIS_URL", "redis_dsn"),
}


def process_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process build the same `Settings`."""
    env: dict[str, str] = {}
    for name in Settings.model_fields:
        if name in URL_VARIABLES:
            variable, resolved = URL_VARIABLES[name]
            env[variable] = getattr(settings, resolved)
            continue
        value = getattr(settings, name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[f"PACER_{name.upper()}"] = str(value)
    env["PACER_VAR_DIR"] = str(settings.var_path)
    env["PACER_CACHE_DIR"] = str(settings.cache_path)
    return env


class AppProcess(LocalService):
    # Every process of a deployment starts at once on a small machine; each imports its layers
    # and the reactors and projectors join their consumer groups.
    start_timeout_s = 120.0
    stop_timeout_s = 20.0

    def __init__(
        self,
        settings: Settings,
        name: str,
        argv: Sequence[str],
        port: int | None = None,
        ready_path: str = "/openapi.json",
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.port = port
        self.ready_path = ready_path
        """What answers 200 once a process with a port serves (an API's OpenAPI document)."""
        self.ready_line = None if port else READY_LINE
        super().__init__(settings)

    @property
    def external_url(self) -> str | None:
        return None

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.port}" if self.port else "(no port)"

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.port,) if self.port else ()

    def spawn(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.proc.spawn(self.argv, env=process_env(self.settings))

    async def ready(self) -> str:
        if not self.port:
            return "running"
        async with httpx.AsyncClient(base_url=self.address, timeout=10) as client:
            response = await client.get(self.ready_path)
            response.raise_for_status()
        if self.ready_path == "/openapi.json":
            return f"OpenAPI at {self.address}/docs"
        return f"serving at {self.address}"
