"""What every locally run service offers the stack: start or reuse, check, stop, describe."""

from __future__ import annotations

import asyncio
import signal
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from infra.runtime.process import ManagedProcess, port_is_free, wait_until
from infra.settings import LOOPBACK as HOST
from infra.settings import Settings


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    address: str
    running: bool
    managed: bool
    pid: int | None = None
    rss_bytes: int | None = None
    log_file: Path | None = None
    detail: str = ""
    restarts: int = 0
    last_restart: datetime | None = None
    next_restart: datetime | None = None
    """Set while a crashed process waits out its back-off before the supervisor starts it."""


class LocalService(ABC):
    """A service Pacer starts itself unless the settings name an external one.

    `up()` is idempotent: it reuses a running process, and it returns only once a real client
    has used the service (`ready()`), so "up" always means usable.
    """

    name: str
    stop_signal: signal.Signals = signal.SIGTERM
    start_timeout_s: float = 60.0
    stop_timeout_s: float = 60.0
    ready_line: str | None = None
    """A line the process logs once it accepts clients; without one, its first port opening."""
    with_descendants: bool = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.var_path / self.name
        self.proc = ManagedProcess(
            self.name, self.home / f"{self.name}.pid", self.home / f"{self.name}.log",
            self.stop_signal, self.with_descendants,
        )  # fmt: skip
        self._log_offset = 0

    @property
    @abstractmethod
    def external_url(self) -> str | None:
        """The configured URL of a service Pacer does not manage, if any."""

    @property
    @abstractmethod
    def address(self) -> str:
        """How clients reach the service, external or local."""

    @property
    @abstractmethod
    def ports(self) -> tuple[int, ...]:
        """Loopback ports the local process listens on."""

    @abstractmethod
    def spawn(self) -> None:
        """Prepare the data folder and start the process (without waiting for it)."""

    @abstractmethod
    async def ready(self) -> str:
        """Use the service with a real client; return a one-line description."""

    def accepting(self) -> bool:
        """True once the just-spawned process accepts clients."""
        if self.ready_line is None:
            return not port_is_free(HOST, self.ports[0])
        with self.proc.log_file.open("rb") as log:
            log.seek(self._log_offset)
            return self.ready_line.encode() in log.read()

    def up(self) -> ServiceStatus:
        managed = self.external_url is None
        if managed:
            with self.proc.start_lock():
                if self.proc.process() is None:
                    self._start()
        return self._status(running=True, managed=managed, detail=asyncio.run(self.ready()))

    def restart(self) -> bool:
        """Start the process again without waiting for it (the supervisor watches what follows);
        False when it is running or another start is under way."""
        with self.proc.start_lock(wait=False) as held:
            if not held or self.proc.process() is not None:
                return False
            self._spawn()
            return True

    def _spawn(self) -> None:
        for port in self.ports:
            if not port_is_free(HOST, port):
                raise self.proc.failure(f"port {port} is taken by another process")
        self._log_offset = self.proc.log_file.stat().st_size if self.proc.log_file.exists() else 0
        self.spawn()

    def _start(self) -> None:
        self._spawn()

        def listening() -> bool:
            if self.proc.process() is None:
                raise self.proc.failure("the process exited during start-up")
            return self.accepting()

        if not wait_until(listening, timeout=self.start_timeout_s):
            self.proc.stop()
            raise self.proc.failure(f"not listening within {self.start_timeout_s:.0f} s")

    def down(self) -> bool:
        """Stop the local process; True when one was running."""
        return self.proc.stop(timeout=self.stop_timeout_s)

    def status(self) -> ServiceStatus:
        if self.external_url is not None:
            return self._status(running=True, managed=False, detail="external, not checked")
        return self._status(running=self.proc.process() is not None, managed=True)

    def _status(self, *, running: bool, managed: bool, detail: str = "") -> ServiceStatus:
        proc = self.proc.process() if managed else None
        return ServiceStatus(
            name=self.name,
            address=self.address,
            running=running,
            managed=managed,
            pid=proc.pid if proc else None,
            rss_bytes=self.proc.rss_bytes() if proc else None,
            log_file=self.proc.log_file if managed else None,
            detail=detail,
        )
