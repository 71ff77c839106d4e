"""The projections' set-based upsert on real PostgreSQL: a small batch (one statement of
parameter arrays) and a large one (staged through COPY) leave the same rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from projections import sql as projection_sql
from projections.sql import upsert
from tests.conftest import unique

pytestmark = pytest.mark.integration

COLUMNS = ("item_id", "version", "amount", "at", "note", "tags")
SCALARS = COLUMNS[:-1]


async def table_with(engine: AsyncEngine, columns: Sequence[str]) -> str:
    name = unique("upserted").replace("-", "_")
    kinds = {
        "item_id": "uuid PRIMARY KEY", "version": "integer NOT NULL", "amount": "numeric(6,2)",
        "at": "timestamptz", "note": "text", "tags": "text[]",
    }  # fmt: skip
    async with engine.begin() as connection:
        listed = ", ".join(f"{column} {kinds[column]}" for column in columns)
        await connection.execute(text(f"CREATE TABLE {name} ({listed})"))
    return name


async def upserted(
    engine: AsyncEngine, table: str, columns: Sequence[str], *batches: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    for batch in batches:
        async with engine.begin() as connection:
            # A statement through SQLAlchemy first, as a projection's lock is: it begins the
            # transaction on the driver's connection, which `upsert` uses.
            await connection.execute(text("SELECT 1"))
            await upsert(connection, table, columns, batch, key="item_id", newer="version")
    async with engine.connect() as connection:
        query = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608 - the test's own
        rows = await connection.execute(text(query))
        return sorted(tuple(row) for row in rows)


def batches(ids: list[UUID], with_tags: bool) -> list[list[tuple[Any, ...]]]:
    at = datetime(2026, 12, 4, 7, 30, tzinfo=UTC)

    def row(item: UUID, version: int) -> tuple[Any, ...]:
        values = (item, version, Decimal(version) / 4, at, f"note {version} of {item}")
        return (*values, [f"tag {version}", "second"]) if with_tags else values

    return [
        [row(item, 2) for item in ids],
        [row(ids[0], 1), row(ids[1], 3), row(ids[2], 2)],  # older, newer, the same version
    ]


async def test_a_small_batch_leaves_the_rows_a_staged_one_does(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [uuid4() for _ in range(5)]
    small = await table_with(engine, SCALARS)
    staged = await table_with(engine, SCALARS)

    in_one_statement = await upserted(engine, small, SCALARS, *batches(ids, with_tags=False))
    assert small in projection_sql._COLUMN_TYPES, "the one-statement path ran"
    monkeypatch.setattr(projection_sql, "SMALL_BATCH", 0)
    through_the_stage = await upserted(engine, staged, SCALARS, *batches(ids, with_tags=False))

    assert in_one_statement == through_the_stage
    versions = {row[0]: row[1] for row in in_one_statement}
    assert versions == {ids[0]: 2, ids[1]: 3, ids[2]: 2, ids[3]: 2, ids[4]: 2}
    assert {row[2] for row in in_one_statement} == {Decimal("0.50"), Decimal("0.75")}


async def test_a_column_of_arrays_is_staged_and_kept_whole(engine: AsyncEngine) -> None:
    # `unnest` of a two-dimensional array would flatten the tags into separate rows.
    ids = [uuid4() for _ in range(3)]
    table = await table_with(engine, COLUMNS)

    rows = await upserted(engine, table, COLUMNS, *batches(ids, with_tags=True))

    assert {row[0]: row[5] for row in rows} == {
        ids[0]: ["tag 2", "second"], ids[1]: ["tag 3", "second"], ids[2]: ["tag 2", "second"],
    }  # fmt: skip
