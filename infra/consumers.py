"""What every consumer of Pacer's topics (projections, reactors, jobs) shares: telling an outage
from a bad event, and parking the events it gives up on (`parked_events`, with the reason)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, RequestTimedOutError
from asyncpg import exceptions as pg
from pydantic import ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, StatementError
from sqlalchemy.ext.asyncio import AsyncConnection

from infra.blobs import BlobStoreUnavailableError
from infra.kafka import MAX_ERROR_HEADER, Record

OUTAGES = (
    OSError, TimeoutError,
    OperationalError, InterfaceError,  # SQLAlchemy's words for a database that is not there
    # PostgreSQL itself, as asyncpg reports it (also under SQLAlchemy's wrapper): a lost or
    # refused connection, a server shutting down or cancelling, a deadlock or serialization
    # failure, too many connections or out of memory or disk.
    pg.PostgresConnectionError, pg.InterfaceError, pg.OperatorInterventionError,
    pg.TransactionRollbackError, pg.InsufficientResourcesError,
    RedisConnectionError, RedisTimeoutError,
    KafkaConnectionError, KafkaTimeoutError, RequestTimedOutError,
    BlobStoreUnavailableError,  # S3 unreachable or failing on its side
)  # fmt: skip


def is_transient(error: BaseException) -> bool:
    """The database, Redis, Kafka or the network failed, not the event: retrying can succeed."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    seen: BaseException | None = error
    for _ in range(8):  # SQLAlchemy wraps the driver's error, which wraps PostgreSQL's
        if seen is None:
            break
        if isinstance(seen, OUTAGES):
            return True
        seen = seen.__cause__ or getattr(seen, "orig", None)
    return False


MAX_DESCRIPTION = MAX_ERROR_HEADER


def describe(error: BaseException) -> str:
    """The error's class and a short message that quotes no value: no SQL, no parameters,
    nothing an event or a user sent. It goes into dead-letter headers, `parked_events` and logs;
    since the messages of PostgreSQL, SQLAlchemy and pydantic quote values, their errors are
    described by codes and names instead."""
    name = type(error).__name__
    if isinstance(error, StatementError | pg.PostgresError | pg.InterfaceError):
        details = _database_details(error)
        return _short(f"{name}: {details}" if details else name)
    if isinstance(error, ValidationError):
        return _short(f"{name}: {_invalid_fields(error)}")
    lines = str(error).strip().splitlines()
    return _short(f"{name}: {lines[0]}" if lines else name)


def _database_details(error: BaseException) -> str:
    """The driver's error under SQLAlchemy's, and what PostgreSQL names: the SQLSTATE and the
    table, column and constraint."""
    deepest = error
    for _ in range(8):
        cause = deepest.__cause__ or getattr(deepest, "orig", None)
        if cause is None:
            break
        deepest = cause
    details = [type(deepest).__name__] if deepest is not error else []
    if isinstance(deepest, pg.PostgresError):
        named = {"table": deepest.table_name, "column": deepest.column_name,
                 "constraint": deepest.constraint_name}  # fmt: skip
        details.append(f"SQLSTATE {deepest.sqlstate}")
        details.extend(f"{kind} {value}" for kind, value in named.items() if value)
    return ", ".join(details)


def _invalid_fields(error: ValidationError) -> str:
    """Where and how the input was invalid (pydantic's messages would quote the input)."""
    problems = error.errors(include_url=False, include_context=False, include_input=False)
    return "; ".join(f"{'.'.join(map(str, p['loc'])) or 'value'}: {p['type']}" for p in problems)


def _short(description: str) -> str:
    if len(description) <= MAX_DESCRIPTION:
        return description
    return description[: MAX_DESCRIPTION - 1] + "…"


def event_type_of(record: Record) -> str | None:
    for name, value in record.headers:
        if name == "ce_type":
            return value.decode(errors="replace")
    return None


@dataclass(frozen=True)
class ParkedEvent:
    """An event a consumer gave up on, and why."""

    consumer: str
    event_id: UUID
    event_type: str
    stream_id: str
    version: int
    error: str


async def park(connection: AsyncConnection, parked: ParkedEvent) -> bool:
    """Record the event as parked; False when this consumer had parked it before (a rebuild
    meets again what the live projector parked)."""
    inserted = await connection.execute(
        text(
            "INSERT INTO parked_events (consumer, event_id, event_type, stream_id, version, error) "
            "VALUES (:c, :e, :t, :s, :v, :error) ON CONFLICT DO NOTHING RETURNING 1"
        ),
        {
            "c": parked.consumer,
            "e": parked.event_id,
            "t": parked.event_type,
            "s": parked.stream_id,
            "v": parked.version,
            "error": parked.error,
        },
    )
    return inserted.first() is not None
