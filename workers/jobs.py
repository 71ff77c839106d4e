"""Heavy work as Dramatiq actors on Redis (video analysis, meal planning, PDF rendering, remote
APIs), whose outcome comes back as a command.

A `Job` names its payload, its work and the commands that report on it:

- `run(payload, work)` does the work (synchronously, in a worker thread, within
  `time_limit_s`) and returns the command that records the result; `work` reports progress,
  hands out the process's tools (a blob store, say, built once from its settings) and runs
  coroutines on the worker's event loop;
- an error of a `bad_input` type is the input's fault: it is reported at once with `failed`,
  whose reason is always one printable line of at most 500 characters;
- an outage (database, Redis, Kafka, network) is retried with backoff, up to `max_retries`;
- `Later(delay_s)` means the work cannot go on yet (a remote API's rate window is full): the
  job goes back to the queue for that long (not a thread asleep), which is no failure;
- anything else, a time limit or retries running out is reported with `failed` too;
- `progress(payload, fraction)` is sent when `work.progress` says the work has advanced by a
  tenth or every few seconds, so progress is visible as events and in read models.

Every report goes through the command bus as Pacer's own actor `system:job:<name>`. The result
and the failure share one idempotency key per job, so a job has one outcome even when it runs
twice (a redelivered event, a worker killed after the work).

Personal data (`contracts/personal.py`) waits in Redis sealed: the payload's personal values are
sealed with its subject's key when the job is enqueued and opened with the keys read when it
runs. A job whose payload names an erased account (its subject, or a party such as a coach) is
dropped when it comes up: nothing is done for an account that is gone, whenever it was asked
(a payload that `erases_subject`, the erasure's own work, is the exception).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Protocol, TypeVar
from uuid import UUID

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware.asyncio import AsyncIO
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.bus import CommandBus
from commands.errors import ConcurrencyError, IdempotencyKeyReusedError
from contracts.commands import Command
from contracts.personal import (
    KEEP_SEALED,
    OPEN,
    SEAL,
    Opener,
    Sealing,
    accounts_of,
    sealed_subjects,
)
from infra.consumers import describe, is_transient
from infra.settings import Settings
from infra.subject_keys import KeyRing, ring_now

log = logging.getLogger(__name__)
P = TypeVar("P", bound=BaseModel)
T = TypeVar("T")
PROGRESS_STEP = 0.1
PROGRESS_EVERY_S = 5.0
MAX_REASON = 500
MAX_WAITS = 10_000  # a job that waits this often for its window has a problem of its own
LONGEST_TIME_LIMIT_S = 3600.0
"""No job runs longer: what waits for every job in flight (an erasure's late sweep) waits this."""


class Later(Exception):  # noqa: N818  (a request to wait, not an error)
    """The job cannot go on before `delay_s` from now; it waits in the queue, not a thread."""

    def __init__(self, delay_s: float, reason: str = "") -> None:
        super().__init__(reason or f"waiting {delay_s:.0f} s")
        self.delay_s = max(0.0, delay_s)


class JobError(Exception):
    """A job's unexpected error by its kind alone (what Dramatiq keeps with a retried or failed
    message, in Redis): the original's message may quote the payload's personal values."""

    def __init__(self, kind: str, *, transient: bool) -> None:
        super().__init__(kind)
        self.transient = transient


class Progress(Protocol):
    def __call__(self, done: float, total: float) -> None: ...


class Tools:
    """A job process's tools, each built once from its settings on first use (a blob store, a
    client of a remote API) and shared by the jobs that run there."""

    def __init__(self, settings: Settings | None) -> None:
        self.settings = settings
        self._built: dict[Callable[[Settings], Any], Any] = {}
        self._lock = threading.Lock()

    def get(self, build: Callable[[Settings], T]) -> T:
        with self._lock:
            if build not in self._built:
                if self.settings is None:
                    raise RuntimeError("this process only enqueues jobs; a job worker runs them")
                self._built[build] = build(self.settings)
            tool: T = self._built[build]
            return tool


class Work:
    """What a running job may use: `progress(done, total)`, `tool(build)` and `wait(coroutine)`
    (run it on the worker's event loop, where the tools' async clients live)."""

    def __init__(self, progress: Progress, tools: Tools) -> None:
        self.progress = progress
        self._tools = tools

    def tool(self, build: Callable[[Settings], T]) -> T:
        return self._tools.get(build)

    @staticmethod
    def wait(coroutine: Coroutine[Any, Any, T]) -> T:
        loop_thread = get_event_loop_thread()
        if loop_thread is None:
            coroutine.close()
            raise RuntimeError("the job worker's broker needs the AsyncIO middleware")
        result: T = loop_thread.run_coroutine(coroutine)
        return result


@dataclass(frozen=True)
class Job(Generic[P]):
    name: str
    payload: type[P]
    run: Callable[[P, Work], Command[Any]]
    failed: Callable[[P, str], Command[Any]]
    bad_input: tuple[type[Exception], ...] = ()
    progress: Callable[[P, float], Command[Any]] | None = None
    time_limit_s: float = 600.0
    max_retries: int = 3
    min_backoff_s: float = 2.0
    max_backoff_s: float = 60.0
    queue: str = "pacer"

    def __post_init__(self) -> None:
        if not 0 < self.time_limit_s <= LONGEST_TIME_LIMIT_S:
            raise ValueError(f"job {self.name}: a time limit is at most {LONGEST_TIME_LIMIT_S} s")

    @property
    def actor(self) -> Actor:
        return Actor.system(f"job:{self.name}")

    @property
    def failure_actor_name(self) -> str:
        return f"{self.name}.failed"


def one_line(reason: str) -> str:
    """A failure's reason as `failed` gets it: printable text on one line, at most
    `MAX_REASON` characters, never empty (error messages may hold anything)."""
    printable = "".join(char if char.isprintable() else " " for char in reason)
    return " ".join(printable.split())[:MAX_REASON] or "unknown error"


def job_broker(
    redis_url: str,
    namespace: str = "pacer",
    *,
    dead_worker_after_s: float = 60.0,
    checks_per_million: int = 1000,
) -> RedisBroker:
    """Dramatiq's Redis broker; `namespace` keeps deployments sharing a Redis apart. A worker
    that stops beating for `dead_worker_after_s` (killed mid-job) is dead: the next queue
    maintenance (on `checks_per_million` of the operations) puts its unfinished jobs back."""
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        url=redis_url,
        namespace=f"{namespace}.dramatiq",
        heartbeat_timeout=int(dead_worker_after_s * 1000),
        maintenance_chance=checks_per_million,
    )
    broker.add_middleware(AsyncIO())
    return broker


