"""`pacer dev up` is idempotent, `down` leaves no process behind, and `up` works again after."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from infra.runtime.process import port_is_free
from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import LOOPBACK
from tests.conftest import unique
from tests.services import PROJECT_ROOT, TEST_SECRET

pytestmark = pytest.mark.integration


def own_stack(workdir: Path) -> DevStack:
    return DevStack(
        isolated_settings(
            workdir, environment="test", jwt_secret=TEST_SECRET, cache_dir=PROJECT_ROOT / ".cache"
        )
    )


def listening_ports(stack: DevStack) -> list[int]:
    return [port for service in stack.services for port in service.ports]


def test_up_reuses_running_services_and_down_leaves_nothing(process_folder: Path) -> None:
    folder = process_folder / unique("stack")
    stack = own_stack(folder)
    try:
        first = {s.status.name: s.status.pid for s in stack.up()}
        assert all(first.values())

        again = {s.status.name: s.status.pid for s in stack.up()}
        assert again == first

        assert stack.down() == {"s3": True, "redis": True, "postgres": True, "kafka": True}
        assert not any(psutil.pid_exists(pid) for pid in first.values() if pid)
        assert all(port_is_free(LOOPBACK, port) for port in listening_ports(stack))
        assert not any(status.running for status in stack.status())

        restarted = {s.status.name: s.status for s in stack.up()}
        assert all(status.running for status in restarted.values())
        assert {name: status.pid for name, status in restarted.items()} != first
    finally:
        stack.down()
    assert stack.down() == {"s3": False, "redis": False, "postgres": False, "kafka": False}
