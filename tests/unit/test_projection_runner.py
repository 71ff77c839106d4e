"""The projection runner tells an outage from a bad event (only the latter is parked), and a
projection applies a batch as runs of consecutive events per handler."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy.exc import OperationalError

from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from infra.consumers import is_transient
from infra.kafka import Record
from pacer.workload import run_body
from projections.projection import Applied, Projection, on
from projections.runner import ProjectionRunner
from projections.training.runs import RunsProjection


class DownDatabase:
    """An engine whose every transaction fails as if PostgreSQL were unreachable."""

    def begin(self) -> Any:
        raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.sent: list[Record] = []

    async def send(self, record: Record, consumer: str, error: str) -> None:
        self.sent.append(record)


def a_record() -> Record:
    event = RunRecorded(run_id=uuid4(), athlete_id=uuid4(), **run_body())
    headers = [
        ("ce_id", str(uuid4()).encode()),
        ("ce_type", RunRecorded.event_type().encode()),
        ("ce_source", b"/pacer/training"),
        ("ce_specversion", b"1.0"),
        ("ce_time", b"2026-11-01T00:00:00Z"),
        ("ce_subject", b"run-1"),
        ("ce_aggregateid", b"run-1"),
        ("ce_aggregateversion", b"1"),
        ("ce_correlationid", b"test"),
    ]
    return Record("pacer.training", 0, 7, b"run-1", event.model_dump_json().encode(), headers)


async def test_an_outage_is_raised_for_a_later_retry_and_nothing_is_parked() -> None:
    dead_letters = RecordingDeadLetters()
    runner = ProjectionRunner(
        RunsProjection(),
        DownDatabase(),  # type: ignore[arg-type]
        dead_letters,
        retry_delay_s=0,
    )
    with pytest.raises(OperationalError):
        await runner.process([a_record()])
    assert dead_letters.sent == []


def test_bad_data_is_not_transient_but_lost_connections_are() -> None:
    assert is_transient(ConnectionResetError())
    assert is_transient(OperationalError("x", {}, Exception("gone")))
    assert not is_transient(ValueError("bad payload"))


class Calls(Projection):
    name = "calls"
    tables = ()

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[int]]] = []

    @on(RunRecorded, RunCorrected)
    async def upsert(self, sql: Any, events: Sequence[Applied[Any]]) -> None:
        self.calls.append(("upsert", [item.version for item in events]))

    @on(RunDeleted)
    async def delete(self, sql: Any, events: Sequence[Applied[Any]]) -> None:
        self.calls.append(("delete", [item.version for item in events]))


def applied(event_class: type[Any], version: int, run_id: Any = None) -> Applied[Any]:
    run_id = run_id or uuid4()
    fields = {"run_id": run_id, "athlete_id": uuid4()}
    if event_class is not RunDeleted:
        fields |= run_body()
    return Applied(event_class.model_validate(fields), uuid4(), str(run_id), version)


async def test_a_batch_is_applied_wave_by_wave_keeping_each_stream_s_order() -> None:
    projection = Calls()
    first, second, third = uuid4(), uuid4(), uuid4()
    batch = [
        applied(RunRecorded, 1, first), applied(RunCorrected, 2, first),
        applied(RunRecorded, 1, second), applied(RunDeleted, 3, first),
        applied(RunRecorded, 1, third), applied(RunDeleted, 2, second),
    ]  # fmt: skip

    await projection.apply(None, batch)  # type: ignore[arg-type]

    # Wave 1: every stream's first event, one call per handler; then the second events; ...
    assert projection.calls == [
        ("upsert", [1, 1, 1]), ("upsert", [2]), ("delete", [2]), ("delete", [3])
    ]  # fmt: skip
    assert projection.topics == ("pacer.training",)