KeyReader = Callable[[set[UUID]], Coroutine[Any, Any, KeyRing]]
"""Reads the keys of some accounts as they are now (a job worker opens payloads with them)."""


def engine_keys(engine: AsyncEngine) -> KeyReader:
    """Keys read on `engine` (the job worker's own), never cached: a key erased a moment ago
    opens nothing."""

    return partial(ring_now, engine)


def opened_payload(job: Job[P], payload: dict[str, Any], keys: KeyReader | None) -> P | None:
    """The payload as the job runs with it, its personal values opened with the keys read now;
    None when it names an erased account (the job is dropped)."""
    kept = job.payload.model_validate(payload, context={KEEP_SEALED: True})
    named = accounts_of(kept)
    subjects = named | sealed_subjects(json.dumps(payload))
    if not subjects:
        return kept
    if keys is None:
        raise RuntimeError("a job worker needs the key store to run jobs about accounts")
    ring = Work.wait(keys(subjects))
    if named & ring.erased and not getattr(job.payload, "erases_subject", False):
        return None
    return job.payload.model_validate(payload, context={OPEN: Opener(ring.keys)})


class CommandSender(Protocol):
    def __call__(
        self, command: Command[Any], actor: Actor, key: str, correlation_id: str, causation_id: str
    ) -> None:
        """Send a command and wait for it (from a worker thread)."""


