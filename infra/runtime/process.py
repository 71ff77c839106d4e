"""A background service process tracked by a pid file, with its output in a log file."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
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
            _spawned.pop(pid, None)  # another thread (a parallel `down`) may be reaping too


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
    with_descendants: bool = True
    """Whether the process's descendants are part of it: waited for when it stops, and counted
    in its memory. Not so for the supervisor, whose children are services of their own."""

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

    @contextlib.contextmanager
    def start_lock(self, *, wait: bool = True) -> Iterator[bool]:
        """Held by whoever starts the process (`pacer dev up`, the supervisor), so that two of
        them never start it twice. Without `wait`, yields False at once when another holds it."""
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        # Popen closes inherited descriptors, so the started process does not keep the lock.
        with self.pid_file.with_suffix(".lock").open("a") as lock:
            held = True
            try:
                fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held = False
            yield held

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
        family = self._family(proc)
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(self.stop_signal)
        if not wait_until(lambda: all(map(_ended, family)), timeout=timeout, interval=0.05):
            for straggler in [member for member in family if not _ended(member)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    straggler.kill()
            wait_until(lambda: all(map(_ended, family)), timeout=5, interval=0.05)
        popen = _spawned.pop(proc.pid, None)
        if popen is not None:
            popen.wait(timeout=5)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _family(self, proc: psutil.Process) -> list[psutil.Process]:
        if not self.with_descendants:
            return [proc]
        with contextlib.suppress(psutil.NoSuchProcess):
            return [proc, *proc.children(recursive=True)]
        return [proc]

    def rss_bytes(self) -> int | None:
        """Resident memory of the process and its children."""
        proc = self.process()
        if proc is None:
            return None
        total = 0
        for member in self._family(proc):
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


def _ended(proc: psutil.Process) -> bool:
    """Gone, or a zombie: it has exited, and only its parent's collecting of the status is left
    (for a detached process that is init, which may do it only every few seconds)."""
    try:
        return not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


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
