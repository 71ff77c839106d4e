"""Set-based writes for projection handlers: a whole batch of rows in a couple of statements.

`upsert` copies the rows into a staging table (binary COPY, the cheapest way into PostgreSQL
from Python) and moves them with one statement that empties the stage as it merges (`DELETE …
RETURNING` feeding `INSERT … ON CONFLICT`). Measured on 5,000 runs: about 45 ms of wall time and
5 µs of Python per row, against 65 ms and 7 µs for one `unnest` upsert of parameter arrays. The
staging table is a temporary table of the session (created when missing, so a rolled-back
transaction that created it costs nothing), which needs session pooling, not PgBouncer's
transaction mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def driver(sql: AsyncConnection) -> Any:
    """The asyncpg connection under SQLAlchemy's, in the same transaction."""
    raw = (await sql.get_raw_connection()).driver_connection
    assert raw is not None
    return raw


async def upsert(
    sql: AsyncConnection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    key: str,
    newer: str | None = None,
) -> None:
    """Insert `rows` (values in `columns` order) into `table`, or replace the rows with the same
    `key`; with `newer`, only where the incoming row's `newer` column is greater. One row per key
    (a statement cannot change a row twice)."""
    raw = await driver(sql)
    stage = f"pacer_stage_{table}"
    # Unqualified: during a rebuild the search path puts the shadow table first. Every time: a
    # stage created by a transaction that rolled back is gone.
    await raw.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table}) ON COMMIT DELETE ROWS"
    )
    await raw.copy_records_to_table(stage, records=rows, columns=list(columns))
    listed = ", ".join(columns)
    changes = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns if column != key)
    only_newer = f" WHERE {table}.{newer} < EXCLUDED.{newer}" if newer else ""
    await raw.execute(
        f"WITH staged AS (DELETE FROM {stage} RETURNING {listed}) "  # noqa: S608
        f"INSERT INTO {table} ({listed}) SELECT {listed} FROM staged "
        f"ON CONFLICT ({key}) DO UPDATE SET {changes}{only_newer}"
    )


async def erase_rows(
    sql: AsyncConnection, accounts: Sequence[UUID], tables: Mapping[str, str | Sequence[str]]
) -> None:
    """Delete the erased `accounts`' rows, table by table in the order given: a table's rows go
    where one of its account columns names one of them (or where its condition, SQL using
    `:accounts`, holds)."""
    for table, where in tables.items():
        if isinstance(where, str):
            condition = where
        else:
            condition = " OR ".join(f"{column} = ANY(:accounts)" for column in where)
        await sql.execute(
            text(f"DELETE FROM {table} WHERE {condition}"),  # noqa: S608 - constants
            {"accounts": list(accounts)},
        )
