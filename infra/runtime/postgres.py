"""Embedded PostgreSQL 16 with pgvector, from the binaries that the `pgserver` wheel carries."""

from __future__ import annotations

import asyncio
import os
import pwd
import signal
import stat
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import asyncpg

from infra.runtime.probes import probe_postgres
from infra.runtime.service import LocalService
from infra.settings import LOOPBACK as HOST

SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; pgserver's own convention is a system user of this name.
SYSTEM_USER = "pgserver"


@contextmanager
def _pgserver_imported() -> Iterator[None]:
    # Importing pgserver computes a runtime folder for its own server handles (which Pacer does
    # not use) and warns when XDG_RUNTIME_DIR is unset; that warning says nothing about us.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@cache
def bin_dir() -> Path:
    """Where the pgserver wheel keeps PostgreSQL's programs."""
    with _pgserver_imported():
        from pgserver._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


def sync_dsn(url: str) -> str:
    """A SQLAlchemy URL as asyncpg and libpq take it."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


class EmbeddedPostgres(LocalService):
    name = "postgres"
    # SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
    stop_signal = signal.SIGINT

    @property
    def pgdata(self) -> Path:
        return self.home / "data"

    @property
    def external_url(self) -> str | None:
        return self.settings.database_url

    @property
    def address(self) -> str:
        return self.settings.database_dsn

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.settings.postgres_port,)

    def spawn(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        user = self._system_user()
        self._initdb(user)
        # Loopback TCP only: no Unix socket, so no socket-folder permissions to manage.
        durable = "off" if self.settings.environment.value == "test" else "on"
        self.proc.spawn(
            [
                str(bin_dir() / "postgres"), "-D", str(self.pgdata),
                "-c", f"listen_addresses={HOST}", "-c", f"port={self.settings.postgres_port}",
                "-c", "unix_socket_directories=", "-c", "max_connections=200",
                "-c", f"fsync={durable}",
            ],
            user=user,
        )  # fmt: skip

    def _system_user(self) -> str | None:
        if os.geteuid() != 0:
            return None
        with _pgserver_imported():
            from pgserver.utils import (
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )
        ensure_user_exists(SYSTEM_USER)
        readable = stat.S_IRGRP | stat.S_IROTH
        install = bin_dir().parent
        ensure_prefix_permissions(bin_dir())
        ensure_folder_permissions(bin_dir(), readable | stat.S_IXGRP | stat.S_IXOTH)
        for folder in ("lib", "share"):
            ensure_folder_permissions(install / folder, readable)
        ensure_prefix_permissions(self.pgdata)
        entry = pwd.getpwnam(SYSTEM_USER)
        os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        return SYSTEM_USER

    def _initdb(self, user: str | None) -> None:
        if (self.pgdata / "PG_VERSION").exists():
            return
        result = subprocess.run(
            [
                str(bin_dir() / "initdb"), "-D", str(self.pgdata), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--no-instructions",
            ],
            capture_output=True, text=True, user=user, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise self.proc.failure(f"initdb failed:\n{result.stdout}{result.stderr}")

    async def ready(self) -> str:
        if self.external_url is None:
            await self._ensure_database()
        return f"PostgreSQL {await probe_postgres(sync_dsn(self.address))}"

    async def _ensure_database(self) -> None:
        maintenance = f"postgresql://{SUPERUSER}@{HOST}:{self.settings.postgres_port}/postgres"
        conn = await _connect_when_ready(maintenance)
        try:
            name = self.settings.postgres_database
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()


async def _connect_when_ready(dsn: str) -> asyncpg.Connection:
    """The port opens before the server accepts sessions; retry through 'starting up'."""
    async with asyncio.timeout(30):
        while True:
            try:
                return await asyncpg.connect(dsn, timeout=5)
            except (asyncpg.CannotConnectNowError, OSError):
                await asyncio.sleep(0.2)