def bus_sender(bus: CommandBus, attempts: int = 5, backoff_s: float = 0.5) -> CommandSender:
    """Sends through `bus` on the worker's event-loop thread (Dramatiq's AsyncIO middleware).
    A send that meets an outage or a concurrent change is tried again here, so finished work is
    neither redone nor reported as failed for it."""

    def send(
        command: Command[Any], actor: Actor, key: str, correlation_id: str, causation_id: str
    ) -> None:
        async def dispatch() -> None:
            for attempt in range(1, attempts + 1):
                try:
                    await bus.dispatch(
                        command, actor, key,
                        correlation_id=correlation_id, causation_id=causation_id,
                    )  # fmt: skip
                    return
                except IdempotencyKeyReusedError:
                    log.warning("%s: %s already has another outcome; this one is dropped",
                                actor, key)  # fmt: skip
                    return
                except Exception as failure:  # the job's edge: retry what a retry can fix
                    retryable = is_transient(failure) or isinstance(failure, ConcurrencyError)
                    if not retryable or attempt == attempts:
                        raise
                    await asyncio.sleep(backoff_s * attempt)

        loop_thread = get_event_loop_thread()
        if loop_thread is None:
            raise RuntimeError("the job worker's broker needs the AsyncIO middleware")
        loop_thread.run_coroutine(dispatch())

    return send


def _never_sent(
    command: Command[Any], actor: Actor, key: str, correlation_id: str, causation_id: str
) -> None:
    raise RuntimeError("this process only enqueues jobs; a job worker runs them")


def settings_broker(settings: Settings) -> RedisBroker:
    """The deployment's broker, as its settings describe it."""
    return job_broker(
        settings.redis_dsn,
        settings.kafka_topic_prefix + "pacer",
        dead_worker_after_s=settings.job_dead_worker_after_s,
        checks_per_million=settings.job_queue_checks_per_million,
    )


def declare(
    broker: RedisBroker,
    jobs: Sequence[Job[Any]],
    send: CommandSender | None,
    settings: Settings | None = None,
    keys: KeyReader | None = None,
) -> None:
    """Declare each job's actor and its failure reporter on `broker`. A process that only
    enqueues declares them without a sender, settings (it builds no tools) or keys."""
    tools = Tools(settings)
    for job in jobs:
        _declare(broker, job, send or _never_sent, tools, keys)


def _declare(
    broker: RedisBroker, job: Job[P], send: CommandSender, tools: Tools, keys: KeyReader | None
) -> None:
    def retry_when(retries: int, error: BaseException) -> bool:
        if isinstance(error, dramatiq.Retry):  # a `Later`: waits are not failed attempts
            return retries < MAX_WAITS
        transient = error.transient if isinstance(error, JobError) else is_transient(error)
        return transient and retries < job.max_retries

    def perform(job_id: str, payload: dict[str, Any], correlation_id: str, cause: str) -> None:
        data = opened_payload(job, payload, keys)
        if data is None:
            log.info("job %s %s dropped: its account was erased", job.name, job_id)
            return
        progress = _Progress(job, data, job_id, correlation_id, cause, send)
        try:
            outcome = job.run(data, Work(progress, tools))
        except Later as wait:
            raise dramatiq.Retry(str(wait), delay=int(wait.delay_s * 1000) + 1) from None
        except job.bad_input as error:
            outcome = job.failed(data, one_line(str(error)))
        except Exception as error:  # the job's edge: the log has the story, Redis the kind
            log.warning("job %s %s: %s", job.name, job_id, describe(error), exc_info=error)
            raise JobError(type(error).__name__, transient=is_transient(error)) from None
        send(outcome, job.actor, f"{job_id}:outcome", correlation_id, cause)

    def report_failure(message: dict[str, Any], retries: dict[str, Any]) -> None:
        kwargs = message["kwargs"]
        data = opened_payload(job, kwargs["payload"], keys)
        if data is None:  # erased meanwhile: nobody to report to
            return
        last_line = (message["options"].get("traceback") or "unknown error").strip().splitlines()
        # The error's kind only: its message may quote the payload (a validation error quotes
        # its input), and the reason is recorded in an event in clear. The log has the rest.
        raised, _, said = last_line[-1].partition(":")
        kind = said.strip() if raised.endswith(JobError.__name__) else raised.strip()
        attempts = int(retries.get("retries", 0)) + 1
        reason = f"failed after {attempts} attempt{'s' * (attempts > 1)}: {kind}"
        send(
            job.failed(data, one_line(reason)), job.actor, f"{kwargs['job_id']}:outcome",
            kwargs["correlation_id"], kwargs["cause"],
        )  # fmt: skip

    backoff = {"min_backoff": int(job.min_backoff_s * 1000),
               "max_backoff": int(job.max_backoff_s * 1000)}  # fmt: skip
    work = {"time_limit": int(job.time_limit_s * 1000), "retry_when": retry_when,
            "on_retry_exhausted": job.failure_actor_name}  # fmt: skip
    # Reporting the failure is retried for as long as the outage lasts.
    report = {"retry_when": lambda retries, error: is_transient(error)}
    for name, function, options in ((job.name, perform, work),
                                     (job.failure_actor_name, report_failure, report)):  # fmt: skip
        dramatiq.Actor(function, broker=broker, actor_name=name, queue_name=job.queue,
                       priority=0, options={**backoff, **options})  # fmt: skip


