"""The projection runner tells a database outage from a bad event: only the latter is parked."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from contracts.events import RunRecorded
from projections.runner import ProjectionRunner, Record, is_transient
from projections.runs import RunsProjection


class DownDatabase:
    """An engine whose every transaction fails as if PostgreSQL were unreachable."""

    def begin(self) -> Any:
        raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.sent: list[Record] = []

    async def send(self, record: Record, projection: str, error: str) -> None:
        self.sent.append(record)


RECORD = Record(
    topic="pacer.training",
    partition=0,
    offset=7,
    key=b"run-1",
    value=b"{}",
    headers=[("ce_type", RunRecorded.event_type().encode())],
)


async def test_an_outage_is_raised_for_a_later_retry_and_nothing_is_dead_lettered() -> None:
    dead_letters = RecordingDeadLetters()
    runner = ProjectionRunner(
        RunsProjection(),
        DownDatabase(),  # type: ignore[arg-type]
        dead_letters,
        retry_delay_s=0,
    )
    with pytest.raises(OperationalError):
        await runner.process([RECORD])
    assert dead_letters.sent == []


def test_bad_data_is_not_transient_but_lost_connections_are() -> None:
    assert is_transient(ConnectionResetError())
    assert is_transient(OperationalError("x", {}, Exception("gone")))
    assert not is_transient(ValueError("bad payload"))
