"""CPU priority between Pacer's processes on a shared host: the two APIs answer people (and
Strava, which gives up after 2 s) first, the pipeline's workers catch up. A burst then waits in
the outbox and in Kafka, which are built to hold it, instead of in the clients' requests."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
_AUTOGROUP = Path("/proc/self/autogroup")


def set_priority(nice: int) -> None:
    """Run this process, and the processes it starts, at `nice`. With Linux's autogroup
    scheduling each session (the supervisor starts every process in its own) is weighed as a
    whole, so the session's weight is set too; without it, the process's nice value is what
    counts. A priority above the default (below 0) needs CAP_SYS_NICE: without it the process
    stays at 0 and says so."""
    if nice == 0:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    except PermissionError as refused:
        log.warning("CPU priority %d not taken (%s): running at 0", nice, refused)
        return
    if _AUTOGROUP.exists():
        try:
            _AUTOGROUP.write_text(str(nice))
        except OSError as refused:  # not allowed here: the nice value still orders processes
            log.info("autogroup priority not set: %s", refused)


def yield_cpu(nice: int) -> None:
    """Run this pipeline process `nice` steps below the default (the APIs at it or above)."""
    set_priority(max(nice, 0))


def take_cpu(nice: int) -> None:
    """Run this API process at `nice` (0 or below): ahead of the pipeline, and of what shares
    the host with it (PostgreSQL, Kafka, a load generator), when answering is what counts."""
    set_priority(min(nice, 0))
