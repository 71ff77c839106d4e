"""CPU priority between Pacer's processes on a shared host: the two APIs answer people (and
Strava, which gives up after 2 s), the pipeline's workers catch up. A burst then waits in the
outbox and in Kafka, which are built to hold it, instead of in the clients' requests."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
_AUTOGROUP = Path("/proc/self/autogroup")


def yield_cpu(nice: int) -> None:
    """Run this process `nice` steps below the APIs. With Linux's autogroup scheduling each
    session (the supervisor starts every process in its own) is weighed as a whole, so the
    session's weight is lowered too; without it, the process's nice value is what counts."""
    if nice <= 0:
        return
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    if _AUTOGROUP.exists():
        try:
            _AUTOGROUP.write_text(str(nice))
        except OSError as refused:  # not allowed here: the nice value still orders processes
            log.info("autogroup priority not set: %s", refused)
