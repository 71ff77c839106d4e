"""The supervisor: watches the local stack's processes and starts a crashed one again, after a
back-off (`RestartPolicy`), keeping count in `var/supervisor/restarts.json` for `pacer dev status`.

A process has crashed when its pid file is there but the process is gone: `down` removes the pid
file of what it stops, and a process never started has none, so the supervisor only ever brings
back what was running.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import TypeAdapter

from infra.runtime.apps import READY_LINE, AppProcess
from infra.runtime.restart_policy import RestartPolicy
from infra.runtime.service import LocalService

NAME = "supervisor"
POLL_S = 0.5

log = logging.getLogger("pacer.supervisor")


class SupervisorProcess(AppProcess):
    """The supervisor, run like Pacer's processes (its pid file and log in `var/supervisor/`).
    What it starts again are its children, yet services of their own: stopping it leaves them."""

    with_descendants = False


@dataclass(frozen=True)
class RestartRecord:
    """What the supervisor did for one process, as `pacer dev status` shows it."""

    restarts: int = 0
    last_restart: datetime | None = None
    next_restart: datetime | None = None


_RECORDS = TypeAdapter(dict[str, RestartRecord])


def records_file(var_path: Path) -> Path:
    return var_path / NAME / "restarts.json"


def load_records(var_path: Path) -> dict[str, RestartRecord]:
    """The running supervisor's records by process name; empty when none runs."""
    try:
        return _RECORDS.validate_json(records_file(var_path).read_bytes())
    except FileNotFoundError:
        return {}


def save_records(var_path: Path, records: dict[str, RestartRecord]) -> None:
    """Replace the file in one step: a reader sees the old records or the new, never half."""
    path = records_file(var_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(_RECORDS.dump_json(records, indent=2))
    os.replace(partial, path)


def _at(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


@dataclass
class _Watch:
    service: LocalService
    pid: int | None = None
    started_at: float = 0.0
    crashes: int = 0
    restart_at: float | None = None
    record: RestartRecord = RestartRecord()


class Supervisor:
    """Looks at `services` every half second; run by `python -m pacer.supervisor`."""

    def __init__(
        self, services: Sequence[LocalService], var_path: Path, policy: RestartPolicy | None = None
    ) -> None:
        self.var_path = var_path
        self.policy = policy or RestartPolicy()
        self.watches = [_Watch(service) for service in services]
        self._saved: dict[str, RestartRecord] | None = None

    def run(self, stop: threading.Event) -> None:
        """Watch until `stop` is set; the records go with the supervisor."""
        log.info("watching %s", ", ".join(watch.service.name for watch in self.watches))
        self.check(time.time())
        print(f"{READY_LINE}: {NAME}", file=sys.stderr, flush=True)
        try:
            while not stop.wait(POLL_S):
                self.check(time.time())
        finally:
            records_file(self.var_path).unlink(missing_ok=True)

    def check(self, now: float) -> None:
        """One look at every process: note what runs, schedule what crashed, start what is due."""
        for watch in self.watches:
            self._check(watch, now)
        records = {watch.service.name: watch.record for watch in self.watches}
        if records != self._saved:
            save_records(self.var_path, records)
            self._saved = records

    def _check(self, watch: _Watch, now: float) -> None:
        proc = watch.service.proc.process()
        if proc is not None:
            if proc.pid != watch.pid:  # its uptime counts from the first look that sees it
                watch.pid, watch.started_at = proc.pid, now
            watch.restart_at = None
            watch.record = replace(watch.record, next_restart=None)
        elif not watch.service.proc.pid_file.exists():
            # Stopped on purpose, or never started: not the supervisor's to start.
            watch.pid, watch.crashes, watch.restart_at = None, 0, None
        elif watch.restart_at is None:
            watch.crashes = self.policy.crashes_in_a_row(watch.crashes, now - watch.started_at)
            delay = self.policy.delay_s(watch.crashes)
            watch.restart_at = now + delay
            watch.record = replace(watch.record, next_restart=_at(watch.restart_at))
            log.warning(
                "%s exited (%d in a row); starting it again in %.0f s",
                watch.service.name, watch.crashes, delay,
            )  # fmt: skip
        elif now >= watch.restart_at:
            self._restart(watch, now)

    def _restart(self, watch: _Watch, now: float) -> None:
        # Counted from now: a process that dies before it is seen running crashed at once.
        watch.started_at = now
        try:
            if not watch.service.restart():
                return  # running again, or `pacer dev up` is starting it: seen at the next look
        except Exception:  # the supervisor's edge: a failed start is a crash, tried again later
            log.exception("%s did not start", watch.service.name)
            watch.restart_at = None
            return
        watch.restart_at = None
        watch.record = RestartRecord(watch.record.restarts + 1, last_restart=_at(now))
        log.info("%s started again (restart %d)", watch.service.name, watch.record.restarts)
