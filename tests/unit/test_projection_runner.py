"""The projection runner tells an outage from a bad event (only the latter is parked), and a
projection applies a batch as runs of consecutive events per handler."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest
from aiokafka import TopicPartition
from asyncpg import exceptions as pg
from sqlalchemy.exc import DBAPIError, OperationalError

from contracts.training.events import RunCorrected, RunDeleted, RunRecorded
from infra.consumers import is_transient
from infra.kafka import Record
from pacer.workload import run_body
from projections.consumer import rewind
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


def test_bad_data_is_not_transient_but_outages_are_even_when_wrapped() -> None:
    assert is_transient(ConnectionResetError())
    assert is_transient(OperationalError("x", {}, Exception("gone")))
    for outage in (pg.ConnectionDoesNotExistError(), pg.AdminShutdownError(),
                   pg.DeadlockDetectedError(), pg.QueryCanceledError(),
                   pg.TooManyConnectionsError()):  # fmt: skip
        assert is_transient(outage)
        driver = RuntimeError("driver")
        driver.__cause__ = outage
        wrapped = DBAPIError("INSERT …", {}, driver)
        assert is_transient(wrapped)
    assert not is_transient(ValueError("bad payload"))
    assert not is_transient(pg.NotNullViolationError())


class Consumer:
    """What `rewind` needs of an aiokafka consumer."""

    def __init__(self, assigned: set[TopicPartition]) -> None:
        self.assigned = assigned
        self.seeks: dict[TopicPartition, int] = {}

    def assignment(self) -> set[TopicPartition]:
        return self.assigned

    def seek(self, partition: TopicPartition, offset: int) -> None:
        self.seeks[partition] = offset


def test_a_failed_batch_and_the_one_polled_after_it_are_read_again_from_their_first_record() -> (
    None
):
    a, b, gone = (TopicPartition("pacer.training", n) for n in (0, 1, 2))
    applying = polled({a: [0, 1], b: [7]})
    following = polled({a: [2, 3], gone: [5]})
    consumer = Consumer({a, b})

    rewind(consumer, [applying, following])

    # Partition `a` back to 0 (not 2), `b` to 7; `gone` was revoked: its new owner reads it.
    assert consumer.seeks == {a: 0, b: 7}


def polled(offsets: dict[TopicPartition, list[int]]) -> Any:
    return SimpleNamespace(
        polled={p: [SimpleNamespace(offset=o) for o in found] for p, found in offsets.items()}
    )


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
