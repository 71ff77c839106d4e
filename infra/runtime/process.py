"""A background service process tracked by a pid file, with its output in a log file."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

# Popen handles of the services this process started: kept so that the child is reaped when
# stopped, instead of Popen warning on garbage collection that it is still running.
_spawned: dict[int, subprocess.Popen[bytes]] = {}


def _reap() -> None:
    """Forget children that ended (killed from outside, say), collecting their exit status."""
    for pid, popen in list(_spawned.items()):
        if popen.poll() is not None:
            del _spawned[pid]


class ServiceStartError(RuntimeError):
    """A service did not start or did not become ready; the message points at its log."""


@dataclass(frozen=True)
class ManagedProcess:
    """One long-running process: `pid_file` holds its pid, `log_file` its stdout and stderr.

    The process runs in its own session, so it outlives the command that started it and a
    Ctrl-C in that terminal does not reach it.
    """

    name: str
    pid_file: Path
    log_file: Path
    stop_signal: signal.Signals = signal.SIGTERM

    def spawn(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        user: str | None = None,
    ) -> psutil.Process:
        _reap()
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            popen = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
                cwd=cwd,
                user=user,
                start_new_session=True,
            )
        _spawned[popen.pid] = popen
        self.pid_file.write_text(str(popen.pid))
        return psutil.Process(popen.pid)

    def process(self) -> psutil.Process | None:
        """The running process, or None when the pid file is missing or stale."""
        try:
            proc = psutil.Process(int(self.pid_file.read_text().strip()))
            if proc.status() != psutil.STATUS_ZOMBIE:
                return proc
        except (FileNotFoundError, ValueError, psutil.NoSuchProcess):
            pass
        return None

    def stop(self, timeout: float = 30.0) -> bool:
        """Send the stop signal, then SIGKILL after `timeout`; True when something was running."""
        _reap()
        proc = self.process()
        if proc is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        family = [proc, *proc.children(recursive=True)]
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(self.stop_signal)
        _, alive = psutil.wait_procs(family, timeout=timeout)
        for straggler in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                straggler.kill()
        psutil.wait_procs(alive, timeout=5)
        popen = _spawned.pop(proc.pid, None)
        if popen is not None:
            popen.wait(timeout=5)
        self.pid_file.unlink(missing_ok=True)
        return True

    def rss_bytes(self) -> int | None:
        """Resident memory of the process and its children."""
        proc = self.process()
        if proc is None:
            return None
        total = 0
        for member in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += member.memory_info().rss
        return total

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log yet)"

    def failure(self, reason: str) -> ServiceStartError:
        return ServiceStartError(
            f"{self.name}: {reason}\n--- last lines of {self.log_file} ---\n{self.log_tail()}"
        )


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.2) -> bool:
    """Poll `predicate` until it returns true or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Servers bind with SO_REUSEADDR, so connections in TIME_WAIT do not block them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port the kernel just handed out; there is a short race before it is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port
