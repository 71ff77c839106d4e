"""The supervisor's bookkeeping, on a `sleep` process and a clock the test moves: a crashed
process is started again once its back-off is over, counted, and one stopped on purpose is left
alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from infra.runtime.apps import READY_LINE
from infra.runtime.service import LocalService
from infra.runtime.supervisor import Supervisor, load_records
from infra.settings import Settings


class Sleeper(LocalService):
    name = "sleeper"

    @property
    def external_url(self) -> str | None:
        return None

    @property
    def address(self) -> str:
        return "(asleep)"

    @property
    def ports(self) -> tuple[int, ...]:
        return ()

    def spawn(self) -> None:
        self.proc.spawn(["sleep", "60"])

    async def ready(self) -> str:
        return "asleep"


@pytest.fixture
def sleeper(tmp_path: Path) -> Iterator[Sleeper]:
    service = Sleeper(Settings(_env_file=None, var_dir=tmp_path))
    assert service.restart()
    try:
        yield service
    finally:
        service.down()


def running(service: LocalService) -> psutil.Process:
    proc = service.proc.process()
    assert proc is not None
    return proc


def crash(service: LocalService) -> int:
    proc = running(service)
    proc.kill()
    proc.wait(5)
    return proc.pid


def test_a_crashed_process_is_started_again_once_its_back_off_is_over(
    sleeper: Sleeper, tmp_path: Path
) -> None:
    supervisor = Supervisor([sleeper], tmp_path)
    now = time.time()
    supervisor.check(now)
    assert load_records(tmp_path)["sleeper"].restarts == 0

    crashed = crash(sleeper)
    supervisor.check(now + 120)  # up for two minutes: the back-off starts over at 1 s
    assert load_records(tmp_path)["sleeper"].next_restart is not None
    supervisor.check(now + 120.9)
    assert sleeper.proc.process() is None

    supervisor.check(now + 121)
    assert running(sleeper).pid != crashed
    record = load_records(tmp_path)["sleeper"]
    assert (record.restarts, record.next_restart) == (1, None)
    assert record.last_restart is not None
    assert record.last_restart.timestamp() == pytest.approx(now + 121)


def test_a_process_that_crashes_again_at_once_waits_twice_as_long(
    sleeper: Sleeper, tmp_path: Path
) -> None:
    supervisor = Supervisor([sleeper], tmp_path)
    now = time.time()
    supervisor.check(now)
    crash(sleeper)
    supervisor.check(now + 120)
    supervisor.check(now + 121)
    supervisor.check(now + 121.5)  # sees the new process

    crash(sleeper)
    supervisor.check(now + 122)
    supervisor.check(now + 123.9)
    assert sleeper.proc.process() is None
    supervisor.check(now + 124)
    assert sleeper.proc.process() is not None
    assert load_records(tmp_path)["sleeper"].restarts == 2


def test_a_process_stopped_on_purpose_is_left_stopped(sleeper: Sleeper, tmp_path: Path) -> None:
    supervisor = Supervisor([sleeper], tmp_path)
    now = time.time()
    supervisor.check(now)
    assert sleeper.down()
    for later in (1, 10, 100):
        supervisor.check(now + later)
    assert sleeper.proc.process() is None
    assert load_records(tmp_path)["sleeper"].restarts == 0


def test_a_start_under_way_elsewhere_is_not_doubled(sleeper: Sleeper, tmp_path: Path) -> None:
    supervisor = Supervisor([sleeper], tmp_path)
    now = time.time()
    supervisor.check(now)
    crash(sleeper)
    supervisor.check(now + 120)
    with sleeper.proc.start_lock():  # `pacer dev up` is starting it
        supervisor.check(now + 121)
        assert sleeper.proc.process() is None
    supervisor.check(now + 121.5)
    assert sleeper.proc.process() is not None
    assert load_records(tmp_path)["sleeper"].restarts == 1


def test_the_supervisor_announces_itself_and_its_records_go_with_it(
    sleeper: Sleeper, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = threading.Event()
    stop.set()
    Supervisor([sleeper], tmp_path).run(stop)
    assert READY_LINE in capsys.readouterr().err
    assert load_records(tmp_path) == {}