def start_worker(broker: RedisBroker, threads: int) -> dramatiq.Worker:
    """Run `broker`'s actors in this process, as Dramatiq's own command line does: the process
    boot comes first (the time-limit watchdog starts there), then the worker threads."""
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker


class _Progress(Generic[P]):
    """Reports a job's progress by command, at most every tenth or every few seconds."""

    def __init__(
        self,
        job: Job[P],
        payload: P,
        job_id: str,
        correlation_id: str,
        cause: str,
        send: CommandSender,
    ) -> None:
        self.job, self.payload, self.job_id = job, payload, job_id
        self.correlation_id, self.cause, self.send = correlation_id, cause, send
        self.reported = 0.0
        self.at = time.monotonic()

    def __call__(self, done: float, total: float) -> None:
        if self.job.progress is None or total <= 0:
            return
        fraction = min(max(done / total, 0.0), 1.0)
        due = time.monotonic() - self.at >= PROGRESS_EVERY_S
        if fraction - self.reported < PROGRESS_STEP and not (due and fraction > self.reported):
            return
        self.reported, self.at = fraction, time.monotonic()
        key = f"{self.job_id}:progress:{round(fraction * 1000)}"
        command = self.job.progress(self.payload, fraction)
        try:
            self.send(command, self.job.actor, key, self.correlation_id, self.cause)
        except Exception as error:  # progress is a courtesy; the work goes on without it
            log.warning("job %s: progress not reported: %s", self.job_id, describe(error))


class JobQueue:
    """Hands jobs to the Dramatiq workers, once per job id: a mark in Redis (set after the
    message is enqueued, kept a week) turns a second enqueue of the same job (a redelivered
    event) into nothing. A crash between the enqueue and the mark can still enqueue a job twice;
    it then runs twice and still has one outcome."""

    MARK_TTL_S = 7 * 24 * 3600

    def __init__(self, broker: RedisBroker, jobs: Sequence[Job[Any]]) -> None:
        self.broker = broker
        declare(broker, jobs, None)

    async def enqueue(
        self,
        job: Job[P],
        job_id: UUID,
        payload: P,
        *,
        correlation_id: str,
        causation_id: str,
        delay_s: float | None = None,
        seal: Sealing | None = None,
    ) -> None:
        """Hand the job over; with `delay_s`, it runs no sooner than that (Dramatiq keeps it
        in Redis until then). `seal` seals the payload's personal values while it waits."""
        mark = f"{self.broker.namespace}:enqueued:{job_id}"
        if await asyncio.to_thread(self.broker.client.exists, mark):
            return
        message: dramatiq.Message[Any] = dramatiq.Message(
            queue_name=job.queue,
            actor_name=job.name,
            args=(),
            kwargs={
                "job_id": str(job_id),
                "payload": payload.model_dump(mode="json", context={SEAL: seal} if seal else None),
                "correlation_id": correlation_id,
                "cause": causation_id,
            },
            options={},
            message_id=str(job_id),
        )
        delay_ms = None if delay_s is None else int(delay_s * 1000)
        await asyncio.to_thread(partial(self.broker.enqueue, message, delay=delay_ms))
        await asyncio.to_thread(self.broker.client.set, mark, "1", ex=self.MARK_TTL_S)
