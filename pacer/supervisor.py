"""The local supervisor's process (`python -m pacer.supervisor <process>…`): `pacer dev up` starts
it beside the stack, and it starts any of the named processes again when it crashes. Which
processes there are is `pacer.processes`'s to say; how they are watched is
`infra.runtime.supervisor`'s."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from infra.runtime.stack import DevStack
from infra.runtime.supervisor import NAME, Supervisor, SupervisorProcess
from infra.settings import Settings
from pacer.processes import app_processes


def _stack(settings: Settings) -> DevStack:
    return DevStack(settings, app_processes(settings))


def supervisor_process(settings: Settings) -> SupervisorProcess:
    """How `pacer dev up` runs the supervisor, told which processes are local: its settings
    name every service by URL, as Pacer's processes get them, so it could not tell itself."""
    local = [service.name for service in _stack(settings).services if service.external_url is None]
    return SupervisorProcess(settings, NAME, [sys.executable, "-m", "pacer.supervisor", *local])


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    watched = [service for service in _stack(settings).services if service.name in sys.argv[1:]]
    Supervisor(watched, settings.var_path).run(stop)


if __name__ == "__main__":
    main()
