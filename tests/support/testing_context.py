"""A bounded context that exists only in tests, to prove the reactor and job runtimes over real
Kafka, Redis and PostgreSQL: a ping is sent; the `pinger` reactor acknowledges it, or hands an
echo job to Dramatiq, or fails, as the ping's `mode` says."""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal, Self
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from commands.aggregate import Aggregate
from commands.bus import Handler
from commands.unit_of_work import StoreFactories, UnitOfWork
from contracts.commands import Command, CommandAccepted
from contracts.events import DomainEvent
from contracts.personal import PersonalText
from infra.settings import Settings
from projections.projection import Projection
from workers.jobs import Job, Work
from workers.reactors import Reaction, Reactor

Mode = Literal["ack", "crash", "poison", "echo", "flaky", "bad", "broken", "slow"]
CRASH_MARKER = "PACER_TEST_CRASH_MARKER"
"""A file: the reactor process exits right after its effect unless the file exists (it creates
it first), so it crashes once between the effect and the ack."""
DELIVERIES = "PACER_TEST_DELIVERIES"
"""A file the reactor appends a line to each time a crashing ping is delivered to it."""


class TestingEvent(DomainEvent):
    context: ClassVar[str] = "testing"


class PingSent(TestingEvent):
    ping_id: UUID
    mode: Mode
    times: int = 1
    athlete_id: UUID | None = None
    words: PersonalText | None = None


class PingAcknowledged(TestingEvent):
    ping_id: UUID


class EchoProgressed(TestingEvent):
    ping_id: UUID
    fraction: float


class EchoRecorded(TestingEvent):
    ping_id: UUID
    echo: str


class EchoFailed(TestingEvent):
    ping_id: UUID
    reason: str


class SendPing(Command[CommandAccepted]):
    ping_id: UUID
    mode: Mode
    times: int = 1
    athlete_id: UUID | None = None
    words: str | None = None


class AcknowledgePing(Command[CommandAccepted]):
    ping_id: UUID


class ReportEchoProgress(Command[CommandAccepted]):
    ping_id: UUID
    fraction: float


class RecordEcho(Command[CommandAccepted]):
    ping_id: UUID
    echo: str


class ReportEchoFailure(Command[CommandAccepted]):
    ping_id: UUID
    reason: str


class Ping(Aggregate):
    stream_type = "ping"

    @classmethod
    def sent(cls, cmd: SendPing) -> Self:
        ping = cls(str(cmd.ping_id))
        ping.record(PingSent(ping_id=cmd.ping_id, mode=cmd.mode, times=cmd.times,
                             athlete_id=cmd.athlete_id, words=cmd.words))  # fmt: skip
        return ping

    def apply(self, event: DomainEvent) -> None:
        pass


async def send_ping(cmd: SendPing, uow: UnitOfWork) -> CommandAccepted:
    return await uow.save(Ping.sent(cmd))


async def acknowledge_ping(cmd: AcknowledgePing, uow: UnitOfWork) -> CommandAccepted:
    return await _record(uow, cmd.ping_id, PingAcknowledged(ping_id=cmd.ping_id))


async def report_echo_progress(cmd: ReportEchoProgress, uow: UnitOfWork) -> CommandAccepted:
    event = EchoProgressed(ping_id=cmd.ping_id, fraction=cmd.fraction)
    return await _record(uow, cmd.ping_id, event)


async def record_echo(cmd: RecordEcho, uow: UnitOfWork) -> CommandAccepted:
    return await _record(uow, cmd.ping_id, EchoRecorded(ping_id=cmd.ping_id, echo=cmd.echo))


async def report_echo_failure(cmd: ReportEchoFailure, uow: UnitOfWork) -> CommandAccepted:
    return await _record(uow, cmd.ping_id, EchoFailed(ping_id=cmd.ping_id, reason=cmd.reason))


async def _record(uow: UnitOfWork, ping_id: UUID, event: DomainEvent) -> CommandAccepted:
    ping = await uow.load(Ping, str(ping_id))
    ping.record(event)
    return await uow.save(ping)


class EchoRequest(BaseModel):
    ping_id: UUID
    mode: Mode
    times: int = 1
    athlete_id: UUID | None = None
    words: PersonalText | None = None


