"""Pacer's reactors process with the test-only context added: `python -m
tests.support.reactor_process`, started by a test like Pacer's own processes, so that the test
can kill it."""

from __future__ import annotations

import asyncio
import logging

from infra.settings import Settings
from pacer import bootstrap
from pacer.processes import react
from tests.support.testing_context import TESTING

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(react(Settings(), bootstrap.contexts([TESTING])))
