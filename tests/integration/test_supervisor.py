"""The supervisor that `pacer dev up` runs brings back what crashed: each of Pacer's processes and
each service, killed with SIGKILL, runs again (a new pid) and works, `status` counts the restart,
and `down` leaves nothing behind, restarted processes included."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import httpx
import psutil
import pytest

from infra.runtime.apps import READY_LINE, AppProcess
from infra.runtime.process import port_is_free, wait_until
from infra.runtime.service import LocalService
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import LOOPBACK
from pacer.processes import app_processes
from pacer.supervisor import supervisor_process
from tests.services import PROJECT_ROOT, TEST_SECRET

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack() -> Iterator[DevStack]:
    """A whole stack of its own (services, Pacer's processes, supervisor) on free ports. Each test
    brings it up (a no-op when it runs), so they do not depend on one another's order."""
    # Not pytest's temporary folders: another pytest run on the machine prunes old ones.
    folder = Path(tempfile.mkdtemp(prefix="pacer-supervised-"))
    settings = isolated_settings(
        folder, environment="test", jwt_secret=TEST_SECRET, cache_dir=PROJECT_ROOT / ".cache"
    )
    stack = DevStack(settings, app_processes(settings), supervisor_process(settings))
    try:
        yield stack
    finally:
        stack.down()
        shutil.rmtree(folder, ignore_errors=True)


def running(service: LocalService) -> psutil.Process:
    proc = service.proc.process()
    assert proc is not None, f"{service.name} is not running"
    return proc


def kill(services: list[LocalService]) -> dict[str, int]:
    """SIGKILL each service's process; name → the pid that was killed."""
    processes = {service.name: running(service) for service in services}
    for proc in processes.values():
        proc.kill()
    for proc in processes.values():
        # Collect the exit status, as init would once `pacer dev up` has exited: until then the
        # pid stays taken, and PostgreSQL refuses to start beside what looks like its postmaster.
        with contextlib.suppress(psutil.TimeoutExpired):
            proc.wait(5)
    return {name: proc.pid for name, proc in processes.items()}


def log_size(service: LocalService) -> int:
    return service.proc.log_file.stat().st_size


def app_back(app: AppProcess, killed: int, log_from: int) -> bool:
    """Running under a new pid, and working: an API answers, a worker logged its ready line."""
    proc = app.proc.process()
    if proc is None or proc.pid == killed:
        return False
    if app.port:
        try:
            return httpx.get(f"{app.address}{app.ready_path}", timeout=5).status_code == 200
        except httpx.TransportError:
            return False
    with app.proc.log_file.open("rb") as log:
        log.seek(log_from)
        return READY_LINE.encode() in log.read()


def service_back(service: LocalService, killed: int) -> bool:
    """Running under a new pid, and usable by a real client."""
    proc = service.proc.process()
    if proc is None or proc.pid == killed:
        return False
    try:
        asyncio.run(service.ready())
    except Exception:  # not usable yet: refused, starting up, timed out
        return False
    return True


def assert_restarted_since(stack: DevStack, names: list[str], since: datetime) -> None:
    rows = {row.name: row for row in stack.status()}
    for name in names:
        assert rows[name].running, name
        assert rows[name].restarts >= 1, name
        last = rows[name].last_restart
        assert last is not None, name
        assert last >= since, name


def ended(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_each_pacer_process_killed_comes_back_and_works(stack: DevStack) -> None:
    stack.up()
    logs = {app.name: log_size(app) for app in stack.apps}
    killed_at = datetime.now(UTC)

    killed = kill(list(stack.apps))

    for app in stack.apps:
        assert isinstance(app, AppProcess)
        # Every process restarts at once on a small machine, each importing its layers.
        back = wait_until(partial(app_back, app, killed[app.name], logs[app.name]), timeout=120)
        assert back, f"{app.name} did not come back:\n{app.proc.log_tail()}"
    assert_restarted_since(stack, [app.name for app in stack.apps], killed_at)


def test_kafka_postgres_and_redis_killed_come_back_usable(stack: DevStack) -> None:
    stack.up()
    killed_at = datetime.now(UTC)

    killed = kill(stack.infrastructure)

    for service in stack.infrastructure:
        back = wait_until(partial(service_back, service, killed[service.name]), timeout=60)
        assert back, f"{service.name} did not come back:\n{service.proc.log_tail()}"
    assert_restarted_since(stack, [s.name for s in stack.infrastructure], killed_at)


def test_up_again_reuses_the_supervisor_and_down_stops_it_first(stack: DevStack) -> None:
    [supervisor] = stack.supervisors
    stack.up()
    first = running(supervisor).pid
    stack.up()
    assert running(supervisor).pid == first
    pids = [row.pid for row in stack.status() if row.pid]
    assert len(pids) == len(stack.services) + 1  # and the supervisor

    stopped = stack.down()

    assert next(iter(stopped)) == "supervisor"
    assert all(stopped.values())
    assert all(ended(pid) for pid in pids)
    ports = [port for service in stack.services for port in service.ports]
    assert all(port_is_free(LOOPBACK, port) for port in ports)
    assert not any(row.running for row in stack.status())