class EchoInputError(ValueError):
    """The echo cannot be made of this input."""


ATTEMPTS: Counter[UUID] = Counter()
"""Attempts at each echo in this process: a flaky echo fails its first `times` attempts."""


def make_echo(request: EchoRequest, work: Work) -> Command[Any]:
    ATTEMPTS[request.ping_id] += 1
    if request.mode == "bad":
        raise EchoInputError("an echo needs something to repeat")
    if request.mode == "broken" or (
        request.mode == "flaky" and ATTEMPTS[request.ping_id] <= request.times
    ):
        raise ConnectionError("the echo chamber is unreachable")
    if request.mode == "slow":
        time.sleep(5)
    for step in range(1, 5):
        work.progress(step, 4)
    if request.words:  # the words opened (their digest: an echo is not personal)
        return RecordEcho(ping_id=request.ping_id, echo=words_digest(request.words))
    return RecordEcho(ping_id=request.ping_id, echo=f"pong after {ATTEMPTS[request.ping_id]}")


def words_digest(words: str) -> str:
    return hashlib.sha256(words.encode()).hexdigest()[:16]


ECHO = Job(
    name="testing.echo",
    payload=EchoRequest,
    run=make_echo,
    failed=lambda request, reason: ReportEchoFailure(ping_id=request.ping_id, reason=reason),
    bad_input=(EchoInputError,),
    progress=lambda request, fraction: ReportEchoProgress(
        ping_id=request.ping_id, fraction=fraction
    ),
    time_limit_s=1.0,
    max_retries=2,
    min_backoff_s=0.05,
    max_backoff_s=0.2,
)

pinger = Reactor("pinger")


@pinger.on(PingSent)
async def answer(event: PingSent, reaction: Reaction) -> None:
    if event.mode == "poison":
        raise ValueError("this ping cannot be answered")
    if event.mode in ("ack", "crash"):
        if event.mode == "crash":
            _note_delivery(event.ping_id)
        await reaction.send(AcknowledgePing(ping_id=event.ping_id))
        if event.mode == "crash":
            _crash_once()
        return
    await reaction.enqueue(ECHO, EchoRequest(ping_id=event.ping_id, mode=event.mode,
                                             times=event.times, athlete_id=event.athlete_id,
                                             words=event.words))  # fmt: skip


PINGS = "pings"
"""A read model nobody projects: a test writes its positions by hand."""
patient = Reactor("patient")


@patient.on(PingSent, applied_by=PINGS)
async def answer_once_applied(event: PingSent, reaction: Reaction) -> None:
    await reaction.send(AcknowledgePing(ping_id=event.ping_id))


def _note_delivery(ping_id: UUID) -> None:
    if deliveries := os.environ.get(DELIVERIES):
        with Path(deliveries).open("a") as log:
            log.write(f"{ping_id}\n")


def _crash_once() -> None:
    marker = os.environ.get(CRASH_MARKER)
    if marker and not Path(marker).exists():
        Path(marker).touch()
        os._exit(17)  # between the effect and the ack: the worst moment to die


class TestingContext:
    name = "testing"

    def events(self) -> tuple[type[DomainEvent], ...]:
        return (PingSent, PingAcknowledged, EchoProgressed, EchoRecorded, EchoFailed)

    def handlers(self) -> tuple[Handler, ...]:
        return (send_ping, acknowledge_ping, report_echo_progress, record_echo,
                report_echo_failure)  # fmt: skip

    def stores(self) -> StoreFactories:
        return {}

    def dependencies(self, settings: Settings) -> Mapping[str, object]:
        return {}

    def command_router(self) -> APIRouter | None:
        return None

    def query_router(self) -> APIRouter | None:
        return None

    def projections(self) -> tuple[Projection, ...]:
        return ()

    def reactors(self) -> tuple[Reactor, ...]:
        return (pinger,)

    def jobs(self) -> tuple[Job[Any], ...]:
        return (ECHO,)


TESTING = TestingContext()


class PatientTestingContext(TestingContext):
    """The testing context with the `patient` reactor, which waits for the `pings` read
    model, instead of the `pinger`."""

    def reactors(self) -> tuple[Reactor, ...]:
        return (patient,)


PATIENT_TESTING = PatientTestingContext()
