"""What every consumer of Pacer's topics (projections, reactors, jobs) shares: telling an outage
from a bad event, and parking the events it gives up on (`parked_events`, with the reason)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, RequestTimedOutError
from asyncpg import exceptions as pg
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

from infra.kafka import Record

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


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


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
